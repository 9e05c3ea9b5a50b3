/*
** workcal.c — the stored working-day calendar and the shared in-memory copy (see workcal.h).
**
** Sharing: `current` points at a reference-counted calendar. A reader takes a reference under
** the mutex; a reload builds the new calendar outside the mutex and swaps it in; the old one is
** freed when its last reader releases it. Readers never wait for a build.
*/
#include "domain/workcal.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/settings.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#define WORKCAL_CHECK_INTERVAL 5 /* seconds between version checks */

struct shared_calendar {
	struct calendar *cal;
	int refs;
	char version[32];
};

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shared_calendar *current;
static time_t last_check;

static int add_stored_days(struct db *db, struct calendar *cal, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT day, kind, name FROM calendar_days ORDER BY day", "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int date;
		const char *kind = db_col_text(st, 1);
		if (date_parse(db_col_text(st, 0), &date) < 0) {
			rc = bm_error_internal(err, "calendar_days holds a malformed date");
			break;
		}
		if (calendar_add_day(cal, date, kind[0] == 'w' ? CALENDAR_WORK : CALENDAR_OFF,
				     db_col_text(st, 2), err) < 0) {
			rc = -1;
			break;
		}
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int workcal_load(struct db *db, struct calendar **out, struct bm_error *err)
{
	struct calendar *cal = calendar_new();
	if (add_stored_days(db, cal, err) < 0 || calendar_build(cal, err) < 0) {
		calendar_free(cal);
		return -1;
	}
	*out = cal;
	return 0;
}

static int store_day(int date, enum calendar_kind kind, const char *name, void *vdb)
{
	char text[DATE_TEXT_SIZE];
	struct bm_error err;
	date_format(date, text);
	return db_exec_params(vdb, &err,
			      "INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?) "
			      "ON CONFLICT (day) DO NOTHING",
			      "ttt", text, kind == CALENDAR_WORK ? "work" : "off", name) < 0
		       ? -1
		       : 0;
}

int workcal_import_csv(struct db *db, const char *text, const struct audit_actor *actor,
		       int64_t now, struct bm_error *err)
{
	struct calendar *cal = calendar_new();
	int added = 0;
	int rc = add_stored_days(db, cal, err);
	if (rc == 0)
		rc = added = calendar_load_csv(cal, text, err);
	if (rc >= 0)
		rc = calendar_build(cal, err); /* refuses a gap between loaded years */
	if (rc >= 0 && calendar_each_day(cal, store_day, db) < 0)
		rc = bm_error_internal(err, "storing calendar days failed");
	int first = 0, last = 0;
	calendar_year_range(cal, &first, &last);
	calendar_free(cal);
	if (rc < 0)
		return -1;
	char version[32];
	snprintf(version, sizeof version, "%lld", (long long)now);
	if (settings_set(db, "calendar_version", version, err) < 0)
		return -1;
	json_t *after = json_pack("{s:i, s:i, s:i}", "days_added", added, "first_year", first,
				  "last_year", last);
	rc = audit_append(db, actor, now, "calendar.load", "calendar", version, NULL, after, err);
	json_decref(after);
	return rc < 0 ? -1 : added;
}

int workcal_coverage(struct db *db, int today, struct workcal_coverage *out,
		     struct bm_error *err)
{
	void *handle;
	const struct calendar *cal = workcal_acquire(db, &handle, err);
	if (!cal)
		return -1;
	memset(out, 0, sizeof *out);
	calendar_year_range(cal, &out->first_year, &out->last_year);
	workcal_release(handle);
	if (out->last_year)
		out->through = date_from_ymd(out->last_year, 12, 31);
	out->days_left = out->last_year ? out->through - today : 0;
	out->load_due = out->days_left < WORKCAL_LOAD_DUE_DAYS;
	return 0;
}

static void shared_unref(struct shared_calendar *s)
{
	if (--s->refs == 0) {
		calendar_free(s->cal);
		free(s);
	}
}

/* Rebuilds the shared calendar when the stored version differs from the loaded one. */
static int workcal_refresh(struct db *db, struct bm_error *err)
{
	char version[32] = "";
	if (settings_get(db, "calendar_version", version, sizeof version, err) < 0)
		return -1;
	pthread_mutex_lock(&shared_lock);
	bool fresh = current && strcmp(current->version, version) == 0;
	pthread_mutex_unlock(&shared_lock);
	if (fresh)
		return 0;

	struct shared_calendar *s = calloc(1, sizeof *s);
	if (!s)
		return bm_error_oom(err);
	if (workcal_load(db, &s->cal, err) < 0) {
		free(s);
		return -1;
	}
	s->refs = 1;
	snprintf(s->version, sizeof s->version, "%s", version);
	pthread_mutex_lock(&shared_lock);
	struct shared_calendar *old = current;
	current = s;
	if (old)
		shared_unref(old);
	pthread_mutex_unlock(&shared_lock);
	return 0;
}

const struct calendar *workcal_acquire(struct db *db, void **handle, struct bm_error *err)
{
	time_t now = time(NULL);
	pthread_mutex_lock(&shared_lock);
	bool check = !current || now - last_check >= WORKCAL_CHECK_INTERVAL;
	if (check)
		last_check = now;
	pthread_mutex_unlock(&shared_lock);
	if (check && workcal_refresh(db, err) < 0)
		return NULL;

	pthread_mutex_lock(&shared_lock);
	struct shared_calendar *s = current;
	if (s)
		s->refs++;
	pthread_mutex_unlock(&shared_lock);
	if (!s) {
		bm_error_internal(err, "no calendar loaded");
		return NULL;
	}
	*handle = s;
	return s->cal;
}

void workcal_release(void *handle)
{
	pthread_mutex_lock(&shared_lock);
	shared_unref(handle);
	pthread_mutex_unlock(&shared_lock);
}

void workcal_changed(void)
{
	pthread_mutex_lock(&shared_lock);
	last_check = 0;
	pthread_mutex_unlock(&shared_lock);
}
