/*
** stats_internal.h — what the files of the statistics module share (stats.c: counters and
** totals; stats_records.c: the records behind a figure; stats_series.c: the dashboard's series
** and summary). Not for use outside them.
*/
#ifndef BM_STATS_INTERNAL_H
#define BM_STATS_INTERNAL_H

#include "core/date.h"
#include "core/error.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* The stats_daily counters in enum stats_measure order, plain and summed. */
#define STATS_COLS                                                                                 \
	"s.received, s.completed, s.on_time, s.overdue, s.ratings, s.satisfied, s.bad, "           \
	"s.bad_rectified_on_time, s.warnings, s.yellow_cards, s.red_cards, s.petitions, "          \
	"s.petitions_on_time, s.petitions_closed, s.window_gaps, s.open_post_seconds, "            \
	"s.staffed_seconds, s.a_post_seconds"
#define STATS_SUMS                                                                                 \
	"SUM(s.received), SUM(s.completed), SUM(s.on_time), SUM(s.overdue), SUM(s.ratings), "      \
	"SUM(s.satisfied), SUM(s.bad), SUM(s.bad_rectified_on_time), SUM(s.warnings), "            \
	"SUM(s.yellow_cards), SUM(s.red_cards), SUM(s.petitions), SUM(s.petitions_on_time), "      \
	"SUM(s.petitions_closed), SUM(s.window_gaps), SUM(s.open_post_seconds), "                  \
	"SUM(s.staffed_seconds), SUM(s.a_post_seconds)"
/* The rows of a subtree (bind: path LIKE pattern, from day, to day). The subtree's orgs are
 * listed first and each one's days read as a range of the (org_code, day) primary key: joined
 * the other way round, the planner read every org's rows of the range by the day index and
 * dropped those outside the subtree, so each town's totals of a bulletin read the whole county's
 * year (12 subtrees × 48,000 rows on Baihe's counters). */
#define STATS_DAILY_IN_SCOPE                                                                       \
	"FROM stats_daily s JOIN orgs o ON o.code = s.org_code "                                   \
	"WHERE s.org_code IN (SELECT code FROM orgs WHERE path LIKE ?) "                           \
	"AND s.day >= ? AND s.day <= ?"

/* An org's subtree and a range of days, checked. */
struct stats_scope {
	char like[264];            /* the org's path and '%' */
	char from[DATE_TEXT_SIZE]; /* 'YYYY-MM-DD' */
	char to[DATE_TEXT_SIZE];
	int64_t from_epoch, to_epoch; /* [from 00:00, the day after `to` 00:00) in China time */
};

/* 404 "org_not_found" (field "org"), 400 "invalid_date" / "invalid_range" (field "from"/"to"). */
int stats_scope(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                struct stats_scope *out, struct bm_error *err);
int stats_org_path(struct db *db, const char *org_code, char *path, size_t size,
                   struct bm_error *err);
int stats_day_range(const char *from_day, const char *to_day, int *from, int *to,
                    struct bm_error *err);

#endif
