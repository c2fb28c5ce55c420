#ifndef THD_CLOCK_H
#define THD_CLOCK_H
#include <stdint.h>
int64_t clock_wall_ms(void); /* Unix time in milliseconds */
int64_t clock_mono_ms(void); /* monotonic, for timeouts and uptime */
int64_t clock_mono_us(void); /* monotonic microseconds, for latencies */
#endif
