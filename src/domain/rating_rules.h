/*
** rating_rules.h — the pure rules of 好差评 (requirements.md §3): the five levels and which
** are 差评, the rating channels, the supplementary-rating (追评) window, the rectification due
** date, and the two published rates. No storage, no clock: callers pass days and counts.
**
** Definitions (also in docs/architecture.md):
**   satisfaction rate  = (非常满意 + 满意 + 基本满意) / counted ratings
**   rectification rate = 差评 rectified on or before their due date / counted 差评
** "Counted" leaves out ratings excluded by an upheld appeal. A rate with nothing to count is
** undefined (-1 here, null in JSON), never 0 or 100 %.
*/
#ifndef BM_RATING_RULES_H
#define BM_RATING_RULES_H

#include "core/error.h"

#include <stdbool.h>
#include <stdint.h>

struct calendar;

enum rating_level {
	RATING_VERY_SATISFIED,
	RATING_SATISFIED,
	RATING_BASIC,
	RATING_DISSATISFIED,
	RATING_VERY_DISSATISFIED,
	RATING_LEVEL_COUNT
};

/* NULL-terminated names in level order ("very_satisfied" …), for validation tables. */
extern const char *const rating_level_names[];
const char *rating_level_label(enum rating_level level); /* "非常满意" */
int rating_level_parse(const char *name, enum rating_level *out); /* 0 or -1 */
bool rating_level_is_bad(enum rating_level level);                /* 差评: the last two */

/* NULL-terminated channel names: "onsite" (QR or tablet at the venue), "online" (progress
 * page), "paper" (a paper form entered by staff). */
extern const char *const rating_channel_names[];

#define RATING_SUPPLEMENT_DAYS_DEFAULT 15 /* calendar days after the first rating */
#define RECTIFY_WORKING_DAYS_DEFAULT 5

/* True when a 追评 on `day` is still allowed after a first rating on `first_day` (dates as
 * date.h day numbers): within `period` calendar days, the first day not counted. */
bool rating_supplement_open(int first_day, int day, int period);

/* The due date of the rectification of a 差评 given on `day`: `days` working days later on the
 * calendar; when no calendar is loaded for those dates (cal NULL or years missing), Monday to
 * Friday count as working days, so a citizen's rating never fails for want of a calendar. */
int rectify_due_date(const struct calendar *cal, int day, int days, int *out);

/* A rate in per mille (0..1000, rounded half up) of part over whole; -1 when whole is 0. */
int rating_rate_permille(int64_t part, int64_t whole);

#endif
