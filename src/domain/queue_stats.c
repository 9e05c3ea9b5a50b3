/*
** queue_stats.c — one day's queue statistics of a venue: overall, per group, per window and
** per hour of taking (see queue_stats() in queue.h).
**
** The day's tickets are read once and summed here in C: a busy hall gives out a few hundred
** numbers a day, and summing in C keeps clear of the SQL both engines disagree on (AVG's
** result type, extracting an hour in China time).
**
** Times per ticket: waiting = first call - taken; walk to the counter = start - last call;
** service = finish - start; total = finish - taken (served tickets only). Means are in whole
** seconds, null when nothing was measured.
*/
#include "core/date.h"
#include "db/db.h"
#include "domain/queue_internal.h"

#include <stdio.h>
#include <string.h>

struct span_sum {
	int64_t n, seconds;
};

struct tally {
	int64_t taken, served, no_show, waiting;
	struct span_sum wait, walk, service, total;
};

struct ticket_times {
	enum ticket_status status;
	int64_t taken, first_called, called, started, finished;
};

static void add_span(struct span_sum *s, int64_t from, int64_t to)
{
	if (from > 0 && to >= from) {
		s->n++;
		s->seconds += to - from;
	}
}

static void tally_add(struct tally *t, const struct ticket_times *x)
{
	t->taken++;
	t->served += x->status == TICKET_DONE;
	t->no_show += x->status == TICKET_NO_SHOW;
	t->waiting += x->status == TICKET_WAITING;
	add_span(&t->wait, x->taken, x->first_called);
	add_span(&t->walk, x->called, x->started);
	if (x->status == TICKET_DONE) {
		add_span(&t->service, x->started, x->finished);
		add_span(&t->total, x->taken, x->finished);
	}
}

static json_t *mean_json(const struct span_sum *s)
{
	return s->n ? json_integer(s->seconds / s->n) : json_null();
}

/* Adds the tally's figures to obj (which it returns). */
static json_t *tally_json(json_t *obj, const struct tally *t)
{
	json_t *figures = json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "taken",
				    (json_int_t)t->taken, "served", (json_int_t)t->served, "no_show",
				    (json_int_t)t->no_show, "waiting", (json_int_t)t->waiting,
				    "mean_wait_seconds", mean_json(&t->wait), "mean_walk_seconds",
				    mean_json(&t->walk), "mean_service_seconds", mean_json(&t->service),
				    "mean_total_seconds", mean_json(&t->total));
	json_object_update(obj, figures);
	json_decref(figures);
	return obj;
}

/* A keyed list of tallies (groups, windows), in order of first appearance. */
#define STATS_MAX_KEYS 64
struct keyed {
	int n;
	int64_t id[STATS_MAX_KEYS];
	char label[STATS_MAX_KEYS][64];
	int64_t number[STATS_MAX_KEYS];
	struct tally tally[STATS_MAX_KEYS];
};

static struct tally *keyed_slot(struct keyed *k, int64_t id, const char *label, int64_t number)
{
	for (int i = 0; i < k->n; i++)
		if (k->id[i] == id)
			return &k->tally[i];
	if (k->n == STATS_MAX_KEYS)
		return NULL;
	k->id[k->n] = id;
	snprintf(k->label[k->n], sizeof k->label[0], "%s", label ? label : "");
	k->number[k->n] = number;
	memset(&k->tally[k->n], 0, sizeof k->tally[0]);
	return &k->tally[k->n++];
}

struct day_stats {
	struct tally venue;
	struct keyed groups, windows;
	struct tally hours[24];
};

static int hour_in_china(int64_t t)
{
	return (int)(((t + 8 * 3600) % 86400) / 3600);
}

static int read_day(struct db *db, int64_t venue_id, const char *date, struct day_stats *d,
		    struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT t.status, t.taken_at, t.first_called_at, t.called_at, t.started_at, "
		"t.finished_at, t.group_id, g.code, g.name, t.window_id, w.number, w.name "
		"FROM tickets t JOIN venue_groups g ON g.id = t.group_id "
		"LEFT JOIN windows w ON w.id = t.window_id "
		"WHERE t.venue_id = ? AND t.service_date = ? ORDER BY g.sort, g.code, w.number, t.id",
		"it", venue_id, date);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct ticket_times x = {
			.taken = db_col_int(st, 1),
			.first_called = db_col_int(st, 2),
			.called = db_col_int(st, 3),
			.started = db_col_int(st, 4),
			.finished = db_col_int(st, 5),
		};
		ticket_status_parse(db_col_text(st, 0), &x.status);
		tally_add(&d->venue, &x);
		tally_add(&d->hours[hour_in_china(x.taken)], &x);
		struct tally *g = keyed_slot(&d->groups, db_col_int(st, 6), db_col_text(st, 8), 0);
		if (g)
			tally_add(g, &x);
		if (!db_col_is_null(st, 9)) {
			struct tally *w = keyed_slot(&d->windows, db_col_int(st, 9), db_col_text(st, 11),
						     db_col_int(st, 10));
			if (w)
				tally_add(w, &x);
		}
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static json_t *keyed_json(const struct keyed *k, bool windows)
{
	json_t *list = json_array();
	for (int i = 0; i < k->n; i++) {
		json_t *row = windows ? json_pack("{s:I, s:I, s:s}", "id", (json_int_t)k->id[i],
						  "number", (json_int_t)k->number[i], "name", k->label[i])
				      : json_pack("{s:I, s:s}", "id", (json_int_t)k->id[i], "name",
						  k->label[i]);
		json_array_append_new(list, tally_json(row, &k->tally[i]));
	}
	return list;
}

int queue_stats(struct db *db, int64_t venue_id, const char *date, json_t **out,
		struct bm_error *err)
{
	int day;
	if (!date || date_parse(date, &day) < 0) {
		bm_error_set(err, 400, "invalid_query", "查询参数 date 应为 YYYY-MM-DD 格式的日期");
		return bm_error_field(err, "date");
	}
	int64_t exists = 0;
	if (db_query_int(db, err, &exists, "SELECT COUNT(*) FROM venues WHERE id = ?", "i", venue_id) < 0)
		return -1;
	if (!exists)
		return bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	struct day_stats d;
	memset(&d, 0, sizeof d);
	if (read_day(db, venue_id, date, &d, err) < 0)
		return -1;
	json_t *hours = json_array();
	for (int h = 0; h < 24; h++)
		if (d.hours[h].taken)
			json_array_append_new(hours, tally_json(json_pack("{s:i}", "hour", h), &d.hours[h]));
	*out = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o}", "venue_id", (json_int_t)venue_id, "date",
			 date, "venue", tally_json(json_object(), &d.venue), "groups",
			 keyed_json(&d.groups, false), "windows", keyed_json(&d.windows, true), "hours",
			 hours);
	return 0;
}
