/*
** clock.h — the server's notion of "now".
**
** Nothing in bianmin reads the wall clock directly: deadlines, sessions and audit times all ask
** clock_now(). Normally that is the real time. A server started with --test-clock lets tests
** and demos move "now" (POST /api/v1/test/clock) to watch deadlines pass; the moved clock keeps
** ticking from the time it was set to.
*/
#ifndef BM_CLOCK_H
#define BM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

int64_t clock_now(void); /* epoch seconds */

/* Enables clock_set(); off by default and never on in production. */
void clock_enable_test_mode(void);
bool clock_test_mode(void);

/* Makes clock_now() answer `now` from this moment on (advancing with real time). Returns -1
 * when test mode is off. */
int clock_set(int64_t now);

/* Parses RFC 3339 "2025-09-26T09:00:00+08:00" / "...Z" into epoch seconds. Returns 0 or -1. */
int clock_parse_rfc3339(const char *text, int64_t *out);

/* Formats epoch seconds as "2025-09-26T09:00:00+08:00" (China time). */
#define CLOCK_TEXT_SIZE 48
void clock_format_rfc3339(int64_t t, char out[CLOCK_TEXT_SIZE]);

#endif
