/* Simulator harness: runs a Loslaten firmware ELF in simavr with a known ADC waveform (or a simulated HX710B),
 * bridges its UART to a pty (pty_bridge.c, symlinked where asked), throttles simulated time to the wall clock and prints
 * timing statistics measured on the simulated cycle counter as "STAT {json}" lines on stdout.
 *
 *   loslaten-sim --elf build/loslaten-emg.elf --link /tmp/x/tty [--wave sine:AMP:PERIOD | const:C0:C1]
 *                [--speed 1.0] [--seconds S] [--stats-ms 250] [--hx] [--hx-hz 40.2] [--hx-offset 12.5]
 *                [--hx-amp 20] [--hx-period 64] [--hx-cpm 107400]
 *
 * EMG waveform, in centred ADC counts (raw = adc - 512), for sample n of the current stream (n restarts when the
 * firmware toggles its stream pin PB2): sine: ch c = round(AMP * sin(2*pi*(n + c*PERIOD/4) / PERIOD));
 * const: ch0 = C0, ch1 = C1. The injected millivolts are chosen so that simavr's ADC returns exactly 512 + raw. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "sim_avr.h"
#include "sim_elf.h"
#include "sim_irq.h"
#include "sim_interrupts.h"
#include "sim_cycle_timers.h"
#include "avr_adc.h"
#include "avr_ioport.h"
#include "avr_uart.h"
#include "pty_bridge.h"
#include "hx710b_sim.h"

#define VREF_MV 5000
#define VEC_TIMER1_COMPA 11
#define VEC_ADC 21
#define HIST 1024

static avr_t *avr;
static volatile sig_atomic_t stop_flag;
static const char *link_path;
static double wall_t0;

/* waveform */
static int wave_sine = 1;
static double wave_amp = 400;
static int wave_period = 50;
static int wave_const[2] = { 0, 0 };

/* per-stream state (reset on the PB2 toggle) */
static uint32_t streams;
static uint32_t adc_n;             /* samples started on channel 0 in this stream */
static uint32_t tick_n;            /* timer ISR entries in this stream */
static uint64_t tick_cycle[HIST];  /* entry cycle of timer ISR k (k & (HIST-1)) */
static uint64_t first_tick, last_tick;
static uint32_t lines_n;           /* sample lines sent in this stream */
static uint64_t first_line, last_line;
static uint64_t lat_max, lat_sum;  /* timer ISR entry -> last byte ('\n') of that sample's line written to UDR */
static uint64_t isr_busy, work_busy, stream_start_cycle;
static uint64_t isr_timer_max, isr_adc_max, isr_other_max, work_max;
/* global */
static uint64_t total_bytes, header_lines, event_lines, overrun_events;

static int32_t raw_for(uint32_t n, int ch) {
  if (!wave_sine) return wave_const[ch & 1];
  double ph = (double)((n + (uint32_t)(ch * wave_period / 4)) % (uint32_t)wave_period) / wave_period;
  return (int32_t)lround(wave_amp * sin(2.0 * M_PI * ph));
}

/* Millivolts for which simavr's ADC (reg = mV * 1023 / vref) yields exactly `adc`. */
static uint32_t mv_for_adc(int32_t adc) {
  if (adc < 0) adc = 0;
  if (adc > 1023) adc = 1023;
  uint32_t mv = (uint32_t)((adc * VREF_MV + 1022) / 1023);
  if ((mv * 1023u) / VREF_MV != (uint32_t)adc) { fprintf(stderr, "mv_for_adc: cannot hit %d\n", adc); exit(3); }
  return mv;
}

static void adc_trigger(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq; (void)param;
  union { avr_adc_mux_t mux; uint32_t v; } e = { .v = value };
  if (e.mux.kind != ADC_MUX_SINGLE) return;
  int ch = e.mux.src;
  if (ch > 1) return;
  uint32_t n = ch == 0 ? adc_n++ : (adc_n ? adc_n - 1 : 0);
  avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + ch), mv_for_adc(512 + raw_for(n, ch)));
}

static void reset_stream(void) {
  streams++;
  adc_n = tick_n = lines_n = 0;
  first_tick = last_tick = first_line = last_line = 0;
  lat_max = lat_sum = 0;
  isr_busy = work_busy = 0;
  isr_timer_max = isr_adc_max = isr_other_max = work_max = 0;
  stream_start_cycle = avr->cycle;
}

static uint32_t stream_pin_level;
static void stream_pin(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq; (void)param;
  value = value ? 1 : 0;
  if (value != stream_pin_level) { stream_pin_level = value; reset_stream(); }
}

static uint64_t work_since;
static void work_pin(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq; (void)param;
  if (value) work_since = avr->cycle;
  else if (work_since) {
    uint64_t d = avr->cycle - work_since;
    work_busy += d;
    if (d > work_max) work_max = d;
    work_since = 0;
  }
}

