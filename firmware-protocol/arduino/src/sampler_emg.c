/* EMG variant: Timer1 interrupt at the exact rate starts the ADC; the ADC interrupt reads A0 (and A1) into the ring. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/pgmspace.h>
#include "config.h"
#include "ll1.h"
#include "sampler.h"

/* ADC clock = 16 MHz / 128 = 125 kHz: 104 µs per conversion, both channels done well inside 500 µs (2000 Hz). */
#define ADCSRA_RUN (_BV(ADEN) | _BV(ADIE) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0))
#define ADMUX_BASE _BV(REFS0) /* reference AVcc, right adjusted */

static volatile uint8_t adc_ch = LL_CHANNELS; /* channel being converted; LL_CHANNELS = idle */
static ll_raw_t cur[LL_CHANNELS];
static char scale_text[20];

/* scale = Vref[µV] / 1024 / gain, printed exactly (the quotient of two integers, at most 12 decimals). */
static void make_scale_text(void) {
  uint32_t num = LL_VREF_MV * 1000UL;
  uint32_t den = 1024UL * LL_EMG_GAIN;
  uint32_t q = num / den;
  uint32_t r = num % den;
  uint8_t n = 0;
  char tmp[10];
  uint8_t k = 0;
  do { tmp[k++] = (char)('0' + q % 10); q /= 10; } while (q);
  while (k) scale_text[n++] = tmp[--k];
  if (r) {
    scale_text[n++] = '.';
    for (uint8_t d = 0; d < 12 && r; d++) {
      r *= 10;
      scale_text[n++] = (char)('0' + r / den);
      r %= den;
    }
  }
  scale_text[n] = 0;
}

void sampler_init(void) {
  DIDR0 = (uint8_t)((1 << LL_CHANNELS) - 1); /* digital input buffers off on the analog pins */
  ADMUX = ADMUX_BASE;
  /* enable now (interrupt off) so the slow first conversion happens before any stream */
  ADCSRA = ADCSRA_RUN & (uint8_t)~_BV(ADIE);
  ADCSRA = (ADCSRA_RUN & (uint8_t)~_BV(ADIE)) | _BV(ADSC);
  while (ADCSRA & _BV(ADSC)) {}
  ADCSRA = ADCSRA_RUN | _BV(ADIF); /* clear the flag, interrupt on */
  make_scale_text();
}

uint8_t sampler_rate_supported(uint16_t hz) { return hz == 500 || hz == 1000 || hz == 2000; }

ISR(TIMER1_COMPA_vect) {
  adc_ch = 0;
  ADMUX = ADMUX_BASE;
  ADCSRA = ADCSRA_RUN | _BV(ADSC);
}

ISR(ADC_vect) {
  uint8_t ch = adc_ch;
  if (ch >= LL_CHANNELS) return; /* not part of a sample */
  cur[ch] = (int16_t)ADC - 512;
  ch++;
  if (ch < LL_CHANNELS) {
    adc_ch = ch;
    ADMUX = ADMUX_BASE | ch;
    ADCSRA = ADCSRA_RUN | _BV(ADSC);
  } else {
    adc_ch = LL_CHANNELS;
    ll_ring_push(cur);
  }
}

void sampler_start(uint16_t hz) {
  TCCR1A = 0;
  TCCR1B = _BV(WGM12); /* CTC on OCR1A, clock still off */
  TCNT1 = 0;
  OCR1A = (uint16_t)(F_CPU / hz - 1); /* prescaler 1: 32000/16000/8000 cycles, exact */
  TIFR1 = _BV(OCF1A);
  TIMSK1 = _BV(OCIE1A);
  TCCR1B = _BV(WGM12) | _BV(CS10); /* CTC on OCR1A */
}

void sampler_stop(void) {
  TIMSK1 = 0;
  TCCR1B = 0;
  while (adc_ch < LL_CHANNELS) {}
}

static const char label_pf[] PROGMEM = ",PF:emg:uV:";
static const char label_abd[] PROGMEM = ",ABD:emg:uV:";
static const char range[] PROGMEM = ":-512:511";

void sampler_header_channels(void) {
  for (uint8_t c = 0; c < LL_CHANNELS; c++) {
    ll_puts_P(c == 0 ? label_pf : label_abd);
    ll_puts(scale_text);
    ll_puts_P(range);
  }
}

int16_t sampler_wire_value(const ll_sample_t *s, uint8_t ch) { return s->raw[ch]; }

void sampler_zero(uint8_t streaming) { (void)streaming; /* raw EMG has no tare: the app removes the offset */ }

uint8_t sampler_poll_event(uint8_t streaming) { (void)streaming; return 0; }
