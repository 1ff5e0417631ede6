/* Pressure variant: HX710B (24-bit, bit-banged) polled from a Timer1 interrupt at the stream rate; mmHg with tare. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/pgmspace.h>
#include <util/delay.h>
#include "config.h"
#include "ll1.h"
#include "sampler.h"

#define DOUT _BV(LL_HX_DOUT_BIT)
#define SCK _BV(LL_HX_SCK_BIT)
/* Wire values are 0.01 mmHg; ±300 mmHg is far beyond what the module measures before it saturates. */
#define WIRE_MAX 30000L

static volatile int32_t latest;       /* newest HX710B reading (counts) */
static volatile uint8_t stale_ticks;  /* timer ticks since the last fresh reading */
static uint8_t extra_pulses = 3;      /* 25 pulses: next conversion at 10 Hz; 27: at 40 Hz */
static int32_t tare;
static uint8_t timeout_reported;
static uint16_t rate_now = LL_DEFAULT_RATE_HZ;

/* Clocks out one conversion (MSB first, data valid after each rising edge) plus the mode-select pulses.
 * SCK must not stay high for 60 µs or the chip powers down; each pulse here is well under 1 µs (datasheet minimum
 * 0.2 µs high and low), so a UART interrupt that preempts the read cannot push it anywhere near that limit. */
static int32_t hx_shift(void) {
  uint32_t v = 0;
  for (uint8_t i = 0; i < 24; i++) {
    PORTD |= SCK;
    _delay_us(0.25);
    PORTD &= (uint8_t)~SCK;
    v <<= 1;
    if (PIND & DOUT) v |= 1;
    _delay_us(0.25);
  }
  for (uint8_t i = 0; i < extra_pulses; i++) {
    PORTD |= SCK;
    _delay_us(0.25);
    PORTD &= (uint8_t)~SCK;
    _delay_us(0.25);
  }
  if (v & 0x800000UL) v |= 0xFF000000UL;
  return (int32_t)v;
}

/* Waits up to ~200 ms for a conversion (DOUT low) and reads it; returns 0 on timeout. */
static uint8_t hx_read_blocking(void) {
  for (uint16_t i = 0; i < 2000; i++) {
    if (!(PIND & DOUT)) {
      int32_t v = hx_shift();
      cli(); latest = v; stale_ticks = 0; sei();
      return 1;
    }
    _delay_us(100);
  }
  return 0;
}

void sampler_init(void) {
  DDRD |= SCK;
  PORTD &= (uint8_t)~SCK;
  DDRD &= (uint8_t)~DOUT;
  PORTD |= DOUT; /* pull-up: a missing sensor reads "not ready" */
}

uint8_t sampler_rate_supported(uint16_t hz) { return hz == 10 || hz == 40; }

/* Interrupts stay enabled during the ~30 µs read (ISR_NOBLOCK) so received command bytes are never overrun.
 * The timer cannot re-enter: its next tick is 25 ms away. */
ISR(TIMER1_COMPA_vect, ISR_NOBLOCK) {
  ll_raw_t v[1];
  if (!(PIND & DOUT)) {
    latest = hx_shift();
    stale_ticks = 0;
  } else if (stale_ticks < 255) {
    stale_ticks++;
  }
  v[0] = latest;
  ll_ring_push(v);
}

void sampler_start(uint16_t hz) {
  rate_now = hz;
  extra_pulses = hz == 10 ? 1 : 3;
  hx_read_blocking(); /* a fresh first value, and the chip switched to the requested conversion rate */
  timeout_reported = 0;
  TCCR1A = 0;
  TCCR1B = _BV(WGM12); /* CTC on OCR1A, clock still off */
  TCNT1 = 0;
  OCR1A = (uint16_t)(F_CPU / 64 / hz - 1); /* prescaler 64: 6249 (40 Hz), 24999 (10 Hz), exact */
  TIFR1 = _BV(OCF1A);
  TIMSK1 = _BV(OCIE1A);
  TCCR1B = _BV(WGM12) | _BV(CS11) | _BV(CS10);
}

void sampler_stop(void) {
  TIMSK1 = 0;
  TCCR1B = 0;
}

static const char channel[] PROGMEM = ",P:pressure:mmHg:0.01:-30000:30000";

void sampler_header_channels(void) { ll_puts_P(channel); }

int16_t sampler_wire_value(const ll_sample_t *s, uint8_t ch) {
  (void)ch;
  int32_t d = s->raw[0] - tare;
  int32_t half = LL_HX_COUNTS_PER_MMHG / 2;
  int32_t w = (d * 100 + (d >= 0 ? half : -half)) / LL_HX_COUNTS_PER_MMHG; /* |d| < 2^24: fits in 32 bits */
  if (w > WIRE_MAX) w = WIRE_MAX;
  if (w < -WIRE_MAX) w = -WIRE_MAX;
  return (int16_t)w;
}

void sampler_zero(uint8_t streaming) {
  if (!streaming) hx_read_blocking();
  cli();
  tare = latest;
  sei();
}

static const char ev_timeout[] PROGMEM = "!error,sensor-timeout";

uint8_t sampler_poll_event(uint8_t streaming) {
  if (!streaming) return 0;
  uint8_t stale = stale_ticks;
  if (stale == 0) { timeout_reported = 0; return 0; }
  if (timeout_reported || stale < rate_now / 2) return 0;
  timeout_reported = 1;
  ll_begin();
  ll_puts_P(ev_timeout);
  ll_end_send();
  return 1;
}
