/* Per-variant sample layout (selected by -DLL_VARIANT_EMG or -DLL_VARIANT_PRESSURE): channels, raw type, ring size. */
#ifndef LL_VARIANT_H
#define LL_VARIANT_H
#include <stdint.h>
#include "config.h"

#if defined(LL_VARIANT_EMG)
#define LL_CHANNELS LL_EMG_CHANNELS
typedef int16_t ll_raw_t;            /* centred ADC count: adc - 512, -512..511 */
#define LL_RING_SIZE 128             /* 64 ms at 2000 Hz */
#define LL_MODEL "DIY-EMG"
#define LL_DEFAULT_RATE_HZ 2000
#elif defined(LL_VARIANT_PRESSURE)
#define LL_CHANNELS 1
typedef int32_t ll_raw_t;            /* HX710B reading, 24-bit signed, sign-extended */
#define LL_RING_SIZE 16
#define LL_MODEL "DIY-Pressure"
#define LL_DEFAULT_RATE_HZ 40
#else
#error "define LL_VARIANT_EMG or LL_VARIANT_PRESSURE"
#endif

#endif
