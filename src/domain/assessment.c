/*
** assessment.c — the scoring models (stored, validated, audited, versioned) and the assessment
** of a period: values from the contract functions of stats, standard and training, scores by
** assessment_rules.c, ranks and marks. See assessment.h.
*/
#include "domain/assessment.h"

#include "core/jcheck.h"
#include "db/db.h"
#include "domain/org.h"
#include "domain/standard.h"
#include "domain/stats.h"
#include "domain/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the built-in models ---- */

struct default_indicator {
	enum as_source source;
	int weight;
	int full_at, zero_at; /* zero_at of counts is per month, times the months of the kind */
	bool per_month;
};

static const struct default_indicator default_indicators[] = {
	{AS_ON_TIME_RATE, 25, 100, 80, false},
	{AS_SATISFACTION_RATE, 20, 100, 80, false},
	{AS_RECTIFICATION_RATE, 15, 100, 50, false},
	{AS_OVERDUE_COUNT, 5, 0, 10, true},
	{AS_RED_CARDS, 10, 0, 3, true},
	{AS_WINDOW_GAPS, 5, 0, 5, true},
	{AS_WINDOW_COVERAGE, 5, 100, 80, false},
	{AS_STANDARD_SCORE, 5, 100, 60, false},
	{AS_TRAINING_COVERAGE, 5, 100, 0, false},
	{AS_PETITION_ON_TIME_RATE, 5, 100, 60, false},
};

static json_t *default_model_doc(enum as_period_kind kind)
{
	static const int months[AS_KIND_COUNT] = {1, 3, 12};
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof default_indicators / sizeof *default_indicators; i++) {
		const struct default_indicator *d = &default_indicators[i];
		enum as_source source = d->source;
		int full_at = d->full_at;
		if (kind == AS_YEAR && source == AS_TRAINING_COVERAGE) {
			source = AS_TRAINING_HOURS_PER_STAFF; /* a year is long enough to count hours */
			full_at = 16;
		}
		const struct as_source_info *info = as_source_info(source);
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:s}", "key", info->name,
					"label", info->label, "source", info->name, "weight",
					d->weight, "full_at", full_at, "zero_at",
					d->per_month ? d->zero_at * months[kind] : d->zero_at,
					"on_null", "half"));
	}
	return json_pack("{s:o, s:{s:i, s:i}, s:{s:i, s:i}}", "indicators", list, "commend", "top",
			 3, "min_score", 60, "name", "bottom", 1, "below_score", 65);
}

/* ---- validation ---- */

