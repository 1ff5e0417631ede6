/* Loslaten reference sensor firmware main loop: LL1 commands, header/sample/event lines from the sample ring. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include <util/delay.h>
#include "config.h"
#include "ll1.h"
#include "ring.h"
#include "sampler.h"
#include "uart.h"

volatile ll_sample_t ll_ring[LL_RING_SIZE];
volatile uint8_t ll_ring_head;
volatile uint8_t ll_ring_tail;
volatile uint16_t ll_seq;
volatile uint16_t ll_overruns;

static uint16_t rate_hz = LL_DEFAULT_RATE_HZ;
static uint8_t streaming;
static uint16_t next_seq;         /* seq the next sample line should carry; a different one means samples were lost */
static uint16_t since_header;     /* samples (including lost ones) since the last header */

#define DBG_WORK_ON() (PORTB |= _BV(LL_DBG_WORK_BIT))
#define DBG_WORK_OFF() (PORTB &= (uint8_t)~_BV(LL_DBG_WORK_BIT))

static const char ident_head[] PROGMEM = "@Loslaten," LL_MODEL "," LL_SERIAL "," LL_FIRMWARE;
static const char header_head[] PROGMEM = "#LL1,";
static const char ev_overrun[] PROGMEM = "!error,overrun,";
static const char ev_bad_rate[] PROGMEM = "!error,bad-rate,";
static const char ev_bad_command[] PROGMEM = "!error,bad-command";

static void send_ident(void) { ll_begin(); ll_puts_P(ident_head); ll_end_send(); }

static void send_header(void) {
  ll_begin();
  ll_puts_P(header_head);
  ll_putu16(rate_hz);
  sampler_header_channels();
  ll_end_send();
  since_header = 0;
}

static void send_overrun(uint16_t lost) {
  ll_begin();
  ll_puts_P(ev_overrun);
  ll_putu16(lost);
  ll_end_send();
}

static void stop_stream(void) {
  sampler_stop();
  ll_ring_tail = ll_ring_head; /* the ISR is off: drop what was not sent yet */
  streaming = 0;
}

/* (Re)starts the stream: header first, then samples from seq 0. */
static void start_stream(void) {
  if (streaming) stop_stream();
  cli();
  ll_ring_tail = ll_ring_head;
  ll_seq = 0;
  ll_overruns = 0;
  sei();
  next_seq = 0;
  send_header();
  PORTB ^= _BV(LL_DBG_STREAM_BIT); /* toggle: a new stream starts */
  streaming = 1;
  sampler_start(rate_hz);
}

static uint8_t parse_u16(const char *s, uint16_t *out) {
  uint32_t v = 0;
  uint8_t n = 0;
  for (; *s; s++, n++) {
    if (*s < '0' || *s > '9' || n >= 6) return 0;
    v = v * 10 + (uint8_t)(*s - '0');
  }
  if (n == 0 || v > 65535UL) return 0;
  *out = (uint16_t)v;
  return 1;
}

static uint8_t is(const char *a, const char *b_P) {
  return strcmp_P(a, b_P) == 0;
}

static const char c_info[] PROGMEM = "INFO";
static const char c_start[] PROGMEM = "START";
static const char c_stop[] PROGMEM = "STOP";
static const char c_zero[] PROGMEM = "ZERO";
static const char c_rate[] PROGMEM = "RATE ";
#ifdef LL_TEST_HOOKS
static const char c_stall[] PROGMEM = "STALL ";
#endif

static void handle_command(const char *cmd) {
  /* INFO: the ident, then the header, so a host learns the channels without starting the stream (PROTOCOL.md) */
  if (is(cmd, c_info)) { send_ident(); send_header(); return; }
  if (is(cmd, c_start)) {
    if (streaming) send_header(); /* already running: re-announce, keep seq (a restart would look like loss) */
    else start_stream();
    return;
  }
  if (is(cmd, c_stop)) { stop_stream(); return; }
  if (is(cmd, c_zero)) { sampler_zero(streaming); return; }
  if (strncmp_P(cmd, c_rate, 5) == 0) {
    uint16_t hz;
    if (parse_u16(cmd + 5, &hz) && sampler_rate_supported(hz)) {
      if (hz == rate_hz) { if (streaming) send_header(); return; } /* same stream: re-announce only */
      rate_hz = hz;
      if (streaming) start_stream(); /* new stream: header re-sent, seq from 0 */
    } else {
      ll_begin(); ll_puts_P(ev_bad_rate); ll_puts(cmd + 5); ll_end_send();
    }
    return;
  }
#ifdef LL_TEST_HOOKS
  /* Test build only: stall the main loop for <ms> while the interrupt keeps sampling (forces a ring overrun). */
  if (strncmp_P(cmd, c_stall, 6) == 0) {
    uint16_t ms;
    if (parse_u16(cmd + 6, &ms)) { while (ms--) _delay_ms(1); }
    return;
  }
#endif
  ll_begin(); ll_puts_P(ev_bad_command); ll_end_send();
}

/* Formats and sends the oldest sample in the ring (plus the periodic header and an overrun event before a gap). */
static void emit_sample(void) {
  DBG_WORK_ON();
  ll_sample_t s;
  uint8_t t = ll_ring_tail;
  s.seq = ll_ring[t].seq;
  for (uint8_t c = 0; c < LL_CHANNELS; c++) s.raw[c] = ll_ring[t].raw[c];
  ll_ring_tail = (uint8_t)((t + 1) & LL_RING_MASK);
  uint16_t lost = (uint16_t)(s.seq - next_seq);
  if (lost) { DBG_WORK_OFF(); send_overrun(lost); DBG_WORK_ON(); }
  since_header += lost;
  if (since_header >= rate_hz) { DBG_WORK_OFF(); send_header(); DBG_WORK_ON(); }
  since_header++;
  next_seq = (uint16_t)(s.seq + 1);
  ll_begin();
  ll_putu16(s.seq);
  for (uint8_t c = 0; c < LL_CHANNELS; c++) { ll_putc(','); ll_puti16(sampler_wire_value(&s, c)); }
  ll_end();
  DBG_WORK_OFF();
  ll_send();
}

int main(void) {
  DDRB |= _BV(LL_DBG_WORK_BIT) | _BV(LL_DBG_STREAM_BIT);
  uart_init();
  sampler_init();
  set_sleep_mode(SLEEP_MODE_IDLE);
  sei();
  /* silent until asked: a host that opens the port late would only see a torn first line */
  char cmd[24];
  for (;;) {
    while (uart_read_line(cmd, sizeof cmd)) handle_command(cmd);
    if (ll_ring_tail != ll_ring_head) { emit_sample(); continue; }
    if (sampler_poll_event(streaming)) continue;
    cli();
    if (ll_ring_tail == ll_ring_head && !uart_rx_pending()) {
      sleep_enable();
      sei();
      sleep_cpu(); /* the next interrupt (timer, ADC, UART RX) wakes us */
      sleep_disable();
    }
    sei();
  }
}
