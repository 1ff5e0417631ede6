/* LL1 protocol v1 line builder: decimal formatting without division, XOR checksum, "*HH\n" framing. */
#include <avr/pgmspace.h>
#include "ll1.h"
#include "uart.h"

#define LL_LINE_MAX 120 /* longest line this firmware builds (a 2-channel header is ~80 bytes) */

static char line[LL_LINE_MAX + 5];
static uint8_t len;
static uint8_t cs;

void ll_begin(void) { len = 0; cs = 0; }

void ll_putc(char c) {
  if (len < LL_LINE_MAX) { line[len++] = c; cs ^= (uint8_t)c; }
}

void ll_puts(const char *s) { while (*s) ll_putc(*s++); }

void ll_puts_P(const char *s) {
  char c;
  while ((c = (char)pgm_read_byte(s++)) != 0) ll_putc(c);
}

static const uint16_t pow10_16[] PROGMEM = { 10000, 1000, 100, 10 };

/* Decimal by repeated subtraction: at most 9 subtractions per digit, no 16-bit division on an AVR. */
void ll_putu16(uint16_t v) {
  uint8_t started = 0;
  for (uint8_t i = 0; i < 4; i++) {
    uint16_t p = pgm_read_word(&pow10_16[i]);
    char d = '0';
    while (v >= p) { v -= p; d++; }
    if (started || d != '0') { ll_putc(d); started = 1; }
  }
  ll_putc((char)('0' + v));
}

void ll_puti16(int16_t v) {
  if (v < 0) { ll_putc('-'); ll_putu16((uint16_t)(-(int32_t)v)); }
  else ll_putu16((uint16_t)v);
}

void ll_putu32(uint32_t v) {
  char tmp[10];
  uint8_t n = 0;
  do { tmp[n++] = (char)('0' + (v % 10)); v /= 10; } while (v);
  while (n) ll_putc(tmp[--n]);
}

static char hex(uint8_t n) { return (char)(n < 10 ? '0' + n : 'A' + n - 10); }

uint8_t ll_end(void) {
  uint8_t c = cs;
  line[len++] = '*';
  line[len++] = hex(c >> 4);
  line[len++] = hex(c & 15);
  line[len++] = '\n';
  return len;
}

void ll_send(void) { uart_write(line, len); }

void ll_end_send(void) { ll_end(); ll_send(); }
