/*
** hours.c — opening hours (see hours.h).
*/
#include "domain/hours.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/duty.h"
#include "domain/workcal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHINA_OFFSET (8 * 3600)

int64_t hours_epoch(int date, int minute)
{
	return (int64_t)date * 86400 + (int64_t)minute * 60 - CHINA_OFFSET;
}

/* Minutes after midnight China time of epoch second t. */
static int minute_of(int64_t t)
{
	int64_t local = t + CHINA_OFFSET;
	int64_t s = local % 86400;
	if (s < 0)
		s += 86400;
	return (int)(s / 60);
}

int hours_weekday_for(const struct calendar *cal, int date)
{
	if (cal && calendar_day_name(cal, date)) {
		struct bm_error err = {0};
		bool working = false;
		if (calendar_is_working_day(cal, date, &working, &err) < 0)
			return date_weekday(date);
		return working ? 1 : 0;
	}
	return date_weekday(date);
}

bool hours_open_at(const struct venue_hours *h, const struct calendar *cal, int64_t t)
{
	int weekday = hours_weekday_for(cal, date_of_epoch(t));
	int minute = minute_of(t);
	for (int i = 0; i < h->n; i++)
		if (h->r[i].weekday == weekday && h->r[i].opens <= minute && minute < h->r[i].closes)
			return true;
	return false;
}

static int compare_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int hours_changes_on(const struct venue_hours *h, const struct calendar *cal, int date,
		     int minutes[1 + 2 * HOURS_MAX_RANGES])
{
	int weekday = hours_weekday_for(cal, date);
	int n = 0;
	minutes[n++] = 0;
	for (int i = 0; i < h->n; i++)
		if (h->r[i].weekday == weekday) {
			minutes[n++] = h->r[i].opens;
			if (h->r[i].closes < 1440)
				minutes[n++] = h->r[i].closes;
		}
	qsort(minutes, (size_t)n, sizeof minutes[0], compare_int);
	return n;
}

int hours_load(struct db *db, int64_t venue_id, struct venue_hours *out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT weekday, opens, closes FROM venue_hours WHERE venue_id = ? "
				      "ORDER BY weekday, opens",
				      "i", venue_id);
	if (!st)
		return -1;
	int rc;
	out->n = 0;
	while ((rc = db_step(st, err)) == DB_ROW)
		if (out->n < HOURS_MAX_RANGES)
			out->r[out->n++] = (struct hours_range){(int)db_col_int(st, 0),
								(int)db_col_int(st, 1),
								(int)db_col_int(st, 2)};
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void format_minutes(int m, char out[8])
{
	snprintf(out, 8, "%02d:%02d", m / 60, m % 60);
}

json_t *hours_to_json(const struct venue_hours *h)
{
	json_t *out = json_array();
	for (int i = 0; i < h->n; i++) {
		char opens[8], closes[8];
		format_minutes(h->r[i].opens, opens);
		format_minutes(h->r[i].closes, closes);
		json_array_append_new(out, json_pack("{s:i, s:s, s:s}", "weekday", h->r[i].weekday,
						     "opens", opens, "closes", closes));
	}
	return out;
}

/* "H:MM" / "HH:MM", 00:00..24:00; -1 when malformed. */
static int parse_minutes(const char *s)
{
	int h, m, used = 0;
	if (sscanf(s, "%2d:%2d%n", &h, &m, &used) != 2 || s[used] || strlen(s) < 4 ||
	    s[strlen(s) - 3] != ':' || h < 0 || m < 0 || m > 59 || h * 60 + m > 1440)
		return -1;
	return h * 60 + m;
}

static const struct jcheck_field range_fields[] = {
	{"weekday", "星期", JC_INT, true, 1, 7, 0, NULL, NULL},
	{"opens", "开始时间", JC_STRING, true, 4, 5, 0, NULL, NULL},
	{"closes", "结束时间", JC_STRING, true, 4, 5, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field hours_fields[] = {
	{"ranges", "办公时间", JC_OBJECTS, true, 0, HOURS_MAX_RANGES, 0, NULL, range_fields},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int compare_range(const void *a, const void *b)
{
	const struct hours_range *x = a, *y = b;
	return x->weekday != y->weekday ? x->weekday - y->weekday : x->opens - y->opens;
}

/* Parses and checks the ranges into *h. */
static int hours_parse(json_t *ranges, struct venue_hours *h, struct bm_error *err)
{
	json_t *wrapped = json_pack("{s:O}", "ranges", ranges);
	int rc = jcheck_object(wrapped, hours_fields, "", err);
	json_decref(wrapped);
	if (rc < 0)
		return -1;
	size_t i;
	json_t *r;
	h->n = 0;
	json_array_foreach(ranges, i, r) {
		char field[32];
		int opens = parse_minutes(json_string_value(json_object_get(r, "opens")));
		int closes = parse_minutes(json_string_value(json_object_get(r, "closes")));
		if (opens < 0 || closes < 0 || opens >= closes || opens > 1439) {
			snprintf(field, sizeof field, "ranges[%zu]", i);
			bm_error_set(err, 400, "invalid_field",
				     "办公时间（%s）应为 HH:MM 格式，且开始早于结束", field);
			return bm_error_field(err, field);
		}
		h->r[h->n++] = (struct hours_range){
			(int)json_integer_value(json_object_get(r, "weekday")), opens, closes};
	}
	qsort(h->r, (size_t)h->n, sizeof h->r[0], compare_range);
	for (int k = 1; k < h->n; k++)
		if (h->r[k].weekday == h->r[k - 1].weekday && h->r[k].opens < h->r[k - 1].closes) {
			bm_error_set(err, 400, "hours_overlap", "星期%d 的办公时间段相互重叠",
				     h->r[k].weekday);
			return bm_error_field(err, "ranges");
		}
	return 0;
}

int hours_put(struct db *db, int64_t venue_id, json_t *ranges, const struct audit_actor *actor,
	      int64_t now, struct bm_error *err)
{
	struct venue_hours before, after;
	int64_t one;
	int found = db_query_int(db, err, &one, "SELECT 1 FROM venues WHERE id = ?", "i", venue_id);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	if (hours_parse(ranges, &after, err) < 0 || hours_load(db, venue_id, &before, err) < 0 ||
	    duty_sync(db, venue_id, now, err) < 0 ||
	    db_exec_params(db, err, "DELETE FROM venue_hours WHERE venue_id = ?", "i", venue_id) < 0)
		return -1;
	for (int i = 0; i < after.n; i++)
		if (db_exec_params(db, err,
				   "INSERT INTO venue_hours (venue_id, weekday, opens, closes) "
				   "VALUES (?, ?, ?, ?)",
				   "iiii", venue_id, (int64_t)after.r[i].weekday,
				   (int64_t)after.r[i].opens, (int64_t)after.r[i].closes) < 0)
			return -1;
	json_t *b = hours_to_json(&before), *a = hours_to_json(&after);
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)venue_id);
	int rc = json_equal(a, b) ? 0
				  : audit_append(db, actor, now, "venue.hours", "venue", id_text, b, a,
						 err);
	json_decref(a);
	json_decref(b);
	return rc < 0 ? -1 : duty_sync(db, venue_id, now, err);
}

int venue_open_at(struct db *db, int64_t venue_id, int64_t t, bool *open, struct bm_error *err)
{
	struct venue_hours h;
	void *handle;
	if (hours_load(db, venue_id, &h, err) < 0)
		return -1;
	const struct calendar *cal = workcal_acquire(db, &handle, err);
	if (!cal)
		return -1;
	*open = hours_open_at(&h, cal, t);
	workcal_release(handle);
	return 0;
}