/* ISR accounting from the global "running vector" irq: value = vector on entry, outer vector (0) on reti. */
static uint64_t isr_since;
static int isr_vec;
static void isr_running(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq; (void)param;
  if (value) {
    isr_since = avr->cycle;
    isr_vec = (int)value;
    if (value == VEC_TIMER1_COMPA) {
      tick_cycle[tick_n & (HIST - 1)] = avr->cycle;
      if (tick_n == 0) first_tick = avr->cycle;
      last_tick = avr->cycle;
      tick_n++;
    }
  } else if (isr_since) {
    uint64_t d = avr->cycle - isr_since;
    isr_busy += d;
    uint64_t *m = isr_vec == VEC_TIMER1_COMPA ? &isr_timer_max : isr_vec == VEC_ADC ? &isr_adc_max : &isr_other_max;
    if (d > *m) *m = d;
    isr_since = 0;
  }
}

static double now_s(void);
static char line[300];
static int line_len;
static void uart_out(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq; (void)param;
  total_bytes++;
  if (value != '\n') { if (line_len < (int)sizeof line - 1) line[line_len++] = (char)value; return; }
  line[line_len] = 0;
  if (line[0] >= '0' && line[0] <= '9') {
    uint32_t seq = (uint32_t)strtoul(line, NULL, 10);
    if (lines_n == 0) first_line = avr->cycle;
    last_line = avr->cycle;
    lines_n++;
    /* seq k was taken by timer ISR k of this stream (k mod 65536); find the newest such entry */
    uint32_t k = (tick_n & ~0xFFFFu) | seq;
    if (k >= tick_n) k -= 0x10000u;
    if (k < tick_n && tick_n - k <= HIST) {
      uint64_t lat = avr->cycle - tick_cycle[k & (HIST - 1)];
      lat_sum += lat;
      if (lat > lat_max) lat_max = lat;
    }
  } else if (line[0] == '#') header_lines++;
  else if (line[0] == '!') { event_lines++; if (strncmp(line, "!error,overrun", 14) == 0) overrun_events++; }
  line_len = 0;
}

static void print_stats(const char *tag) {
  printf("%s {\"wallS\":%.3f,\"cycle\":%llu,\"freq\":%u,\"streams\":%u,\"streamStartCycle\":%llu,\"ticks\":%u,"
         "\"firstTickCycle\":%llu,\"lastTickCycle\":%llu,\"sampleLines\":%u,\"firstLineCycle\":%llu,"
         "\"lastLineCycle\":%llu,\"latMaxCycles\":%llu,\"latMeanCycles\":%.1f,\"isrBusyCycles\":%llu,"
         "\"workBusyCycles\":%llu,\"isrTimerMaxCycles\":%llu,\"isrAdcMaxCycles\":%llu,\"isrOtherMaxCycles\":%llu,"
         "\"workMaxCycles\":%llu,\"bytes\":%llu,\"headerLines\":%llu,\"eventLines\":%llu,\"overrunEvents\":%llu,"
         "\"hxConversions\":%u,\"hxReads\":%u,\"bridgeDrops\":%llu}\n",
         tag, now_s() - wall_t0, (unsigned long long)avr->cycle, avr->frequency, streams, (unsigned long long)stream_start_cycle, tick_n,
         (unsigned long long)first_tick, (unsigned long long)last_tick, lines_n, (unsigned long long)first_line,
         (unsigned long long)last_line, (unsigned long long)lat_max, lines_n ? (double)lat_sum / lines_n : 0.0,
         (unsigned long long)isr_busy, (unsigned long long)work_busy, (unsigned long long)isr_timer_max,
         (unsigned long long)isr_adc_max, (unsigned long long)isr_other_max, (unsigned long long)work_max,
         (unsigned long long)total_bytes, (unsigned long long)header_lines, (unsigned long long)event_lines,
         (unsigned long long)overrun_events, hx_conversions(), hx_reads(), (unsigned long long)pty_bridge_drops());
  fflush(stdout);
}

