/*
** rating.c — ratings stored, listed and summed into the published figures (see rating.h).
** Appeals are rating_appeal.c; the rectification task is rectification.c.
*/
#include "domain/rating.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/case_store.h"
#include "domain/rating_rules.h"
#include "domain/rectification.h"
#include "domain/settings.h"
#include "domain/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- settings ---- */

int rating_settings_load(struct db *db, struct rating_settings *out, struct bm_error *err)
{
	if (settings_get_days(db, "rating_supplement_days", RATING_SUPPLEMENT_DAYS_DEFAULT,
			 &out->supplement_days, err) < 0)
		return -1;
	return settings_get_days(db, "rectify_working_days", RECTIFY_WORKING_DAYS_DEFAULT,
			    &out->rectify_days, err);
}

int rating_settings_store(struct db *db, const struct rating_settings *s,
			  const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	if (settings_set_days(db, "rating_supplement_days", "supplement_days", s->supplement_days,
			      err) < 0 ||
	    settings_set_days(db, "rectify_working_days", "rectify_days", s->rectify_days, err) < 0)
		return -1;
	json_t *after = json_pack("{s:i, s:i}", "supplement_days", s->supplement_days,
				  "rectify_days", s->rectify_days);
	int rc = audit_append(db, actor, now, "settings.ratings", "settings", "ratings", NULL,
			      after, err);
	json_decref(after);
	return rc;
}

/* ---- submitting ---- */

