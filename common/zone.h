#ifndef THD_ZONE_H
#define THD_ZONE_H
/* The province's timezone. A date people read (a deadline passed, the day a
 * disclosure opened, the time in a history line) is the province's on the
 * broker and on every client alike, whatever clock the machine runs on: a
 * server kept in UTC must not print yesterday's date after 17:00. */
#define ZONE_DEFAULT "Asia/Ho_Chi_Minh"
#define ZONE_DIR     "/usr/share/zoneinfo"

/* Whether tz names a zone under ZONE_DIR (a name, not a path). */
int zone_known(const char *tz);
/* Makes tz the process's timezone (TZ, then tzset) so that localtime_r
 * follows it; -1, changing nothing, when zone_known(tz) is false. Call at
 * start, before other threads read the clock. */
int zone_set(const char *tz);
#endif
