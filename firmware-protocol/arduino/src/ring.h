/* Sample ring buffer between the sampling interrupt (producer) and the main loop (consumer); overruns are counted. */
#ifndef LL_RING_H
#define LL_RING_H
#include <stdint.h>
#include "variant.h"

/* One sample: its sequence number and one raw value per channel (type from variant.h). */
typedef struct {
  uint16_t seq;
  ll_raw_t raw[LL_CHANNELS];
} ll_sample_t;

#define LL_RING_MASK (LL_RING_SIZE - 1)

extern volatile ll_sample_t ll_ring[LL_RING_SIZE];
extern volatile uint8_t ll_ring_head;      /* written by the ISR only */
extern volatile uint8_t ll_ring_tail;      /* written by the main loop only */
extern volatile uint16_t ll_seq;           /* next sequence number (ISR) */
extern volatile uint16_t ll_overruns;      /* samples dropped because the ring was full (ISR increments) */

/* Called only from the sampling ISR (the single producer): stores the sample or counts an overrun; seq always advances,
 * so a dropped sample shows up as a gap on the wire. */
static inline void ll_ring_push(const ll_raw_t *raw) {
  uint8_t h = ll_ring_head;
  uint8_t next = (uint8_t)((h + 1) & LL_RING_MASK);
  if (next == ll_ring_tail) {
    ll_overruns++;
  } else {
    volatile ll_sample_t *s = &ll_ring[h];
    s->seq = ll_seq;
    for (uint8_t c = 0; c < LL_CHANNELS; c++) s->raw[c] = raw[c];
    ll_ring_head = next;
  }
  ll_seq++;
}

#endif
