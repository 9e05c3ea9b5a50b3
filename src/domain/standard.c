/*
** standard.c — checklists, venue scores and gaps, pilots (see standard.h).
**
** Every read goes the same way: load both checklists once (struct scorer), select the ids of
** the covered venues that match, then load each venue's profile (venue_get) and score it. The
** ids are read in full before the venues are loaded, so no statement stays open meanwhile.
*/
#include "domain/standard.h"
#include "db/db.h"
#include "domain/org.h"
#include "domain/standard_score.h"
#include "domain/venue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The venues the standard covers, as an SQL condition on venues v. */
#define COVERED_SQL                                                                                \
	"((v.level = 'town' AND v.kind = 'hall') OR (v.level = 'village' AND v.kind = 'room'))"

/* The filter of the covered venues: scope path, level, town path, pilot only. */
#define FILTER_SQL                                                                                 \
	" FROM venues v JOIN orgs o ON o.code = v.org_code WHERE " COVERED_SQL                     \
	" AND o.path LIKE ? AND (CAST(? AS TEXT) IS NULL OR v.level = ?)"                          \
	" AND (CAST(? AS TEXT) IS NULL OR o.path LIKE ?)"                                          \
	" AND (CAST(? AS BIGINT) = 0 OR v.id IN (SELECT venue_id FROM standard_pilots))"

int standard_level_check(const char *level, struct bm_error *err)
{
	if (level && (strcmp(level, "town") == 0 || strcmp(level, "village") == 0))
		return 0;
	return bm_error_set(err, 404, "standard_not_found",
	                    "没有该层级的标准（应为 town 或 village）");
}

/* --- checklists --------------------------------------------------------------------------- */

int standard_checklist_get(struct db *db, const char *level, json_t **out, struct bm_error *err)
{
	if (standard_level_check(level, err) < 0)
		return -1;
	struct db_stmt *st =
	    db_query(db, err,
	             "SELECT criteria, version, updated_at, updated_by FROM standards "
	             "WHERE level = ?",
	             "t", level);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	json_t *criteria = NULL;
	if (rc == DB_ROW) {
		criteria = json_loads(db_col_text(st, 0), 0, NULL);
		*out = json_pack("{s:s, s:I, s:I, s:s, s:o}", "level", level, "version",
		                 (json_int_t)db_col_int(st, 1), "updated_at",
		                 (json_int_t)db_col_int(st, 2), "updated_by", db_col_text(st, 3),
		                 "criteria", criteria ? criteria : json_array());
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE)
		return bm_error_set(err, 404, "standard_not_found", "该层级的标准不存在");
	return *out ? 0 : bm_error_oom(err);
}

int standard_checklist_put(struct db *db, const char *level, json_t *body,
                           const struct audit_actor *actor, int64_t now, json_t **out,
                           struct bm_error *err)
{
	json_t *before = NULL;
	if (jcheck_object(body, standard_checklist_fields, "", err) < 0 ||
	    standard_checklist_check(json_object_get(body, "criteria"), err) < 0 ||
	    standard_checklist_get(db, level, &before, err) < 0)
		return -1;
	char *text = json_dumps(json_object_get(body, "criteria"), JSON_COMPACT);
	int rc = text ? 0 : bm_error_oom(err);
	if (rc == 0 &&
	    db_exec_params(
	        db, err,
	        "UPDATE standards SET criteria = ?, version = version + 1, updated_at = ?, "
	        "updated_by = ? WHERE level = ?",
	        "titt", text, now, actor->name, level) < 0)
		rc = -1;
	free(text);
	if (rc == 0)
		rc = standard_checklist_get(db, level, out, err);
	if (rc == 0 && audit_append(db, actor, now, "standard.update", "standard", level, before,
	                            *out, err) < 0) {
		json_decref(*out);
		*out = NULL;
		rc = -1;
	}
	json_decref(before);
	return rc;
}

/* Both levels' criteria, loaded once per question. */
struct scorer {
	json_t *town;
	json_t *village;
};

static void scorer_free(struct scorer *s)
{
	json_decref(s->town);
	json_decref(s->village);
}

static int scorer_load(struct db *db, struct scorer *s, struct bm_error *err)
{
	json_t *town = NULL, *village = NULL;
	s->town = s->village = NULL;
	if (standard_checklist_get(db, "town", &town, err) < 0)
		return -1;
	if (standard_checklist_get(db, "village", &village, err) < 0) {
		json_decref(town);
		return -1;
	}
	s->town = json_incref(json_object_get(town, "criteria"));
	s->village = json_incref(json_object_get(village, "criteria"));
	json_decref(town);
	json_decref(village);
	return 0;
}

static json_t *scorer_criteria(const struct scorer *s, const char *level)
{
	return strcmp(level, "town") == 0 ? s->town : s->village;
}

/* --- one venue ---------------------------------------------------------------------------- */

static bool is_covered(json_t *venue)
{
	const char *level = json_string_value(json_object_get(venue, "level"));
	const char *kind = json_string_value(json_object_get(venue, "kind"));
	return level && kind &&
	       ((strcmp(level, "town") == 0 && strcmp(kind, "hall") == 0) ||
	        (strcmp(level, "village") == 0 && strcmp(kind, "room") == 0));
}

