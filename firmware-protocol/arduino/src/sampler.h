/* The sampling side of one firmware variant: timer interrupt, sensor reads, header text and value conversion. */
#ifndef LL_SAMPLER_H
#define LL_SAMPLER_H
#include <stdint.h>
#include "ring.h"

/* Configures pins and peripherals; the timer stays off until sampler_start(). */
void sampler_init(void);
/* 1 when `hz` is a rate this variant can stream at. */
uint8_t sampler_rate_supported(uint16_t hz);
/* Starts the sampling timer at exactly `hz` (must be supported). The caller has reset seq and the ring. */
void sampler_start(uint16_t hz);
/* Stops the timer and waits until no sample is half-taken. */
void sampler_stop(void);
/* Appends the header channel list (",<label>:<kind>:<unit>:<scale>:<min>:<max>" per channel) to the line. */
void sampler_header_channels(void);
/* Wire value of channel `ch` of a sample taken from the ring (main loop context). */
int16_t sampler_wire_value(const ll_sample_t *s, uint8_t ch);
/* ZERO command: tare (pressure) or nothing (EMG). */
void sampler_zero(uint8_t streaming);
/* Main-loop hook: appends and sends an event line if the sensor has one pending (returns 1 if it sent one). */
uint8_t sampler_poll_event(uint8_t streaming);

#endif
