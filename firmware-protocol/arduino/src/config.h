/* Build-time configuration of the Loslaten reference sensor firmware: board constants, pins, identity. */
#ifndef LL_CONFIG_H
#define LL_CONFIG_H

#ifndef F_CPU
#define F_CPU 16000000UL
#endif

/* ---- identity (INFO answer: @Loslaten,<model>,<serial>,<firmware>) ---- */
#ifndef LL_SERIAL
#define LL_SERIAL "LL-000000"       /* set per unit: make SERIAL=LL-2026-0042 */
#endif
#define LL_FIRMWARE "1.0.0"

/* ---- UART: 500000 baud is exact at 16 MHz with U2X (UBRR = 3) ---- */
#define LL_BAUD 500000UL

/* ---- EMG front end ----
 * ADC reference: AVcc (nominally 5000 mV on an Uno powered from USB). The header's scale is
 * LL_VREF_MV * 1000 / 1024 / LL_EMG_GAIN  µV per count at the electrode (see README, "Boards and gain"). */
#ifndef LL_VREF_MV
#define LL_VREF_MV 5000UL
#endif
#ifndef LL_EMG_GAIN
#define LL_EMG_GAIN 1000UL          /* total front-end voltage gain, electrode -> ADC pin */
#endif
#ifndef LL_EMG_CHANNELS
#define LL_EMG_CHANNELS 2           /* 1: PF on A0; 2: PF on A0 and ABD on A1 */
#endif

/* ---- pressure (HX710B + MPS20N0040D) ----
 * LL_HX_COUNTS_PER_MMHG: HX710B counts per mmHg of the sensor module. Nominal from datasheet figures
 * (MPS20N0040D ~1.9 mV/kPa at 5 V, HX710B gain 128 at 5 V); calibrate each unit against a water column. */
#ifndef LL_HX_COUNTS_PER_MMHG
#define LL_HX_COUNTS_PER_MMHG 107400L
#endif
/* HX710B pins: DOUT on D2 (PD2), SCK on D3 (PD3). */
#define LL_HX_DOUT_BIT 2
#define LL_HX_SCK_BIT 3

/* ---- debug pins (PORTB; free on an Uno, handy for a scope and used by the simulator harness) ----
 * D8 (PB0) high while the main loop formats a line; D10 (PB2) toggles when a new stream starts (seq 0). */
#define LL_DBG_WORK_BIT 0
#define LL_DBG_STREAM_BIT 2

#endif
