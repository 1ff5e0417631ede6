/* USART0 at 500000 baud (U2X): blocking transmit, interrupt-driven receive into a small ring, line assembly. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include "config.h"
#include "uart.h"

#define RX_SIZE 64
#define RX_MASK (RX_SIZE - 1)

static volatile uint8_t rx_buf[RX_SIZE];
static volatile uint8_t rx_head;
static uint8_t rx_tail;
static uint8_t line_len;
static uint8_t line_overflow;

void uart_init(void) {
  UCSR0A = _BV(U2X0);
  UBRR0 = (uint16_t)(F_CPU / (8UL * LL_BAUD) - 1); /* 3 -> exactly 500000 baud */
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);              /* 8N1 */
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

ISR(USART_RX_vect) {
  uint8_t c = UDR0;
  uint8_t next = (uint8_t)((rx_head + 1) & RX_MASK);
  if (next != rx_tail) { rx_buf[rx_head] = c; rx_head = next; }
}

void uart_write(const char *s, uint8_t n) {
  for (uint8_t i = 0; i < n; i++) {
    while (!(UCSR0A & _BV(UDRE0))) {}
    UDR0 = (uint8_t)s[i];
  }
}

uint8_t uart_rx_pending(void) { return rx_head != rx_tail; }

uint8_t uart_read_line(char *buf, uint8_t size) {
  while (rx_tail != rx_head) {
    char c = (char)rx_buf[rx_tail];
    rx_tail = (uint8_t)((rx_tail + 1) & RX_MASK);
    if (c == '\r') continue;
    if (c == '\n') {
      uint8_t ok = !line_overflow;
      buf[line_len] = 0;
      line_len = 0;
      line_overflow = 0;
      if (ok) return 1;
      continue;
    }
    if (line_len < size - 1) buf[line_len++] = c;
    else line_overflow = 1;
  }
  return 0;
}
