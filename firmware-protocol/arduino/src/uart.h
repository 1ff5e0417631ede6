/* USART0 at 500000 baud (U2X): blocking transmit, interrupt-driven receive into a small ring, line assembly. */
#ifndef LL_UART_H
#define LL_UART_H
#include <stdint.h>

void uart_init(void);
/* Writes `n` bytes, waiting for the data register each time. */
void uart_write(const char *s, uint8_t n);
/* 1 when received bytes are waiting. */
uint8_t uart_rx_pending(void);
/* Collects received bytes into `buf`; returns 1 with a NUL-terminated line (no CR/LF) when one is complete.
 * Lines longer than `size - 1` are dropped whole. */
uint8_t uart_read_line(char *buf, uint8_t size);

#endif