static const struct jcheck_field score_fields[] = {
	{"attitude", "服务态度", JC_INT, false, 1, 5, 0, NULL, NULL},
	{"efficiency", "办事效率", JC_INT, false, 1, 5, 0, NULL, NULL},
	{"quality", "服务质量", JC_INT, false, 1, 5, 0, NULL, NULL},
	{"integrity", "廉洁自律", JC_INT, false, 1, 5, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field rating_fields[] = {
	{"no", "办件编号", JC_STRING, true, 1, 23, 0, NULL, NULL},
	{"key", "查询码", JC_STRING, false, 1, 64, 0, NULL, NULL},
	{"phone4", "手机号后四位", JC_STRING, false, 4, 4, 0, NULL, NULL},
	{"channel", "评价渠道", JC_ENUM, true, 0, 0, 0, rating_channel_names, NULL},
	{"level", "评价等级", JC_ENUM, true, 0, 0, 0, rating_level_names, NULL},
	{"scores", "分项评分", JC_OBJECT, false, 0, 0, 0, NULL, score_fields},
	{"comment", "评价内容", JC_TEXT, false, 0, 500, 0, NULL, NULL},
	{"ticket_id", "排队号", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{"window_id", "窗口", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{"supplementary", "追评", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const char *text_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static int64_t int_of(json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

/* What a rating takes from its case. */
struct rated_case {
	char no[CASE_NO_SIZE];
	int64_t venue_id;
	int64_t staff_id;
	char item_code[48];
	char org_code[16];
	char org_path[256];
};

static int rated_case_load(struct db *db, const char *no, struct rated_case *c,
			   struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT c.no, c.origin_venue_id, c.receiver_id, c.item_code, "
				      "v.org_code, o.path FROM cases c JOIN venues v ON v.id = "
				      "c.origin_venue_id JOIN orgs o ON o.code = v.org_code "
				      "WHERE c.no = ?",
				      "t", no);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		snprintf(c->no, sizeof c->no, "%s", db_col_text(st, 0));
		c->venue_id = db_col_int(st, 1);
		c->staff_id = db_col_int(st, 2);
		snprintf(c->item_code, sizeof c->item_code, "%s", db_col_text(st, 3));
		snprintf(c->org_code, sizeof c->org_code, "%s", db_col_text(st, 4));
		snprintf(c->org_path, sizeof c->org_path, "%s", db_col_text(st, 5));
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "case_not_found", "办件不存在");
}

/* The caller may rate on this channel: a citizen proves the key, staff enter paper forms of
 * their subtree. */
static int check_rater(struct db *db, json_t *body, const struct principal *who,
		       const struct rated_case *c, struct bm_error *err)
{
	if (strcmp(text_of(body, "channel"), "paper") != 0)
		return case_check_track(db, c->no, text_of(body, "phone4"), text_of(body, "key"),
					err);
	if (!who)
		return bm_error_set(err, 401, "unauthenticated", "纸质评价表须由工作人员登录后录入");
	if (auth_require(who, ACT_RATING_PAPER, err) < 0)
		return -1;
	if (!auth_in_scope(who, c->org_path))
		return bm_error_set(err, 403, "out_of_scope", "无权录入本辖区以外办件的评价");
	return 0;
}

/* The queue ticket named in the body must be the one this case was served on (its window
 * then stands for the service rated); *served_at gets that window, or 0 without a ticket or
 * when the ticket was never called to one. */
static int rated_ticket(struct db *db, json_t *body, const struct rated_case *c,
			int64_t *served_at, struct bm_error *err)
{
	int64_t ticket = int_of(body, "ticket_id");
	*served_at = 0;
	if (!ticket)
		return 0;
	int found = db_query_int(db, err, served_at,
				 "SELECT COALESCE(window_id, 0) FROM tickets WHERE id = ? AND case_no = ?",
				 "it", ticket, c->no);
	if (found == 0)
		return bm_error_set(err, 400, "invalid_field", "排队号与所评价的办件不符"),
		       bm_error_field(err, "ticket_id");
	return found < 0 ? -1 : 0;
}

/* The window named in the body (it must be at the case's venue), else the window of the ticket
 * the case was served on, else the receiving clerk's post there (lowest window number), else
 * none (0). */
static int rated_window(struct db *db, json_t *body, const struct rated_case *c,
			int64_t served_at, int64_t *window, struct bm_error *err)
{
	int64_t named = int_of(body, "window_id");
	int found;
	*window = served_at;
	if (served_at && !named)
		return 0;
	if (named) {
		found = db_query_int(db, err, window,
				     "SELECT id FROM windows WHERE id = ? AND venue_id = ?", "ii",
				     named, c->venue_id);
		if (found == 0)
			return bm_error_set(err, 400, "invalid_field", "窗口不属于办件的受理场所"),
			       bm_error_field(err, "window_id");
		return found < 0 ? -1 : 0;
	}
	found = db_query_int(db, err, window,
			     "SELECT id FROM windows WHERE venue_id = ? AND active = 1 AND "
			     "(a_user_id = ? OR b_user_id = ?) ORDER BY number LIMIT 1",
			     "iii", c->venue_id, c->staff_id, c->staff_id);
	return found < 0 ? -1 : 0;
}

/* The slot of this rating ("onsite"… or "supplementary"), refusing a second one and a 追评
 * without a first rating or after the period. */
static int claim_slot(struct db *db, json_t *body, const struct rated_case *c, int64_t now,
		      const char **slot, struct bm_error *err)
{
	bool supplementary = json_is_true(json_object_get(body, "supplementary"));
	int64_t n, first_at;
	*slot = supplementary ? "supplementary" : text_of(body, "channel");
	int found = db_query_int(db, err, &n,
				 "SELECT COUNT(*) FROM ratings WHERE case_no = ? AND slot = ?", "tt",
				 c->no, *slot);
	if (found < 0)
		return -1;
	if (n > 0)
		return supplementary
			   ? bm_error_set(err, 409, "rating_exists", "该办件已追评过，不能重复追评")
			   : bm_error_set(err, 409, "rating_exists",
					  "该办件已通过此渠道评价过（一次一评）");
	if (!supplementary)
		return 0;
	struct rating_settings s;
	if (rating_settings_load(db, &s, err) < 0)
		return -1;
	found = db_query_int(db, err, &first_at,
			     "SELECT MIN(created_at) FROM ratings WHERE case_no = ? AND slot <> "
			     "'supplementary' HAVING COUNT(*) > 0",
			     "t", c->no);
	if (found < 0)
		return -1;
	if (found == 0)
		return bm_error_set(err, 409, "no_first_rating", "该办件尚未评价，不能追评");
	if (!rating_supplement_open(date_of_epoch(first_at), date_of_epoch(now), s.supplement_days))
		return bm_error_set(err, 409, "supplement_closed", "已超过追评期限（首次评价后 %d 天）",
				    s.supplement_days);
	return 0;
}

static int64_t score_of(json_t *body, const char *name)
{
	return int_of(json_object_get(body, "scores"), name);
}

int rating_submit(struct db *db, json_t *body, const struct principal *who,
		  const struct calendar *cal, int64_t now, int64_t *id, struct bm_error *err)
{
	struct rated_case c;
	int64_t served_at, window;
	const char *slot;
	enum rating_level level;
	if (jcheck_object(body, rating_fields, "", err) < 0 ||
	    rated_case_load(db, text_of(body, "no"), &c, err) < 0 ||
	    check_rater(db, body, who, &c, err) < 0 ||
	    rated_ticket(db, body, &c, &served_at, err) < 0 ||
	    rated_window(db, body, &c, served_at, &window, err) < 0 ||
	    claim_slot(db, body, &c, now, &slot, err) < 0)
		return -1;
	rating_level_parse(text_of(body, "level"), &level);
	bool bad = rating_level_is_bad(level);
	bool paper = strcmp(text_of(body, "channel"), "paper") == 0;
	const char *comment = text_of(body, "comment");
	int found = db_query_int(
	    db, err, id,
	    "INSERT INTO ratings (case_no, channel, slot, level, bad, attitude, efficiency, quality, "
	    "integrity, comment, ticket_id, window_id, staff_id, item_code, venue_id, org_code, "
	    "entered_by, created_at) VALUES (?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), "
	    "NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), "
	    "0), ?, NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), 0), "
	    "NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?) RETURNING id",
	    "ttttiiiiitiiititii", c.no, text_of(body, "channel"), slot, text_of(body, "level"),
	    (int64_t)bad, score_of(body, "attitude"), score_of(body, "efficiency"),
	    score_of(body, "quality"), score_of(body, "integrity"), comment ? comment : "",
	    int_of(body, "ticket_id"), window, c.staff_id, c.item_code, c.venue_id, c.org_code,
	    paper && who ? who->user_id : 0, now);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_internal(err, "INSERT RETURNING gave no row");
	if (stats_rating_counted(db, *id, 1, err) < 0)
		return -1;
	if (bad) {
		struct rating_settings s;
		if (rating_settings_load(db, &s, err) < 0 ||
		    rectification_open(db, *id, cal, s.rectify_days, now, err) < 0)
			return -1;
	}
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)*id);
	struct audit_actor actor = {who ? who->user_id : 0, who ? who->username : "citizen"};
	json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:b}", "case_no", c.no, "channel",
				  text_of(body, "channel"), "slot", slot, "level",
				  text_of(body, "level"), "bad", bad);
	int rc = audit_append(db, &actor, now, "rating.create", "rating", id_text, NULL, after, err);
	json_decref(after);
	return rc;
}

/* ---- reading ---- */

#define RATING_SELECT                                                                         \
	"SELECT r.id AS id, r.case_no AS case_no, r.channel AS channel, CASE WHEN r.slot = "     \
	"'supplementary' THEN 1 ELSE 0 END AS supplementary, r.level AS level, r.bad AS bad, "  \
	"r.attitude AS attitude, r.efficiency AS efficiency, r.quality AS quality, r.integrity " \
	"AS integrity, r.comment AS comment, r.ticket_id AS ticket_id, r.window_id AS "         \
	"window_id, w.name AS window_name, r.staff_id AS staff_id, u.display_name AS "          \
	"staff_name, r.item_code AS item_code, c.item_name AS item_name, r.venue_id AS "        \
	"venue_id, v.name AS venue_name, r.org_code AS org_code, e.display_name AS "            \
	"entered_by, r.excluded AS excluded, r.excluded_reason AS excluded_reason, "            \
	"r.created_at AS created_at, a.id AS appeal_id, a.status AS appeal_status, t.id AS "    \
	"rectification_id, t.status AS rectification_status, t.due_date AS "                   \
	"rectification_due, o.path AS org_path "
#define RATING_TYPES "ittbtbiiiitiititttitttbtTititt" /* then org_path */
#define RATING_FROM                                                                           \
	"FROM ratings r JOIN cases c ON c.no = r.case_no JOIN venues v ON v.id = r.venue_id "   \
	"JOIN orgs o ON o.code = r.org_code LEFT JOIN windows w ON w.id = r.window_id "         \
	"LEFT JOIN users u ON u.id = r.staff_id LEFT JOIN users e ON e.id = r.entered_by "      \
	"LEFT JOIN rating_appeals a ON a.rating_id = r.id "                                     \
	"LEFT JOIN rectifications t ON t.rating_id = r.id "

/* Adds the Chinese label of the row's level. */
static void label_level(json_t *row)
{
	enum rating_level level;
	if (rating_level_parse(text_of(row, "level"), &level) == 0)
		json_object_set_new(row, "level_label", json_string(rating_level_label(level)));
}

int rating_get_json(struct db *db, int64_t id, const struct principal *who, json_t **out,
		    struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, RATING_SELECT RATING_FROM "WHERE r.id = ?", "i", id);
	int found = st ? row_json_one(st, RATING_TYPES "t", out, err) : -1;
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "rating_not_found", "评价不存在");
	if (who && !auth_in_scope(who, text_of(*out, "org_path"))) {
		json_decref(*out);
		return bm_error_set(err, 404, "rating_not_found", "评价不存在");
	}
	label_level(*out);
	if (!who) { /* the citizen's short form */
		json_t *full = *out;
		*out = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id",
				 json_object_get(full, "id"), "case_no",
				 json_object_get(full, "case_no"), "channel",
				 json_object_get(full, "channel"), "supplementary",
				 json_object_get(full, "supplementary"), "level",
				 json_object_get(full, "level"), "level_label",
				 json_object_get(full, "level_label"), "created_at",
				 json_object_get(full, "created_at"), "rectification_due",
				 json_object_get(full, "rectification_due"));
		json_decref(full);
	} else {
		json_object_del(*out, "org_path");
	}
	return 0;
}

