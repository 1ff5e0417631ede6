/* Simulated HX710B 24-bit bridge ADC on two GPIO pins of a simavr AVR (DOUT driven, SCK watched). */
#ifndef LL_HX710B_SIM_H
#define LL_HX710B_SIM_H
#include <stdint.h>
#include "sim_avr.h"

typedef struct {
  double rate_hz_40;      /* conversion rate in "40 Hz" mode (27 pulses), e.g. 40.2 to model clock mismatch */
  double offset_mmhg;     /* pressure before any tare (atmospheric/sensor offset) */
  double amp_mmhg;        /* sine amplitude */
  uint32_t period_conv;   /* sine period in conversions */
  double counts_per_mmhg; /* sensor + ADC sensitivity */
} hx_params_t;

/* Pressure in counts of conversion number j (j counts from 0); the tests use the same formula. */
int32_t hx_counts(const hx_params_t *p, uint32_t j);
/* Attaches the chip to port `port` (DOUT on pin dout, SCK on pin sck) and starts converting. */
void hx_attach(avr_t *avr, const hx_params_t *p, char port, int dout, int sck);
/* Number of conversions the firmware has read completely (24 bits). */
uint32_t hx_reads(void);
uint32_t hx_conversions(void);

#endif
