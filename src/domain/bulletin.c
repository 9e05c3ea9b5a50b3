/*
** bulletin.c — building, numbering, keeping and listing 督查通报, and the monthly schedule.
** The renderings (HTML, Excel) are in bulletin_render.c. See bulletin.h.
*/
#include "domain/bulletin.h"

#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/assessment.h"
#include "domain/org.h"
#include "domain/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BULLETIN_MAX_CARDS 500
#define BULLETIN_MAX_TASKS 1000

/* The start of a China day as epoch seconds. */
static int64_t day_start(const char *day)
{
	int d = 0;
	date_parse(day, &d);
	return (int64_t)d * 86400 - 8 * 3600;
}

/* The red and yellow cards raised in the period, with their matters. */
static int build_cards(struct db *db, const struct as_period *p, const char *org, json_t **out,
		       struct bm_error *err)
{
	static const char *const cards[] = {"red", "yellow"};
	json_t *all = json_array();
	json_t *counts = json_object();
	for (size_t i = 0; i < 2; i++) {
		char measure[24];
		snprintf(measure, sizeof measure, "%s_cards", cards[i]);
		json_t *rows;
		long total = 0;
		if (stats_records(db, measure, org, p->from, p->to, BULLETIN_MAX_CARDS, 0, &rows,
				  &total, err) < 0) {
			json_decref(all);
			json_decref(counts);
			return -1;
		}
		size_t k;
		json_t *row;
		json_array_foreach(rows, k, row) {
			json_object_set_new(row, "card", json_string(cards[i]));
			json_array_append(all, row);
		}
		json_decref(rows);
		json_object_set_new(counts, cards[i], json_integer(total));
	}
	json_object_set_new(counts, "items", all);
	*out = counts;
	return 0;
}

/* The status of one 差评 task as of `today`. */
static const char *task_status(const char *status, const char *due, const char *rectified_on,
			       const char *today)
{
	if (strcmp(status, "cancelled") == 0)
		return "cancelled";
	if (strcmp(status, "rectified") == 0)
		return rectified_on && strcmp(rectified_on, due) <= 0 ? "on_time" : "late";
	return strcmp(due, today) < 0 ? "overdue" : "open";
}

/* The rectification tasks of the 差评 given in the period, by status. */
static int build_rectification(struct db *db, const struct as_period *p, const struct org *org,
			       int64_t now, json_t **out, struct bm_error *err)
{
	char like[272], today[DATE_TEXT_SIZE];
	snprintf(like, sizeof like, "%s%%", org->path);
	date_format(date_of_epoch(now), today);
	struct db_stmt *st = db_query(
		db, err,
		"SELECT g.case_no, o.name, v.name, g.level, g.created_at, r.due_date, "
		"r.rectified_on, r.status FROM rectifications r "
		"JOIN ratings g ON g.id = r.rating_id JOIN orgs o ON o.code = r.org_code "
		"JOIN venues v ON v.id = r.venue_id "
		"WHERE o.path LIKE ? AND g.created_at >= ? AND g.created_at < ? AND g.excluded = 0 "
		"ORDER BY g.created_at, r.id LIMIT 1000",
		"tii", like, day_start(p->from), day_start(p->to) + 86400);
	if (!st)
		return -1;
	json_t *items = json_array();
	json_t *summary = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "total", 0, "on_time", 0,
				    "late", 0, "open", 0, "overdue", 0, "cancelled", 0);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *status = task_status(db_col_text(st, 7), db_col_text(st, 5),
						 db_col_text(st, 6), today);
		char rated_on[DATE_TEXT_SIZE];
		date_format(date_of_epoch(db_col_int(st, 4)), rated_on);
		json_array_append_new(
			items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s}", "case_no",
					 db_col_text(st, 0), "org_name", db_col_text(st, 1),
					 "venue_name", db_col_text(st, 2), "level", db_col_text(st, 3),
					 "rated_on", rated_on, "due_date", db_col_text(st, 5),
					 "rectified_on", db_col_text(st, 6), "status", status));
		json_object_set_new(summary, status,
				    json_integer(json_integer_value(json_object_get(summary, status)) + 1));
		json_object_set_new(summary, "total",
				    json_integer(json_integer_value(json_object_get(summary, "total")) + 1));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(items);
		json_decref(summary);
		return -1;
	}
	json_object_set_new(summary, "items", items);
	*out = summary;
	return 0;
}