/* The LIKE prefix of the org subtree a list covers: org_code's (in the caller's scope), else
 * the caller's own. */
static int subtree_like(struct db *db, const struct principal *who, const char *org_code,
			char like[264], struct bm_error *err)
{
	if (!org_code) {
		snprintf(like, 264, "%s%%", who->org_path);
		return 0;
	}
	if (auth_require_scope(db, who, org_code, err) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err, "SELECT path FROM orgs WHERE code = ?", "t", org_code);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		snprintf(like, 264, "%s%%", db_col_text(st, 0));
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int rating_list(struct db *db, const struct principal *who, const struct rating_filter *f,
		int64_t limit, int64_t offset, json_t **items, int64_t *total,
		struct bm_error *err)
{
	enum rating_level level;
	char like[264];
	if (f->level && rating_level_parse(f->level, &level) < 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 level 无效");
	if (subtree_like(db, who, f->org_code, like, err) < 0)
		return -1;
#define RATING_WHERE                                                                          \
	"WHERE o.path LIKE ? AND (CAST(? AS BIGINT) = 0 OR r.venue_id = ?) AND "                 \
	"(CAST(? AS TEXT) IS NULL OR r.level = ?) AND (CAST(? AS TEXT) IS NULL OR r.case_no = ?) "
#define RATING_WHERE_TYPES "tiittt" "t"
	if (db_query_int(db, err, total, "SELECT COUNT(*) " RATING_FROM RATING_WHERE,
			 RATING_WHERE_TYPES, like, f->venue_id, f->venue_id, f->level, f->level,
			 f->case_no, f->case_no) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      RATING_SELECT RATING_FROM RATING_WHERE
				      "ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?",
				      RATING_WHERE_TYPES "ii", like, f->venue_id, f->venue_id,
				      f->level, f->level, f->case_no, f->case_no, limit, offset);
	if (!st || row_json_all(st, RATING_TYPES "-", items, err) < 0)
		return -1;
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row)
		label_level(row);
	return 0;
}

/* ---- figures ---- */

static json_t *rate_json(int64_t part, int64_t whole)
{
	int permille = rating_rate_permille(part, whole);
	return permille < 0 ? json_null() : json_real(permille / 1000.0);
}

#define FIGURES_FROM                                                                          \
	"FROM ratings r JOIN orgs o ON o.code = r.org_code "                                    \
	"LEFT JOIN rectifications t ON t.rating_id = r.id "                                     \
	"WHERE (CAST(? AS BIGINT) = 0 OR r.venue_id = ?) AND o.path LIKE ? "

/* Counts per level of the counted ratings, and the 差评 rectified on time. */
static int count_levels(struct db *db, int64_t venue_id, const char *like,
			int64_t counts[RATING_LEVEL_COUNT], int64_t *on_time, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT r.level, COUNT(*), SUM(CASE WHEN t.status = "
				      "'rectified' AND t.rectified_on <= t.due_date THEN 1 ELSE 0 "
				      "END) " FIGURES_FROM "AND r.excluded = 0 GROUP BY r.level",
				      "iit", venue_id, venue_id, like);
	if (!st)
		return -1;
	int rc;
	enum rating_level level;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (rating_level_parse(db_col_text(st, 0), &level) == 0)
			counts[level] = db_col_int(st, 1);
		*on_time += db_col_int(st, 2);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int rating_figures(struct db *db, int64_t venue_id, const char *org_path, int today,
		   json_t **out, struct bm_error *err)
{
	char like[264], day[DATE_TEXT_SIZE];
	int64_t counts[RATING_LEVEL_COUNT] = {0}, on_time = 0, excluded, open, overdue;
	snprintf(like, sizeof like, "%s%%", org_path ? org_path : "");
	date_format(today, day);
	if (count_levels(db, venue_id, like, counts, &on_time, err) < 0 ||
	    db_query_int(db, err, &excluded, "SELECT COUNT(*) " FIGURES_FROM "AND r.excluded = 1",
			 "iit", venue_id, venue_id, like) < 0 ||
	    db_query_int(db, err, &open, "SELECT COUNT(*) " FIGURES_FROM "AND t.status = 'open'",
			 "iit", venue_id, venue_id, like) < 0 ||
	    db_query_int(db, err, &overdue,
			 "SELECT COUNT(*) " FIGURES_FROM "AND t.status = 'open' AND t.due_date < ?",
			 "iitt", venue_id, venue_id, like, day) < 0)
		return -1;
	json_t *by_level = json_object(), *labels = json_object();
	int64_t counted = 0, satisfied = 0, bad = 0;
	for (int i = 0; i < RATING_LEVEL_COUNT; i++) {
		json_object_set_new(by_level, rating_level_names[i], json_integer(counts[i]));
		json_object_set_new(labels, rating_level_names[i],
				    json_string(rating_level_label((enum rating_level)i)));
		counted += counts[i];
		if (rating_level_is_bad((enum rating_level)i))
			bad += counts[i];
		else
			satisfied += counts[i];
	}
	*out = json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:o, s:I, s:I}", "counts",
			 by_level, "labels", labels, "total", (json_int_t)(counted + excluded),
			 "excluded", (json_int_t)excluded, "counted", (json_int_t)counted,
			 "satisfied", (json_int_t)satisfied, "satisfaction_rate",
			 rate_json(satisfied, counted), "bad", (json_int_t)bad,
			 "rectified_on_time", (json_int_t)on_time, "rectification_rate",
			 rate_json(on_time, bad), "open_rectifications", (json_int_t)open,
			 "overdue_rectifications", (json_int_t)overdue);
	return *out ? 0 : bm_error_oom(err);
}

