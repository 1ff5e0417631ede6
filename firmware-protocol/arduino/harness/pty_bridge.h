/* UART <-> pseudo-terminal bridge for simavr with a large, lossless-until-full output buffer (drops are counted). */
#ifndef LL_PTY_BRIDGE_H
#define LL_PTY_BRIDGE_H
#include <stdint.h>
#include "sim_avr.h"

/* Opens a pty, connects it to UART `uart` ('0') of `avr` and links `link_path` to the pty's slave. 0 on success. */
int pty_bridge_start(avr_t *avr, char uart, const char *link_path);
/* Path of the pty slave (e.g. /dev/pts/3). */
const char *pty_bridge_slave(void);
/* Bytes the AVR sent that were dropped because the output buffer was full (the host stopped reading). */
uint64_t pty_bridge_drops(void);

#endif
