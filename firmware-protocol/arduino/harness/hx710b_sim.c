/* Simulated HX710B: converts at its own (slightly off) rate, shifts 24 bits out MSB first on SCK rising edges. */
#include <math.h>
#include <stddef.h>
#include "avr_ioport.h"
#include "sim_cycle_timers.h"
#include "hx710b_sim.h"

static avr_t *g_avr;
static hx_params_t g_p;
static avr_irq_t *g_dout;
static uint32_t g_j;          /* conversions so far */
static int32_t g_value;       /* conversion being shifted out */
static int g_ready;
static int g_pulses;          /* SCK pulses since the data became ready */
static int g_mode_pulses = 27;
static int g_sck;
static uint32_t g_reads;
static char g_port;
static int g_dout_pin;

/* Drives DOUT. Also registered as the pin's "external" level, or simavr's pull-up model would override it on every
 * write to the port register (the firmware enables the pull-up to detect a missing sensor). */
static void set_dout(uint32_t level) {
  avr_ioport_external_t e = { .name = (unsigned long)g_port, .mask = 1u << g_dout_pin, .value = (level ? 1u : 0u) << g_dout_pin };
  avr_ioctl(g_avr, AVR_IOCTL_IOPORT_SET_EXTERNAL(g_port), &e);
  avr_raise_irq(g_dout, level);
}

int32_t hx_counts(const hx_params_t *p, uint32_t j) {
  double mmhg = p->offset_mmhg + p->amp_mmhg * sin(2.0 * M_PI * (double)(j % p->period_conv) / (double)p->period_conv);
  double c = round(mmhg * p->counts_per_mmhg);
  if (c > 8388607.0) c = 8388607.0;
  if (c < -8388608.0) c = -8388608.0;
  return (int32_t)c;
}

static double rate_now(void) { return g_mode_pulses == 25 ? g_p.rate_hz_40 / 4.0 : g_p.rate_hz_40; }

static avr_cycle_count_t convert(avr_t *avr, avr_cycle_count_t when, void *param) {
  (void)param;
  if (g_pulses >= 25) g_mode_pulses = g_pulses; /* the pulses after bit 24 chose this conversion's mode */
  if (g_pulses == 0 || g_pulses >= 25) {       /* not in the middle of a read */
    g_value = hx_counts(&g_p, g_j);
    g_j++;
    g_pulses = 0;
    g_ready = 1;
    set_dout(0);
  }
  return when + (avr_cycle_count_t)llround((double)avr->frequency / rate_now());
}

static void sck_changed(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq; (void)param;
  int rising = value && !g_sck;
  g_sck = value ? 1 : 0;
  if (!rising || !g_ready) { if (rising && !g_ready && g_pulses >= 25) g_pulses++; return; }
  g_pulses++;
  if (g_pulses <= 24) {
    set_dout(((uint32_t)g_value >> (24 - g_pulses)) & 1u);
  }
  if (g_pulses == 24) g_reads++;
  if (g_pulses == 25) { g_ready = 0; set_dout(1); }
}

void hx_attach(avr_t *avr, const hx_params_t *p, char port, int dout, int sck) {
  g_avr = avr;
  g_p = *p;
  g_port = port;
  g_dout_pin = dout;
  g_dout = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), dout);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), sck), sck_changed, NULL);
  set_dout(1);
  avr_cycle_timer_register(avr, (avr_cycle_count_t)llround((double)avr->frequency / rate_now()), convert, NULL);
}

uint32_t hx_reads(void) { return g_reads; }
uint32_t hx_conversions(void) { return g_j; }
