/* LL1 protocol v1 line builder: appends fields to one line, keeps the XOR checksum, sends it over the UART. */
#ifndef LL_LL1_H
#define LL_LL1_H
#include <stdint.h>

/* Starts a new line. */
void ll_begin(void);
void ll_putc(char c);
void ll_puts(const char *s);
/* Appends a string from program memory. */
void ll_puts_P(const char *s);
void ll_putu16(uint16_t v);
void ll_puti16(int16_t v);
void ll_putu32(uint32_t v);
/* Appends "*HH\n" and writes the line to the UART (blocking). */
void ll_end_send(void);
/* Formats into the buffer without sending: appends "*HH\n" and returns the length. */
uint8_t ll_end(void);
/* Sends the finished line (after ll_end). */
void ll_send(void);

#endif
