/*
** workcal.h — the working-day calendar as the system keeps it.
**
** The announced days live in the calendar_days table; an administrator adds each new year's
** arrangement with `bianmin calendar load FILE`. A fresh system (init or demo) starts with the
** arrangements bundled into the binary from data/cn-holidays.csv.
**
** The server shares one built calendar between its threads. workcal_acquire() hands out a
** reference and reloads from the database when the calendar changed (a "calendar_version"
** setting bumped by every import; checked at most every few seconds), so a load made by the
** CLI or another server process reaches every server without a restart.
*/
#ifndef BM_WORKCAL_H
#define BM_WORKCAL_H

#include "core/calendar.h"
#include "domain/audit.h"

#include <stdbool.h>

struct db;

/* The arrangements bundled at build time (build/gen/bundled.c). */
extern const char bundled_holidays_csv[];

/* Validates CSV text against the days already stored (all or nothing) and stores its days.
 * Must run inside a transaction. Returns the number of days new to the calendar (a day
 * already stored with the same kind and name is not counted), or -1. */
int workcal_import_csv(struct db *db, const char *text, const struct audit_actor *actor,
		       int64_t now, struct bm_error *err);

/* Builds a calendar from the stored days. The caller owns *out (calendar_free). */
int workcal_load(struct db *db, struct calendar **out, struct bm_error *err);

/* What the stored calendar covers, seen from `today` (a day number): the first and last loaded
 * years (both 0 when none), the last day covered (31 December of the last year; 0 when none),
 * the days from today to it (negative once past), and whether the next year's arrangement is
 * due: fewer than WORKCAL_LOAD_DUE_DAYS left, when deadlines will soon reach past the end and
 * cases whose due date falls there cannot be taken in (409 calendar_year_not_loaded). */
#define WORKCAL_LOAD_DUE_DAYS 60
struct workcal_coverage {
	int first_year, last_year;
	int through;
	int days_left;
	bool load_due;
};
int workcal_coverage(struct db *db, int today, struct workcal_coverage *out,
		     struct bm_error *err);

/* A reference to the process-wide calendar, reloaded when stale. *handle receives what
 * workcal_release() needs to drop the reference. NULL with *err set when loading failed. */
const struct calendar *workcal_acquire(struct db *db, void **handle, struct bm_error *err);
void workcal_release(void *handle);

/* Makes the next workcal_acquire() of this process look at the stored version at once instead
 * of a few seconds later. Call it after committing an import. */
void workcal_changed(void);

#endif