/* The ranking part: units, and the names of the commended and the named. */
static int build_ranking(struct db *db, const struct as_period *p, const struct org *org,
			 json_t *content, struct bm_error *err)
{
	json_t *commended = json_array(), *named = json_array(), *units = json_array();
	const char *level = strcmp(org->level, "county") == 0 ? "town" : "village";
	json_object_set_new(content, "commended", commended);
	json_object_set_new(content, "named", named);
	json_object_set_new(content, "ranking", json_pack("{s:s, s:o}", "level", level, "units",
							  units));
	if (strcmp(org->level, "village") == 0)
		return 0;
	json_t *run;
	if (assessment_run(db, p, level, org->code, &run, err) < 0)
		return -1;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(run, "units"), i, u) {
		json_object_del(u, "indicators");
		if (json_is_true(json_object_get(u, "commended")))
			json_array_append(commended, json_object_get(u, "org_name"));
		if (json_is_true(json_object_get(u, "named")))
			json_array_append(named, json_object_get(u, "org_name"));
		json_array_append(units, u);
	}
	json_decref(run);
	return 0;
}

int bulletin_build(struct db *db, const struct as_period *period, const char *org_code,
		   int64_t now, json_t **out, struct bm_error *err)
{
	struct org org;
	int found = org_get(db, org_code, &org, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "org_not_found", "没有这个组织");
	struct stats_totals totals;
	if (stats_totals_for(db, org.code, period->from, period->to, &totals, err) < 0)
		return -1;
	char at[CLOCK_TEXT_SIZE];
	clock_format_rfc3339(now, at);
	json_t *c = json_pack("{s:s, s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:s, s:o}",
			      "number", "", "period", "text", period->text, "kind",
			      as_kind_name(period->kind), "from", period->from, "to", period->to,
			      "org", "code", org.code, "name", org.name, "level", org.level,
			      "generated_at", at, "figures", assessment_figures_json(&totals));
	json_t *cards = NULL, *rect = NULL;
	if (build_ranking(db, period, &org, c, err) < 0 ||
	    build_cards(db, period, org.code, &cards, err) < 0 ||
	    build_rectification(db, period, &org, now, &rect, err) < 0) {
		json_decref(c);
		json_decref(cards);
		return -1;
	}
	json_object_set_new(c, "cards", cards);
	json_object_set_new(c, "rectification", rect);
	*out = c;
	return 0;
}

int bulletin_county(struct db *db, char *code, size_t code_size, char *name, size_t name_size,
		    struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT code, name FROM orgs WHERE level = 'county' ORDER BY code "
				      "LIMIT 1", "");
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		snprintf(code, code_size, "%s", db_col_text(st, 0));
		snprintf(name, name_size, "%s", db_col_text(st, 1));
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* The number prefix: the county's name without 县 (白河县 -> 白河). */
static int number_prefix(struct db *db, char *out, size_t size, struct bm_error *err)
{
	char code[16], name[96] = "";
	if (bulletin_county(db, code, sizeof code, name, sizeof name, err) < 0)
		return -1;
	as_bulletin_prefix(out, size, name);
	return 0;
}