static const struct jcheck_field indicator_fields[] = {
	{"key", "指标代码", JC_STRING, true, 1, 32, 0, NULL, NULL},
	{"label", "指标名称", JC_STRING, true, 1, 20, 0, NULL, NULL},
	{"source", "数据来源", JC_ENUM, true, 0, 0, 0, as_source_names, NULL},
	{"weight", "权重（分）", JC_INT, true, 1, 100, 0, NULL, NULL},
	{"full_at", "满分值", JC_INT, true, -1000000, 1000000, 0, NULL, NULL},
	{"zero_at", "零分值", JC_INT, true, -1000000, 1000000, 0, NULL, NULL},
	{"on_null", "无数据时得分", JC_ENUM, false, 0, 0, 0, as_null_rule_names, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field commend_fields[] = {
	{"top", "表彰前 N 名", JC_INT, false, 0, 1000, 0, NULL, NULL},
	{"min_score", "表彰最低得分", JC_INT, false, 0, 100, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field name_fields[] = {
	{"bottom", "通报后 N 名", JC_INT, false, 0, 1000, 0, NULL, NULL},
	{"below_score", "通报得分低于", JC_INT, false, 0, 100, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field model_fields[] = {
	{"indicators", "考核指标", JC_OBJECTS, true, 1, AS_MAX_INDICATORS, 0, NULL,
	 indicator_fields},
	{"commend", "表彰先进", JC_OBJECT, true, 0, 0, 0, NULL, commend_fields},
	{"name", "通报后进", JC_OBJECT, true, 0, 0, 0, NULL, name_fields},
	{"version", "版本", JC_INT, false, 0, INT64_MAX, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int field_error(struct bm_error *err, size_t i, const char *name, const char *fmt,
		       const char *what)
{
	char path[64];
	snprintf(path, sizeof path, "indicators[%zu].%s", i, name);
	bm_error_set(err, 400, "invalid_field", fmt, what, path);
	return bm_error_field(err, path);
}

/* The rules jcheck cannot state: distinct keys, full_at != zero_at, weights adding to 100. */
static int check_model_rules(json_t *doc, struct bm_error *err)
{
	json_t *list = json_object_get(doc, "indicators");
	json_int_t sum = 0;
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *ind = json_array_get(list, i);
		const char *key = json_string_value(json_object_get(ind, "key"));
		for (size_t j = 0; j < i; j++)
			if (strcmp(key, json_string_value(json_object_get(json_array_get(list, j),
									   "key"))) == 0)
				return field_error(err, i, "key", "指标代码 %s 重复（%s）", key);
		if (json_integer_value(json_object_get(ind, "full_at")) ==
		    json_integer_value(json_object_get(ind, "zero_at")))
			return field_error(err, i, "zero_at", "%s的满分值与零分值不能相同（%s）",
					   json_string_value(json_object_get(ind, "label")));
		sum += json_integer_value(json_object_get(ind, "weight"));
	}
	if (sum != 100) {
		bm_error_set(err, 400, "weights_not_100", "各指标权重之和应为 100 分，现为 %lld 分",
			     (long long)sum);
		return bm_error_field(err, "indicators");
	}
	return 0;
}

/* ---- storage ---- */

/* The stored row of a kind: 1 with *doc (caller owns) and the version filled, 0 when never
 * stored, -1 on error. */
static int load_row(struct db *db, enum as_period_kind kind, json_t **doc, int64_t *version,
		    int64_t *updated_at, char *updated_by, size_t by_size, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT doc, version, updated_at, updated_by "
				      "FROM assessment_models WHERE kind = ?",
				      "t", as_kind_name(kind));
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		*doc = json_loads(db_col_text(st, 0), 0, NULL);
		*version = db_col_int(st, 1);
		if (updated_at)
			*updated_at = db_col_int(st, 2);
		if (updated_by)
			snprintf(updated_by, by_size, "%s", db_col_text(st, 3));
		rc = *doc ? 1 : bm_error_internal(err, "assessment model is not JSON");
	}
	db_reset(st);
	return rc;
}

/* The current document of a kind (stored or default); caller owns *doc. */
static int current_doc(struct db *db, enum as_period_kind kind, json_t **doc, int64_t *version,
		       int64_t *updated_at, char *updated_by, size_t by_size, struct bm_error *err)
{
	*version = 0;
	if (updated_at)
		*updated_at = 0;
	if (updated_by && by_size)
		updated_by[0] = '\0';
	int rc = load_row(db, kind, doc, version, updated_at, updated_by, by_size, err);
	if (rc == 0)
		*doc = default_model_doc(kind);
	return rc < 0 ? -1 : 0;
}

int assessment_model_json(struct db *db, enum as_period_kind kind, json_t **out,
			  struct bm_error *err)
{
	json_t *doc;
	int64_t version, updated_at;
	char by[64];
	if (current_doc(db, kind, &doc, &version, &updated_at, by, sizeof by, err) < 0)
		return -1;
	json_t *sources = json_array();
	for (int s = 0; s < AS_SOURCE_COUNT; s++) {
		const struct as_source_info *info = as_source_info((enum as_source)s);
		json_array_append_new(sources, json_pack("{s:s, s:s, s:s}", "name", info->name,
							 "label", info->label, "unit", info->unit));
	}
	json_object_set_new(doc, "kind", json_string(as_kind_name(kind)));
	json_object_set_new(doc, "version", json_integer(version));
	json_object_set_new(doc, "updated_at", updated_at ? json_integer(updated_at) : json_null());
	json_object_set_new(doc, "updated_by", by[0] ? json_string(by) : json_null());
	json_object_set_new(doc, "sources", sources);
	*out = doc;
	return 0;
}

int assessment_model_store(struct db *db, enum as_period_kind kind, json_t *doc,
			   const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	if (jcheck_object(doc, model_fields, "", err) < 0 || check_model_rules(doc, err) < 0)
		return -1;
	json_t *before;
	int64_t version;
	if (current_doc(db, kind, &before, &version, NULL, NULL, 0, err) < 0)
		return -1;
	json_t *asked = json_object_get(doc, "version");
	if (asked && !json_is_null(asked) && json_integer_value(asked) != version) {
		json_decref(before);
		return bm_error_set(err, 409, "version_conflict",
				    "考核办法已被他人修改（当前第 %lld 版），请刷新后重试",
				    (long long)version);
	}
	json_t *after = json_pack("{s:O, s:O, s:O}", "indicators", json_object_get(doc, "indicators"),
				  "commend", json_object_get(doc, "commend"), "name",
				  json_object_get(doc, "name"));
	char *text = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	int rc = text ? 0 : bm_error_oom(err);
	if (rc == 0)
		rc = db_exec_params(db, err,
				    "INSERT INTO assessment_models (kind, doc, version, updated_at, "
				    "updated_by) VALUES (?, ?, CAST(? AS BIGINT), ?, ?) "
				    "ON CONFLICT (kind) DO UPDATE SET doc = excluded.doc, "
				    "version = excluded.version, updated_at = excluded.updated_at, "
				    "updated_by = excluded.updated_by",
				    "ttiit", as_kind_name(kind), text, version + 1, now,
				    actor->name) < 0 ? -1 : 0;
	if (rc == 0)
		rc = audit_append(db, actor, now, "assessment.model", "assessment_model",
				  as_kind_name(kind), before, after, err);
	free(text);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int int_or(json_t *obj, const char *key, int fallback)
{
	json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? (int)json_integer_value(v) : fallback;
}

static void model_from_doc(json_t *doc, struct as_model *m)
{
	json_t *list = json_object_get(doc, "indicators");
	m->count = 0;
	for (size_t i = 0; i < json_array_size(list) && m->count < AS_MAX_INDICATORS; i++) {
		json_t *o = json_array_get(list, i);
		struct as_indicator *ind = &m->indicators[m->count];
		if (as_source_parse(json_string_value(json_object_get(o, "source")), &ind->source) <
		    0)
			continue;
		snprintf(ind->key, sizeof ind->key, "%s", json_string_value(json_object_get(o, "key")));
		snprintf(ind->label, sizeof ind->label, "%s",
			 json_string_value(json_object_get(o, "label")));
		ind->formula.weight = int_or(o, "weight", 0);
		ind->formula.full_at = int_or(o, "full_at", 100);
		ind->formula.zero_at = int_or(o, "zero_at", 0);
		if (as_null_rule_parse(json_string_value(json_object_get(o, "on_null")),
				       &ind->formula.on_null) < 0)
			ind->formula.on_null = AS_NULL_HALF;
		m->count++;
	}
	json_t *c = json_object_get(doc, "commend"), *n = json_object_get(doc, "name");
	struct as_thresholds *t = &m->thresholds;
	t->commend_top = int_or(c, "top", 0);
	t->commend_has_min = json_is_integer(json_object_get(c, "min_score"));
	t->commend_min_tenths = 10L * int_or(c, "min_score", 0);
	t->name_bottom = int_or(n, "bottom", 0);
	t->name_has_below = json_is_integer(json_object_get(n, "below_score"));
	t->name_below_tenths = 10L * int_or(n, "below_score", 0);
}

int assessment_model_load(struct db *db, enum as_period_kind kind, struct as_model *out,
			  struct bm_error *err)
{
	json_t *doc;
	memset(out, 0, sizeof *out);
	out->kind = kind;
	if (current_doc(db, kind, &doc, &out->version, NULL, NULL, 0, err) < 0)
		return -1;
	model_from_doc(doc, out);
	json_decref(doc);
	return 0;
}

/* ---- one unit's figures ---- */

struct unit_figures {
	struct stats_totals stats;
	double standard_mean;
	long standard_venues;
	struct training_summary training;
};

static bool model_uses(const struct as_model *m, enum as_source a, enum as_source b)
{
	for (int i = 0; i < m->count; i++)
		if (m->indicators[i].source == a || m->indicators[i].source == b)
			return true;
	return false;
}

static int load_figures(struct db *db, const struct as_model *m, const char *org,
			const struct as_period *p, struct unit_figures *f, struct bm_error *err)
{
	memset(f, 0, sizeof *f);
	if (stats_totals_for(db, org, p->from, p->to, &f->stats, err) < 0)
		return -1;
	if (model_uses(m, AS_STANDARD_SCORE, AS_STANDARD_SCORE) &&
	    standard_org_score(db, org, &f->standard_mean, &f->standard_venues, err) < 0)
		return -1;
	if (model_uses(m, AS_TRAINING_COVERAGE, AS_TRAINING_HOURS_PER_STAFF) &&
	    training_org_summary(db, org, p->from, p->to, &f->training, err) < 0)
		return -1;
	return 0;
}

/* The numerator and denominator of a source in one unit's figures. */
static void source_terms(enum as_source s, const struct unit_figures *f, double *num, double *den)
{
	const struct stats_totals *t = &f->stats;
	*den = 0;
	switch (s) {
	case AS_ON_TIME_RATE: *num = t->on_time; *den = t->completed; break;
	case AS_OVERDUE_COUNT: *num = t->overdue; break;
	case AS_SATISFACTION_RATE: *num = t->satisfied; *den = t->ratings; break;
	case AS_RECTIFICATION_RATE: *num = t->bad_rectified_on_time; *den = t->bad; break;
	case AS_WINDOW_GAPS: *num = t->window_gaps; break;
	case AS_RED_CARDS: *num = t->red_cards; break;
	case AS_STANDARD_SCORE: *num = f->standard_mean; *den = f->standard_venues; break;
	case AS_TRAINING_HOURS_PER_STAFF: *num = f->training.hours; *den = f->training.staff; break;
	case AS_TRAINING_COVERAGE: *num = f->training.staff_trained; *den = f->training.staff; break;
	case AS_PETITION_ON_TIME_RATE:
		*num = t->petitions_on_time;
		*den = t->petitions_closed;
		break;
	case AS_WINDOW_COVERAGE: *num = t->staffed_seconds; *den = t->open_post_seconds; break;
	case AS_ATTENDANCE: *num = t->a_post_seconds; *den = t->open_post_seconds; break;
	default: *num = 0; break;
	}
}

static json_t *tenths_json(long tenths)
{
	return json_real(tenths / 10.0);
}

/* A percentage with one decimal, or null over nothing. */
static json_t *rate_json(long num, long den)
{
	double v;
	return as_source_value(AS_RATE, num, den, &v) ? tenths_json(as_round_tenths(v)) : json_null();
}

json_t *assessment_figures_json(const struct stats_totals *t)
{
	return json_pack("{s:I, s:I, s:I, s:o, s:I, s:I, s:o, s:I, s:I, s:o, s:I, s:I, s:I, s:I, "
			 "s:I, s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:o, s:o}",
			 "received", (json_int_t)t->received, "completed", (json_int_t)t->completed,
			 "on_time", (json_int_t)t->on_time, "on_time_rate",
			 rate_json(t->on_time, t->completed), "ratings", (json_int_t)t->ratings,
			 "satisfied", (json_int_t)t->satisfied, "satisfaction_rate",
			 rate_json(t->satisfied, t->ratings), "bad", (json_int_t)t->bad,
			 "bad_rectified_on_time", (json_int_t)t->bad_rectified_on_time,
			 "rectification_rate", rate_json(t->bad_rectified_on_time, t->bad),
			 "overdue", (json_int_t)t->overdue, "warnings", (json_int_t)t->warnings,
			 "yellow_cards", (json_int_t)t->yellow_cards, "red_cards",
			 (json_int_t)t->red_cards, "petitions", (json_int_t)t->petitions,
			 "petitions_closed", (json_int_t)t->petitions_closed, "petitions_on_time",
			 (json_int_t)t->petitions_on_time, "petition_on_time_rate",
			 rate_json(t->petitions_on_time, t->petitions_closed), "window_gaps",
			 (json_int_t)t->window_gaps, "open_post_seconds",
			 (json_int_t)t->open_post_seconds, "staffed_seconds",
			 (json_int_t)t->staffed_seconds, "a_post_seconds",
			 (json_int_t)t->a_post_seconds, "coverage_rate",
			 rate_json(t->staffed_seconds, t->open_post_seconds), "attendance_rate",
			 rate_json(t->a_post_seconds, t->open_post_seconds));
}

/* The indicators of one unit as JSON; *total gets the sum of their scores (tenths). */
static json_t *score_unit(const struct as_model *m, const struct unit_figures *f, long *total)
{
	json_t *list = json_array();
	*total = 0;
	for (int i = 0; i < m->count; i++) {
		const struct as_indicator *ind = &m->indicators[i];
		const struct as_source_info *info = as_source_info(ind->source);
		double num, den, value = 0;
		source_terms(ind->source, f, &num, &den);
		bool has = as_source_value(info->kind, num, den, &value);
		long score = as_score(&ind->formula, has, value);
		*total += score;
		json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "key", ind->key,
				      "value", has ? tenths_json(as_round_tenths(value)) : json_null(),
				      "numerator",
				      info->kind == AS_MEAN ? tenths_json(as_round_tenths(num))
							    : json_real(num),
				      "denominator",
				      info->kind == AS_COUNT ? json_null() : json_real(den),
				      "score", tenths_json(score), "num_measure",
				      info->num_measure ? json_string(info->num_measure) : json_null(),
				      "den_measure",
				      info->den_measure ? json_string(info->den_measure) : json_null());
		json_array_append_new(list, o);
	}
	return list;
}

/* ---- the assessment ---- */

#define AS_MAX_UNITS 5000

struct unit {
	char code[16];
	char name[96];
	long total;
	json_t *indicators;
	json_t *figures;
	int rank, rank_from_bottom;
};

static int load_units(struct db *db, const char *level, const struct org *parent,
		      struct unit **units, size_t *count, struct bm_error *err)
{
	bool towns = strcmp(level, "town") == 0;
	if (towns && strcmp(parent->level, "county") != 0)
		return bm_error_set(err, 400, "invalid_level", "乡镇排名须以县为范围");
	if (!towns && strcmp(parent->level, "village") == 0)
		return bm_error_set(err, 400, "invalid_level", "村（社区）排名须以乡镇或县为范围");
	char like[272];
	snprintf(like, sizeof like, "%s%%", parent->path);
	struct db_stmt *st = db_query(db, err,
				      "SELECT code, name FROM orgs WHERE level = ? AND path LIKE ? "
				      "AND code <> ? ORDER BY code",
				      "ttt", towns ? "town" : "village", like, parent->code);
	if (!st)
		return -1;
	size_t n = 0, cap = 16;
	struct unit *list = calloc(cap, sizeof *list);
	int rc;
	while (list && (rc = db_step(st, err)) == DB_ROW && n < AS_MAX_UNITS) {
		if (n == cap) {
			struct unit *bigger = realloc(list, 2 * cap * sizeof *list);
			if (!bigger)
				break;
			memset(bigger + cap, 0, cap * sizeof *list);
			list = bigger;
			cap *= 2;
		}
		snprintf(list[n].code, sizeof list[n].code, "%s", db_col_text(st, 0));
		snprintf(list[n].name, sizeof list[n].name, "%s", db_col_text(st, 1));
		n++;
	}
	db_reset(st);
	if (!list)
		return bm_error_oom(err);
	if (rc < 0) {
		free(list);
		return -1;
	}
	*units = list;
	*count = n;
	return 0;
}

static int by_rank(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->code, y->code);
}

static json_t *model_indicators_json(const struct as_model *m)
{
	json_t *list = json_array();
	for (int i = 0; i < m->count; i++) {
		const struct as_indicator *ind = &m->indicators[i];
		const struct as_source_info *info = as_source_info(ind->source);
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:s, s:s, s:i, s:f, s:f, s:s}", "key", ind->key,
					"label", ind->label, "source", info->name, "unit", info->unit,
					"weight", ind->formula.weight, "full_at",
					ind->formula.full_at, "zero_at", ind->formula.zero_at,
					"on_null", as_null_rule_name(ind->formula.on_null)));
	}
	return list;
}

static json_t *units_json(struct unit *units, size_t n, const struct as_model *m)
{
	long *totals = calloc(n ? n : 1, sizeof *totals);
	int *ranks = calloc(n ? n : 1, sizeof *ranks), *bottom = calloc(n ? n : 1, sizeof *bottom);
	json_t *list = json_array();
	if (!totals || !ranks || !bottom)
		goto out;
	for (size_t i = 0; i < n; i++)
		totals[i] = units[i].total;
	as_rank(totals, n, ranks);
	as_rank_from_bottom(totals, n, bottom);
	for (size_t i = 0; i < n; i++) {
		units[i].rank = ranks[i];
		units[i].rank_from_bottom = bottom[i];
	}
	qsort(units, n, sizeof *units, by_rank);
	for (size_t i = 0; i < n; i++) {
		struct unit *u = &units[i];
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:i, s:o, s:b, s:b, s:O, s:O}", "org_code", u->code,
					"org_name", u->name, "rank", u->rank, "total",
					tenths_json(u->total), "commended",
					as_commended(&m->thresholds, u->rank, u->total), "named",
					as_named(&m->thresholds, u->rank, u->rank_from_bottom, u->total),
					"indicators", u->indicators, "figures", u->figures));
	}
