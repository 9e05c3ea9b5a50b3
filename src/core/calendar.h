/*
** calendar.h — the official working-day calendar (工作日历).
**
** A working day is Monday–Friday, minus the announced public holidays ("off" days), plus the
** announced weekend make-up working days ("work" days, 调休上班). The State Council publishes each
** next year's arrangement around November, so the arrangement is data: a calendar knows only the
** years that were loaded, and any question that reaches outside them is an explicit error
** ("calendar_year_not_loaded"), never a guess.
**
** Deadlines are counted the way 限时办结 requires: the start day itself is not counted. Answers
** come from prefix sums over the loaded years, built once by calendar_build(), so adding N
** working days is a binary search, not a walk over the days.
**
** Life cycle: calendar_new(), then calendar_add_day() / calendar_load_csv() any number of times,
** then calendar_build(). After a successful build the calendar is immutable and may be shared
** by any number of threads. calendar_free() releases it.
*/
#ifndef BM_CALENDAR_H
#define BM_CALENDAR_H

#include "core/error.h"

#include <stdbool.h>

enum calendar_kind {
	CALENDAR_OFF,  /* statutory holiday or bridged day off */
	CALENDAR_WORK, /* weekend day that is a make-up working day */
};

struct calendar;

/* Returns an empty calendar (no year loaded). The caller owns it; calendar_free() releases it.
 * Never NULL (aborts on out-of-memory). */
struct calendar *calendar_new(void);
void calendar_free(struct calendar *cal);

/* Records one announced day and marks its year as loaded. `name` (e.g. "国庆节") is copied.
 * Recording a day again with the same kind is accepted and keeps the first name.
 * Fails with "calendar_built" (409) once the calendar is built, "calendar_conflict" (409) when
 * the same day was already recorded with another kind, and "calendar_workday_not_weekend" (400)
 * when a make-up working day is not a Saturday or Sunday. */
int calendar_add_day(struct calendar *cal, int date, enum calendar_kind kind, const char *name,
		     struct bm_error *err);

/* Parses CSV text in the format of data/cn-holidays.csv: lines "YYYY-MM-DD,off|work,name",
 * '#' comment lines and blank lines ignored, an optional header "date,kind,name" before the
 * first record; LF or CRLF line endings and a leading UTF-8 BOM are accepted. Fields are taken
 * verbatim (no quoting, no trimming); the name must not be empty.
 * On any bad line nothing at all is added and *err names the line number and what is wrong:
 * "calendar_csv_invalid" (400) for a malformed line, or the code calendar_add_day() would give
 * ("calendar_conflict", "calendar_workday_not_weekend", also between lines of the same file),
 * with the message prefixed "第 N 行：". Fails with "calendar_built" once built.
 * Returns the number of days that were new to the calendar (repeated days are not counted),
 * or -1. */
int calendar_load_csv(struct calendar *cal, const char *text, struct bm_error *err);

/* Precomputes the lookup tables. Loaded years must form one contiguous range (a gap is an
 * error, "calendar_year_gap", 409; the calendar then stays unbuilt and may be completed and
 * built again). Building with no year loaded succeeds: every query then answers
 * "calendar_year_not_loaded". Building an already built calendar does nothing. Returns 0 or -1. */
int calendar_build(struct calendar *cal, struct bm_error *err);

/* First and last loaded year; both 0 when nothing is loaded. */
void calendar_year_range(const struct calendar *cal, int *first, int *last);

/* All queries below need a built calendar ("calendar_not_built", 500, otherwise) and fail with
 * "calendar_year_not_loaded" (HTTP 409 semantics: the administrator must load that year) when a
 * date they need lies outside the loaded years. They never walk over days: each is O(1) or one
 * binary search. */

int calendar_is_working_day(const struct calendar *cal, int date, bool *out, struct bm_error *err);

/* The date that is n working days after `date` (date itself not counted). n >= 0 (a negative n
 * fails with "calendar_negative_days", 400); n == 0 answers `date` itself. The answer is always
 * a working day when n > 0. If it would fall after the last loaded year, the error names the
 * year after it. Example: accepted Wed 2025-04-30, n = 1 -> 2025-05-06.
 * Inverse of calendar_working_days_between(): between(date, add(date, n)) == n. */
int calendar_add_working_days(const struct calendar *cal, int date, int n, int *out,
			      struct bm_error *err);

/* Working days in (from, to]: after `from`, up to and including `to`. Negative when to < from
 * (the count of (to, from] negated). */
int calendar_working_days_between(const struct calendar *cal, int from, int to, int *out,
				  struct bm_error *err);

/* The name of the announced day ("春节", "国庆节调休"), or NULL for an ordinary day.
 * Works before and after calendar_build(). The string belongs to the calendar. */
const char *calendar_day_name(const struct calendar *cal, int date);

/* Calls fn for every announced day in date order, stopping at the first negative result,
 * which it returns. Works before and after calendar_build(). */
typedef int (*calendar_day_fn)(int date, enum calendar_kind kind, const char *name, void *ctx);
int calendar_each_day(const struct calendar *cal, calendar_day_fn fn, void *ctx);

#endif