/* Scores venue `id` into *out (1), or 0 when missing or not covered. */
static int score_one(struct db *db, const struct scorer *s, int64_t id, json_t **out,
                     char org_path[256], struct bm_error *err)
{
	json_t *venue = NULL, *gaps = NULL;
	double score;
	int found = venue_get(db, id, &venue, org_path, err);
	if (found <= 0)
		return found;
	if (!is_covered(venue)) {
		json_decref(venue);
		return 0;
	}
	json_t *criteria = scorer_criteria(s, json_string_value(json_object_get(venue, "level")));
	standard_score(criteria, venue, &score, &gaps);
	*out =
	    json_pack("{s:I, s:O, s:O, s:O, s:O, s:O, s:b, s:f, s:I, s:o}", "venue_id",
	              (json_int_t)id, "name", json_object_get(venue, "name"), "org_code",
	              json_object_get(venue, "org_code"), "org_name",
	              json_object_get(venue, "org_name"), "level", json_object_get(venue, "level"),
	              "kind", json_object_get(venue, "kind"), "pilot",
	              json_is_true(json_object_get(venue, "pilot")), "score", score,
	              "criteria", (json_int_t)json_array_size(criteria), "gaps", gaps);
	json_decref(venue);
	return *out ? 1 : bm_error_oom(err);
}

int standard_venue_score(struct db *db, int64_t venue_id, json_t **out, char org_path[256],
                         struct bm_error *err)
{
	struct scorer s;
	if (scorer_load(db, &s, err) < 0)
		return -1;
	int rc = score_one(db, &s, venue_id, out, org_path, err);
	scorer_free(&s);
	return rc;
}

/* --- many venues -------------------------------------------------------------------------- */

/* The ids matching f, ordered by org code (limit < 0: all). *ids is malloc'd (caller frees). */
struct id_list {
	int64_t *ids;
	size_t n;
};

static int covered_ids(struct db *db, const struct standard_filter *f, int64_t limit,
                       int64_t offset, struct id_list *out, int64_t *total, struct bm_error *err)
{
	char scope[300], town[64];
	snprintf(scope, sizeof scope, "%s%%", f->scope_path);
	snprintf(town, sizeof town, "%%/%s/%%", f->town ? f->town : "");
	const char *town_like = f->town ? town : NULL;
	int64_t pilot = f->pilot_only;
	out->ids = NULL;
	out->n = 0;
	if (db_query_int(db, err, total, "SELECT COUNT(*)" FILTER_SQL, "ttttti", scope, f->level,
	                 f->level, town_like, town_like, pilot) < 0)
		return -1;
	out->ids = malloc(sizeof *out->ids * (size_t)(*total > 0 ? *total : 1));
	if (!out->ids)
		return bm_error_oom(err);
	struct db_stmt *st = db_query(db, err,
	                              "SELECT v.id" FILTER_SQL " ORDER BY v.org_code, v.id LIMIT ? "
	                              "OFFSET ?",
	                              "tttttiii", scope, f->level, f->level, town_like, town_like,
	                              pilot, limit < 0 ? *total : limit, offset);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW && out->n < (size_t)*total)
		out->ids[out->n++] = db_col_int(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Scores every id of the list into a new array *items. */
static int score_all(struct db *db, const struct id_list *list, json_t **items,
                     struct bm_error *err)
{
	struct scorer s;
	char path[256];
	if (scorer_load(db, &s, err) < 0)
		return -1;
	*items = json_array();
	int rc = 0;
	for (size_t i = 0; i < list->n && rc == 0; i++) {
		json_t *one = NULL;
		int found = score_one(db, &s, list->ids[i], &one, path, err);
		if (found < 0)
			rc = -1;
		else if (found)
			json_array_append_new(*items, one);
	}
	scorer_free(&s);
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
	}
	return rc;
}

int standard_scores_list(struct db *db, const struct standard_filter *f, int64_t limit,
                         int64_t offset, json_t **items, int64_t *total, struct bm_error *err)
{
	struct id_list list;
	int rc = covered_ids(db, f, limit, offset, &list, total, err);
	if (rc == 0)
		rc = score_all(db, &list, items, err);
	free(list.ids);
	return rc;
}

/* All covered venues under scope_path, scored. */
static int scores_under(struct db *db, const char *scope_path, json_t **items, struct bm_error *err)
{
	struct standard_filter f = {.scope_path = scope_path};
	int64_t total;
	return standard_scores_list(db, &f, -1, 0, items, &total, err);
}

int standard_org_score(struct db *db, const char *org_code, double *mean_score, long *venues,
                       struct bm_error *err)
{
	struct org org;
	json_t *items = NULL;
	*mean_score = 0;
	*venues = 0;
	int found = org_get(db, org_code, &org, err);
	if (found <= 0)
		return found < 0 ? -1
		                 : bm_error_set(err, 404, "org_not_found", "组织机构 %s 不存在",
		                                org_code);
	if (scores_under(db, org.path, &items, err) < 0)
		return -1;
	double sum = 0;
	size_t i;
	json_t *one;
	json_array_foreach(items, i, one) sum += json_real_value(json_object_get(one, "score"));
	*venues = (long)json_array_size(items);
	*mean_score = *venues ? standard_round1(sum / (double)*venues) : 0.0;
	json_decref(items);
	return 0;
}