static void no_sleep(avr_t *a, avr_cycle_count_t how_long) { (void)a; (void)how_long; }
static void on_signal(int s) { (void)s; stop_flag = 1; }
static double now_s(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static void usage(void) {
  fprintf(stderr, "usage: loslaten-sim --elf FILE --link PATH [--wave sine:AMP:PERIOD|const:C0:C1] [--speed X]\n"
                  "       [--seconds S] [--stats-ms N] [--hx --hx-hz HZ --hx-offset MMHG --hx-amp MMHG --hx-period N --hx-cpm C]\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *elf = NULL;
  double speed = 1.0, seconds = 0, stats_ms = 250;
  int hx = 0;
  hx_params_t hp = { .rate_hz_40 = 40.2, .offset_mmhg = 12.5, .amp_mmhg = 20, .period_conv = 64, .counts_per_mmhg = 107400 };
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define ARG(name) (strcmp(a, name) == 0 && v && ++i)
    if (ARG("--elf")) elf = v;
    else if (ARG("--link")) link_path = v;
    else if (ARG("--speed")) speed = atof(v);
    else if (ARG("--seconds")) seconds = atof(v);
    else if (ARG("--stats-ms")) stats_ms = atof(v);
    else if (ARG("--hx-hz")) hp.rate_hz_40 = atof(v);
    else if (ARG("--hx-offset")) hp.offset_mmhg = atof(v);
    else if (ARG("--hx-amp")) hp.amp_mmhg = atof(v);
    else if (ARG("--hx-period")) hp.period_conv = (uint32_t)atoi(v);
    else if (ARG("--hx-cpm")) hp.counts_per_mmhg = atof(v);
    else if (ARG("--wave")) {
      if (sscanf(v, "sine:%lf:%d", &wave_amp, &wave_period) == 2 && wave_period > 0) wave_sine = 1;
      else if (sscanf(v, "const:%d:%d", &wave_const[0], &wave_const[1]) == 2) wave_sine = 0;
      else usage();
    } else if (strcmp(a, "--hx") == 0) hx = 1;
    else usage();
  }
  if (!elf || !link_path || speed <= 0 || hp.period_conv == 0) usage();

  elf_firmware_t f;
  memset(&f, 0, sizeof f);
  if (elf_read_firmware(elf, &f) != 0) { fprintf(stderr, "cannot read %s\n", elf); return 1; }
  if (!f.mmcu[0]) strcpy(f.mmcu, "atmega328p");
  if (!f.frequency) f.frequency = 16000000;
  avr = avr_make_mcu_by_name(f.mmcu);
  if (!avr) { fprintf(stderr, "unknown mcu %s\n", f.mmcu); return 1; }
  avr_init(avr);
  avr_load_firmware(avr, &f);
  avr->frequency = f.frequency;
  avr->avcc = avr->vcc = avr->aref = VREF_MV;
  avr->log = LOG_WARNING;
  avr->sleep = no_sleep; /* we throttle to the wall clock ourselves */

  if (pty_bridge_start(avr, '0', link_path) != 0) return 1;

  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_OUT_TRIGGER), adc_trigger, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), uart_out, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 0), work_pin, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 2), stream_pin, NULL);
  avr_irq_register_notify(avr_get_interrupt_irq(avr, AVR_INT_ANY) + AVR_INT_IRQ_RUNNING, isr_running, NULL);
  if (hx) hx_attach(avr, &hp, 'D', 2, 3);

  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  printf("READY {\"link\":\"%s\",\"pty\":\"%s\",\"elf\":\"%s\",\"freq\":%u,\"vrefMv\":%d,\"wave\":\"%s\",\"amp\":%g,"
         "\"period\":%d,\"const\":[%d,%d],\"hx\":%d,\"hxHz\":%g,\"hxOffsetMmHg\":%g,\"hxAmpMmHg\":%g,\"hxPeriod\":%u,"
         "\"hxCountsPerMmHg\":%g,\"speed\":%g}\n",
         link_path, pty_bridge_slave(), elf, avr->frequency, VREF_MV, wave_sine ? "sine" : "const", wave_amp, wave_period,
         wave_const[0], wave_const[1], hx, hp.rate_hz_40, hp.offset_mmhg, hp.amp_mmhg, hp.period_conv,
         hp.counts_per_mmhg, speed);
  fflush(stdout);

  const uint64_t f_hz = avr->frequency;
  const uint64_t stats_every = (uint64_t)(stats_ms * 1e-3 * f_hz);
  const uint64_t limit = seconds > 0 ? (uint64_t)(seconds * f_hz) : 0;
  uint64_t next_stats = stats_every, next_sync = 0;
  double t0 = now_s();
  wall_t0 = t0;
  int state = cpu_Running;
  while (!stop_flag && state != cpu_Done && state != cpu_Crashed) {
    state = avr_run(avr);
    if (avr->cycle >= next_sync) {
      next_sync = avr->cycle + f_hz / 2000; /* check every 0.5 ms of simulated time */
      double ahead = (double)avr->cycle / f_hz / speed - (now_s() - t0);
      if (ahead > 0.001) {
        struct timespec ts = { (time_t)ahead, (long)((ahead - (double)(time_t)ahead) * 1e9) };
        nanosleep(&ts, NULL);
      }
    }
    if (stats_every && avr->cycle >= next_stats) { next_stats += stats_every; print_stats("STAT"); }
    if (limit && avr->cycle >= limit) break;
  }
  print_stats("FINAL");
  if (state == cpu_Crashed) fprintf(stderr, "firmware crashed at pc 0x%x\n", avr->pc);
  unlink(link_path);
  _exit(state == cpu_Crashed ? 4 : 0); /* no joins or teardown: the bridge thread dies with us */
}