int bulletin_create(struct db *db, const struct as_period *period, const char *org_code,
		    const struct audit_actor *actor, bool scheduled, int64_t now, int64_t *id,
		    struct bm_error *err)
{
	int64_t exists = 0;
	if (scheduled && db_query_int(db, err, &exists,
				      "SELECT COUNT(*) FROM bulletins WHERE scheduled_key = ?", "t",
				      period->text) < 0)
		return -1;
	if (exists)
		return 0;
	int64_t seq = 0;
	char prefix[64], number[128];
	json_t *content;
	if (db_query_int(db, err, &seq,
			 "SELECT COALESCE(MAX(seq), 0) + 1 FROM bulletins WHERE year = ?", "i",
			 (int64_t)period->year) < 0 ||
	    number_prefix(db, prefix, sizeof prefix, err) < 0 ||
	    bulletin_build(db, period, org_code, now, &content, err) < 0)
		return -1;
	const char *by = scheduled ? "schedule" : actor->name;
	as_bulletin_number(number, sizeof number, prefix, period->year, (long)seq);
	json_object_set_new(content, "number", json_string(number));
	json_object_set_new(content, "generated_by", json_string(by));
	char *text = json_dumps(content, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(content);
	if (!text)
		return bm_error_oom(err);
	struct db_stmt *st = db_query(
		db, err,
		"INSERT INTO bulletins (period, org_code, year, seq, number, generated_at, "
		"generated_by, scheduled_key, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (scheduled_key) DO NOTHING RETURNING id",
		"ttiitit" "tt", period->text, org_code, (int64_t)period->year, seq, number, now, by,
		scheduled ? period->text : NULL, text);
	free(text);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (rc <= 0)
		return rc;
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)*id);
	json_t *after = json_pack("{s:s, s:s, s:s, s:b}", "number", number, "period", period->text,
				  "org_code", org_code, "scheduled", scheduled);
	rc = audit_append(db, actor, now, "bulletin.create", "bulletin", id_text, NULL, after, err);
	json_decref(after);
	return rc < 0 ? -1 : 1;
}

#define BULLETIN_COLUMNS                                                                        \
	"SELECT b.id AS id, b.number AS number, b.period AS period, b.org_code AS org_code, "   \
	"o.name AS org_name, b.generated_at AS generated_at, b.generated_by AS generated_by, "  \
	"CASE WHEN b.scheduled_key IS NULL THEN 0 ELSE 1 END AS scheduled"
#define BULLETIN_TYPES "itttt" "Ttb"

int bulletin_get(struct db *db, int64_t id, json_t **out, char *org_path, size_t path_size,
		 struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      BULLETIN_COLUMNS ", o.path, b.content FROM bulletins b "
				      "JOIN orgs o ON o.code = b.org_code WHERE b.id = ?",
				      "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		*out = row_json(st, BULLETIN_TYPES);
		if (org_path)
			snprintf(org_path, path_size, "%s", db_col_text(st, 8));
		json_t *content = json_loads(db_col_text(st, 9), 0, NULL);
		json_object_set_new(*out, "content", content ? content : json_null());
	}
	db_reset(st);
	return rc;
}

int bulletin_list(struct db *db, const char *scope_path, int64_t limit, int64_t offset,
		  json_t **items, int64_t *total, struct bm_error *err)
{
	char like[272];
	snprintf(like, sizeof like, "%s%%", scope_path);
	if (db_query_int(db, err, total,
			 "SELECT COUNT(*) FROM bulletins b JOIN orgs o ON o.code = b.org_code "
			 "WHERE o.path LIKE ?", "t", like) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      BULLETIN_COLUMNS " FROM bulletins b JOIN orgs o "
				      "ON o.code = b.org_code WHERE o.path LIKE ? "
				      "ORDER BY b.id DESC LIMIT ? OFFSET ?",
				      "tii", like, limit, offset);
	return st ? row_json_all(st, BULLETIN_TYPES, items, err) : -1;
}

struct schedule_ctx {
	const struct as_period *period;
	const char *county;
	int64_t now;
	int made;
};

static int schedule_txn(struct db *db, void *vctx, struct bm_error *err)
{
	static const struct audit_actor schedule_actor = {0, "schedule"};
	struct schedule_ctx *ctx = vctx;
	int64_t id;
	ctx->made = bulletin_create(db, ctx->period, ctx->county, &schedule_actor, true, ctx->now,
				    &id, err);
	return ctx->made < 0 ? -1 : 0;
}

int bulletin_schedule_tick(struct db *db, int64_t now, struct bm_error *err)
{
	struct as_period period;
	as_period_previous_month(date_of_epoch(now), &period);
	int64_t exists = 0;
	if (db_query_int(db, err, &exists, "SELECT COUNT(*) FROM bulletins WHERE scheduled_key = ?",
			 "t", period.text) < 0)
		return -1;
	if (exists)
		return 0;
	char county[16], name[96];
	int found = bulletin_county(db, county, sizeof county, name, sizeof name, err);
	if (found <= 0)
		return found; /* no county yet: nothing to report on */
	struct schedule_ctx ctx = {&period, county, now, 0};
	if (db_transaction(db, schedule_txn, &ctx, err) < 0)
		return -1;
	return ctx.made;
}
