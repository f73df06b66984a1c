// The monotonic clock deadlines and latencies are measured with.
#ifndef RS_CLOCK_H
#define RS_CLOCK_H

#include <stdint.h>
#include <time.h>

// Milliseconds on CLOCK_MONOTONIC (unaffected by wall-clock changes).
static inline uint64_t clock_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

#endif