int rating_figures_for(struct db *db, const struct principal *who, int64_t venue_id,
		       const char *org_code, int today, json_t **out, struct bm_error *err)
{
	char like[264];
	if (auth_require(who, ACT_RATING_READ, err) < 0 ||
	    subtree_like(db, who, org_code, like, err) < 0)
		return -1;
	if (venue_id > 0) {
		int64_t n;
		if (db_query_int(db, err, &n,
				 "SELECT COUNT(*) FROM venues v JOIN orgs o ON o.code = v.org_code "
				 "WHERE v.id = ? AND o.path LIKE ?",
				 "it", venue_id, like) < 0)
			return -1;
		if (n == 0)
			return bm_error_set(err, 404, "venue_not_found", "场所不存在");
	}
	like[strlen(like) - 1] = '\0'; /* rating_figures() adds the % itself */
	return rating_figures(db, venue_id, like, today, out, err);
}

int rating_venue_figures(struct db *db, int64_t venue_id, int today, json_t **out,
			 struct bm_error *err)
{
	int64_t exists;
	int found = db_query_int(db, err, &exists, "SELECT id FROM venues WHERE id = ?", "i",
				 venue_id);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "场所不存在");
	if (rating_figures(db, venue_id, NULL, today, out, err) < 0)
		return -1;
	json_object_set_new(*out, "venue_id", json_integer(venue_id));
	return 0;
}