/* --- county-wide gaps --------------------------------------------------------------------- */

/* Per-criterion counters of one level, built from its checklist. */
static json_t *gap_table(json_t *criteria)
{
	json_t *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(criteria, i, c)
	{
		json_t *row = json_deep_copy(c);
		json_object_set_new(row, "missing", json_integer(0));
		json_object_set_new(row, "venues", json_integer(0));
		json_array_append_new(rows, row);
	}
	return rows;
}

static void count_up(json_t *obj, const char *key)
{
	json_object_set_new(obj, key,
	                    json_integer(json_integer_value(json_object_get(obj, key)) + 1));
}

/* Adds one scored venue to its level's table and summary. */
static void tally(json_t *table, json_t *summary, json_t *scored)
{
	size_t i;
	json_t *row, *gap;
	json_array_foreach(table, i, row) count_up(row, "venues");
	json_array_foreach(json_object_get(scored, "gaps"), i, gap)
	{
		row = json_array_get(table,
		                     (size_t)json_integer_value(json_object_get(gap, "index")));
		if (row)
			count_up(row, "missing");
	}
	count_up(summary, "venues");
	if (json_array_size(json_object_get(scored, "gaps")) == 0 && json_array_size(table) > 0)
		count_up(summary, "full");
	json_object_set_new(summary, "score_sum",
	                    json_real(json_number_value(json_object_get(summary, "score_sum")) +
	                              json_number_value(json_object_get(scored, "score"))));
}

/* Turns score_sum into mean_score (one decimal; 0 for no venues). */
static void summary_finish(json_t *summary)
{
	double sum = json_number_value(json_object_get(summary, "score_sum"));
	json_int_t n = json_integer_value(json_object_get(summary, "venues"));
	json_object_del(summary, "score_sum");
	json_object_set_new(summary, "mean_score",
	                    json_real(n ? standard_round1(sum / (double)n) : 0));
}

int standard_gap_counts(struct db *db, const char *scope_path, json_t **out, struct bm_error *err)
{
	struct scorer s;
	json_t *items = NULL;
	if (scorer_load(db, &s, err) < 0)
		return -1;
	if (scores_under(db, scope_path, &items, err) < 0) {
		scorer_free(&s);
		return -1;
	}
	static const char *const levels[] = {"town", "village"};
	json_t *tables[2], *summaries[2];
	for (int k = 0; k < 2; k++) {
		tables[k] = gap_table(scorer_criteria(&s, levels[k]));
		summaries[k] =
		    json_pack("{s:i, s:i, s:f}", "venues", 0, "full", 0, "score_sum", 0.0);
	}
	size_t i;
	json_t *one;
	json_array_foreach(items, i, one)
	{
		int k =
		    strcmp(json_string_value(json_object_get(one, "level")), "town") == 0 ? 0 : 1;
		tally(tables[k], summaries[k], one);
	}
	summary_finish(summaries[0]);
	summary_finish(summaries[1]);
	*out = json_pack("{s:o, s:o, s:{s:o, s:o}}", "town", tables[0], "village", tables[1],
	                 "summary", "town", summaries[0], "village", summaries[1]);
	json_decref(items);
	scorer_free(&s);
	return *out ? 0 : bm_error_oom(err);
}

/* --- pilots ------------------------------------------------------------------------------- */

int standard_pilot_set(struct db *db, int64_t venue_id, bool pilot, const struct audit_actor *actor,
                       int64_t now, struct bm_error *err)
{
	json_t *venue = NULL;
	char path[256], id_text[24];
	int found = venue_get(db, venue_id, &venue, path, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	bool covered = is_covered(venue);
	bool was = json_is_true(json_object_get(venue, "pilot"));
	json_decref(venue);
	if (!covered)
		return bm_error_set(err, 400, "not_standardised",
		                    "标准化试点只能是镇便民服务中心或村（社区）便民服务室");
	if (was == pilot)
		return 0;
	int64_t rc = pilot
	                 ? db_exec_params(db, err,
	                                  "INSERT INTO standard_pilots (venue_id, since, set_by) "
	                                  "VALUES (?, ?, ?)",
	                                  "iit", venue_id, now, actor->name)
	                 : db_exec_params(db, err, "DELETE FROM standard_pilots WHERE venue_id = ?",
	                                  "i", venue_id);
	if (rc < 0)
		return -1;
	json_t *before = json_pack("{s:b}", "pilot", was);
	json_t *after = json_pack("{s:b}", "pilot", pilot);
	snprintf(id_text, sizeof id_text, "%lld", (long long)venue_id);
	int arc = audit_append(db, actor, now, "venue.pilot", "venue", id_text, before, after, err);
	json_decref(before);
	json_decref(after);
	return arc;
}