out:
	free(totals);
	free(ranks);
	free(bottom);
	return list;
}

int assessment_run(struct db *db, const struct as_period *period, const char *level,
		   const char *parent_code, json_t **out, struct bm_error *err)
{
	if (!level || (strcmp(level, "town") != 0 && strcmp(level, "village") != 0))
		return bm_error_set(err, 400, "invalid_level", "排名层级应为 town（乡镇）或 village（村）");
	struct org parent;
	int found = org_get(db, parent_code, &parent, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "org_not_found", "没有这个组织");
	struct as_model model;
	struct unit *units = NULL;
	size_t n = 0;
	if (assessment_model_load(db, period->kind, &model, err) < 0 ||
	    load_units(db, level, &parent, &units, &n, err) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct unit_figures f;
		rc = load_figures(db, &model, units[i].code, period, &f, err);
		if (rc == 0) {
			units[i].indicators = score_unit(&model, &f, &units[i].total);
			units[i].figures = assessment_figures_json(&f.stats);
		}
	}
	if (rc == 0)
		*out = json_pack("{s:{s:s, s:s, s:s, s:s}, s:s, s:{s:s, s:s}, s:I, s:o, s:o}",
				 "period", "text", period->text, "kind", as_kind_name(period->kind),
				 "from", period->from, "to", period->to, "level", level, "org",
				 "code", parent.code, "name", parent.name, "model_version",
				 (json_int_t)model.version, "indicators",
				 model_indicators_json(&model), "units",
				 units_json(units, n, &model));
	for (size_t i = 0; i < n; i++) {
		json_decref(units[i].indicators);
		json_decref(units[i].figures);
	}
	free(units);
	return rc;
}
