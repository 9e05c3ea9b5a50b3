/*
** duty.c — duty now, coverage, AB reports, gap alerts and the duty history (see duty.h).
*/
#include "domain/duty.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/absence.h"
#include "domain/hours.h"
#include "domain/settings.h"
#include "domain/stats.h"
#include "domain/window.h"
#include "domain/workcal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- small helpers ------------------------------------------------------------------------ */

/* Integer ids of a query's first column (caller frees *ids). */
static int query_ids(struct db_stmt *st, int64_t **ids, int *n, struct bm_error *err)
{
	int cap = 8;
	*n = 0;
	*ids = malloc((size_t)cap * sizeof **ids);
	if (!st || !*ids) {
		if (st)
			db_reset(st);
		return st ? bm_error_oom(err) : -1;
	}
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (*n == cap) {
			int64_t *grown = realloc(*ids, (size_t)(cap *= 2) * sizeof **ids);
			if (!grown) {
				db_reset(st);
				return bm_error_oom(err);
			}
			*ids = grown;
		}
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void epoch_text(int64_t t, char out[CLOCK_TEXT_SIZE])
{
	clock_format_rfc3339(t, out);
}

static void date_text_of(int64_t t, char out[DATE_TEXT_SIZE])
{
	date_format(date_of_epoch(t), out);
}

static const char *post_letter(enum window_post post)
{
	return post == POST_A ? "A" : post == POST_B ? "B" : NULL;
}

/* --- the history -------------------------------------------------------------------------- */

/* Moves one window's open interval to the state it has at instant t: closed (the venue is
 * shut or the window inactive: no interval), a gap (user 0, post NONE) or someone on duty. */
static int log_state(struct db *db, int64_t window_id, int64_t t, bool open_state,
		     int64_t user_id, enum window_post post, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT id, user_id, post, started_at FROM duty_log "
				      "WHERE window_id = ? AND ended_at IS NULL",
				      "i", window_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	bool running = rc == DB_ROW;
	int64_t row_id = 0, row_user = 0, started = 0;
	char row_post[4] = "";
	if (running) {
		row_id = db_col_int(st, 0);
		row_user = db_col_int(st, 1);
		snprintf(row_post, sizeof row_post, "%s", db_col_text(st, 2) ? db_col_text(st, 2) : "");
		started = db_col_int(st, 3);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	const char *letter = post_letter(post);
	if (running && open_state && row_user == user_id && strcmp(row_post, letter ? letter : "") == 0)
		return 0; /* unchanged */
	if (!running && !open_state)
		return 0;
	if (running && (db_exec_params(db, err, "UPDATE duty_log SET ended_at = ? WHERE id = ?", "ii",
				       t > started ? t : started, row_id) < 0 ||
			stats_duty_ended(db, row_id, err) < 0))
		return -1;
	if (!open_state)
		return 0;
	if (user_id)
		return db_exec_params(db, err,
				      "INSERT INTO duty_log (window_id, user_id, post, started_at) "
				      "VALUES (?, ?, ?, ?)",
				      "iiti", window_id, user_id, letter, t) < 0
			       ? -1
			       : 0;
	return db_exec_params(db, err,
			      "INSERT INTO duty_log (window_id, user_id, post, started_at) "
			      "VALUES (?, NULL, NULL, ?)",
			      "ii", window_id, t) < 0
		       ? -1
		       : 0;
}

struct sync_state {
	int64_t *windows; /* active windows of the venue */
	int nwindows;
	int64_t *inactive;
	int ninactive;
	struct venue_hours hours;
	const struct calendar *cal;
};

/* Records every window's state at instant t. */
static int sync_at(struct db *db, struct sync_state *s, int64_t t, struct bm_error *err)
{
	bool open = hours_open_at(&s->hours, s->cal, t);
	char date[DATE_TEXT_SIZE];
	date_text_of(t, date);
	for (int i = 0; i < s->nwindows; i++) {
		int64_t user = 0;
		enum window_post post;
		if (window_on_duty_post(db, s->windows[i], date, &user, &post, err) < 0 ||
		    log_state(db, s->windows[i], t, open, post == POST_NONE ? 0 : user, post, err) < 0)
			return -1;
	}
	for (int i = 0; i < s->ninactive; i++)
		if (log_state(db, s->inactive[i], t, false, 0, POST_NONE, err) < 0)
			return -1;
	return 0;
}

static int sync_replay(struct db *db, struct sync_state *s, int64_t start, int64_t now,
		       struct bm_error *err)
{
	if (sync_at(db, s, start, err) < 0)
		return -1;
	for (int d = date_of_epoch(start); d <= date_of_epoch(now); d++) {
		int minutes[1 + 2 * HOURS_MAX_RANGES];
		int n = hours_changes_on(&s->hours, s->cal, d, minutes);
		for (int k = 0; k < n; k++) {
			int64_t t = hours_epoch(d, minutes[k]);
			if (t > start && t <= now && sync_at(db, s, t, err) < 0)
				return -1;
		}
	}
	return 0;
}

int duty_sync(struct db *db, int64_t venue_id, int64_t now, struct bm_error *err)
{
	struct sync_state s = {0};
	int64_t last = 0;
	int found = db_query_int(db, err, &last, "SELECT synced_at FROM duty_sync WHERE venue_id = ?",
				 "i", venue_id);
	if (found < 0)
		return -1;
	int64_t start = found && last < now ? last : now;
	if (now - start > (int64_t)DUTY_REPLAY_DAYS * 86400)
		start = now - (int64_t)DUTY_REPLAY_DAYS * 86400;
	void *handle = NULL;
	int rc = query_ids(db_query(db, err,
				    "SELECT id FROM windows WHERE venue_id = ? AND active = 1 ORDER BY id",
				    "i", venue_id),
			   &s.windows, &s.nwindows, err);
	if (rc == 0)
		rc = query_ids(db_query(db, err,
					"SELECT id FROM windows WHERE venue_id = ? AND active = 0 "
					"ORDER BY id",
					"i", venue_id),
			       &s.inactive, &s.ninactive, err);
	if (rc == 0 && s.nwindows + s.ninactive > 0) {
		rc = hours_load(db, venue_id, &s.hours, err);
		if (rc == 0)
			rc = (s.cal = workcal_acquire(db, &handle, err)) ? 0 : -1;
		if (rc == 0)
			rc = sync_replay(db, &s, start, now, err);
		if (handle)
			workcal_release(handle);
	}
	free(s.windows);
	free(s.inactive);
	if (rc < 0)
		return -1;
	return db_exec_params(db, err,
			      "INSERT INTO duty_sync (venue_id, synced_at) VALUES (?, ?) "
			      "ON CONFLICT (venue_id) DO UPDATE SET synced_at = excluded.synced_at",
			      "ii", venue_id, now) < 0
		       ? -1
		       : 0;
}

int duty_sync_user(struct db *db, int64_t user_id, int64_t now, struct bm_error *err)
{
	int64_t *venues;
	int n;
	int rc = query_ids(db_query(db, err,
				    "SELECT DISTINCT venue_id FROM windows WHERE a_user_id = ? "
				    "OR b_user_id = ? ORDER BY venue_id",
				    "ii", user_id, user_id),
			   &venues, &n, err);
	for (int i = 0; rc == 0 && i < n; i++)
		rc = duty_sync(db, venues[i], now, err);
	free(venues);
	return rc;
}

int duty_max_posts(struct db *db, int64_t *max, struct bm_error *err)
{
	char value[32];
	int found = settings_get(db, "max_posts_per_person", value, sizeof value, err);
	if (found < 0)
		return -1;
	char *end;
	long long v = found ? strtoll(value, &end, 10) : 0;
	*max = found && *end == '\0' && v >= 1 ? v : DUTY_DEFAULT_MAX_POSTS;
	return 0;
}

/* --- the venue manager's board ------------------------------------------------------------ */

/* The absence of a user covering `date`, or JSON null. */
static int absence_on(struct db *db, json_t *user, const char *date, json_t **out,
		      struct bm_error *err)
{
	*out = json_null();
	if (!json_is_object(user))
		return 0;
	struct db_stmt *st = db_query(db, err,
				      "SELECT kind, start_date, end_date FROM absences WHERE user_id = ? "
				      "AND start_date <= ? AND end_date >= ? ORDER BY start_date LIMIT 1",
				      "itt", (int64_t)json_integer_value(json_object_get(user, "id")),
				      date, date);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*out = json_pack("{s:s, s:s, s:s, s:s}", "kind", db_col_text(st, 0), "kind_label",
				 absence_kind_label(db_col_text(st, 0)), "start_date",
				 db_col_text(st, 1), "end_date", db_col_text(st, 2));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Start of the running gap of a window, or JSON null. */
static int gap_since(struct db *db, int64_t window_id, json_t **out, struct bm_error *err)
{
	int64_t since = 0;
	int found = db_query_int(db, err, &since,
				 "SELECT started_at FROM duty_log WHERE window_id = ? "
				 "AND ended_at IS NULL AND user_id IS NULL",
				 "i", window_id);
	if (found < 0)
		return -1;
	char text[CLOCK_TEXT_SIZE];
	epoch_text(since, text);
	*out = found ? json_string(text) : json_null();
	return 0;
}

/* Adds on_duty, a_absence, b_absence, gap and gap_since to one window of the board. */
static int board_window(struct db *db, json_t *w, const char *date, bool open,
			struct bm_error *err)
{
	int64_t id = json_integer_value(json_object_get(w, "id"));
	int64_t user = 0;
	enum window_post post;
	json_t *a_abs, *b_abs, *since;
	if (window_on_duty_post(db, id, date, &user, &post, err) < 0)
		return -1;
	json_t *holder = json_object_get(w, post == POST_A ? "a_user" : "b_user");
	json_t *on_duty = json_null();
	if (post != POST_NONE) {
		on_duty = json_deep_copy(holder);
		json_object_set_new(on_duty, "post", json_string(post_letter(post)));
	}
	json_object_set_new(w, "on_duty", on_duty);
	if (absence_on(db, json_object_get(w, "a_user"), date, &a_abs, err) < 0)
		return -1;
	json_object_set_new(w, "a_absence", a_abs);
	if (absence_on(db, json_object_get(w, "b_user"), date, &b_abs, err) < 0)
		return -1;
	json_object_set_new(w, "b_absence", b_abs);
	bool gap = open && json_is_true(json_object_get(w, "active")) && post == POST_NONE;
	json_object_set_new(w, "gap", json_boolean(gap));
	if (gap_since(db, id, &since, err) < 0)
		return -1;
	json_object_set_new(w, "gap_since", gap ? since : (json_decref(since), json_null()));
	return 0;
}

/* Item {code, name} from a code and its catalogue summary (JSON text, may be NULL). */
static json_t *item_ref(const char *code, const char *summary_text)
{
	json_t *summary = summary_text ? json_loads(summary_text, 0, NULL) : NULL;
	json_t *name = summary ? json_object_get(summary, "name") : NULL;
	json_t *out = json_pack("{s:s, s:s}", "code", code, "name",
				json_is_string(name) ? json_string_value(name) : code);
	json_decref(summary);
	return out;
}

/* True when a window of the board with someone on duty serves the item. */
static bool item_served(json_t *pairs, const char *code, json_t *windows, bool *has_window)
{
	size_t i, k;
	json_t *p, *w;
	*has_window = false;
	json_array_foreach(pairs, i, p) {
		if (strcmp(json_string_value(json_array_get(p, 0)), code) != 0)
			continue;
		*has_window = true;
		json_int_t wid = json_integer_value(json_array_get(p, 1));
		json_array_foreach(windows, k, w)
			if (json_integer_value(json_object_get(w, "id")) == wid &&
			    !json_is_null(json_object_get(w, "on_duty")))
				return true;
	}
	return false;
}

static int board_coverage(struct db *db, int64_t venue_id, json_t *windows, json_t **out,
			  struct bm_error *err)
{
	/* (item, window) pairs: the item is in an active group an active window serves. */
	struct db_stmt *st = db_query(db, err,
				      "SELECT gi.item_code, wg.window_id FROM venue_group_items gi "
				      "JOIN venue_groups g ON g.id = gi.group_id AND g.active = 1 "
				      "JOIN window_groups wg ON wg.group_id = g.id "
				      "JOIN windows w ON w.id = wg.window_id AND w.active = 1 "
				      "WHERE g.venue_id = ?",
				      "i", venue_id);
	if (!st)
		return -1;
	json_t *pairs = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(pairs, json_pack("[s, I]", db_col_text(st, 0),
						       (json_int_t)db_col_int(st, 1)));
	db_reset(st);
	st = rc < 0 ? NULL
		    : db_query(db, err,
			       "SELECT c.item_code, s.summary FROM item_claims c "
			       "LEFT JOIN item_search s ON s.code = c.item_code WHERE c.venue_id = ? "
			       "ORDER BY c.item_code",
			       "i", venue_id);
	if (!st) {
		json_decref(pairs);
		return -1;
	}
	json_t *uncovered = json_array();
	int64_t claimed = 0;
	while ((rc = db_step(st, err)) == DB_ROW) {
		bool has_window;
		claimed++;
		if (item_served(pairs, db_col_text(st, 0), windows, &has_window))
			continue;
		json_t *item = item_ref(db_col_text(st, 0), db_col_text(st, 1));
		json_object_set_new(item, "reason",
				    json_string(has_window ? "nobody_on_duty" : "no_window"));
		json_object_set_new(item, "reason_label",
				    json_string(has_window ? "窗口无人在岗" : "未安排窗口"));
		json_array_append_new(uncovered, item);
	}
	db_reset(st);
	json_decref(pairs);
	if (rc < 0) {
		json_decref(uncovered);
		return -1;
	}
	*out = json_pack("{s:I, s:I, s:o}", "claimed", (json_int_t)claimed, "covered",
			 (json_int_t)(claimed - (int64_t)json_array_size(uncovered)), "uncovered",
			 uncovered);
	return 0;
}

/* The posts (active windows, anywhere) of one person: [{venue_name, number, name, post}]. */
static int posts_of(struct db *db, int64_t user_id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT v.name, w.number, w.name, w.a_user_id FROM windows w "
				      "JOIN venues v ON v.id = w.venue_id WHERE w.active = 1 "
				      "AND (w.a_user_id = ? OR w.b_user_id = ?) ORDER BY v.id, w.number",
				      "ii", user_id, user_id);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:s, s:I, s:s, s:s}", "venue_name",
						      db_col_text(st, 0), "number",
						      (json_int_t)db_col_int(st, 1), "name",
						      db_col_text(st, 2), "post",
						      db_col_int(st, 3) == user_id ? "A" : "B"));
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

/* The holders of the venue's posts whose active posts (anywhere) exceed max. */
static int board_overloaded(struct db *db, int64_t venue_id, int64_t max, json_t **out,
			    struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT u.id, u.username, u.display_name, COUNT(*) FROM windows w "
		"JOIN users u ON u.id = w.a_user_id OR u.id = w.b_user_id WHERE w.active = 1 "
		"AND u.id IN (SELECT a_user_id FROM windows WHERE venue_id = ? AND a_user_id IS NOT NULL "
		"UNION SELECT b_user_id FROM windows WHERE venue_id = ? AND b_user_id IS NOT NULL) "
		"GROUP BY u.id, u.username, u.display_name HAVING COUNT(*) > ? ORDER BY u.id",
		"iii", venue_id, venue_id, max);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:{s:I, s:s, s:s}, s:I}", "user", "id",
						      (json_int_t)db_col_int(st, 0), "username",
						      db_col_text(st, 1), "display_name",
						      db_col_text(st, 2), "posts",
						      (json_int_t)db_col_int(st, 3)));
	db_reset(st);
	size_t i;
	json_t *o;
	json_array_foreach(*out, i, o) {
		json_t *posts;
		if (rc < 0 ||
		    posts_of(db, json_integer_value(json_object_get(json_object_get(o, "user"), "id")),
			     &posts, err) < 0) {
			rc = -1;
			break;
		}
		json_object_set_new(o, "windows", posts);
	}
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

static json_t *posts_without_b(json_t *windows)
{
	json_t *out = json_array();
	size_t i;
	json_t *w;
	json_array_foreach(windows, i, w)
		if (json_is_true(json_object_get(w, "active")) &&
		    json_is_null(json_object_get(w, "b_user")))
			json_array_append_new(out, json_pack("{s:O, s:O, s:O}", "id",
							     json_object_get(w, "id"), "number",
							     json_object_get(w, "number"), "name",
							     json_object_get(w, "name")));
	return out;
}

int duty_board(struct db *db, int64_t venue_id, int64_t now, json_t **out, struct bm_error *err)
{
	json_t *windows = NULL, *coverage = NULL, *overloaded = NULL;
	char date[DATE_TEXT_SIZE], at[CLOCK_TEXT_SIZE];
	bool open;
	int64_t max;
	date_text_of(now, date);
	epoch_text(now, at);
	if (duty_sync(db, venue_id, now, err) < 0 || venue_open_at(db, venue_id, now, &open, err) < 0 ||
	    duty_max_posts(db, &max, err) < 0 || venue_windows_list(db, venue_id, &windows, err) < 0)
		return -1;
	size_t i;
	json_t *w;
	int rc = 0;
	json_array_foreach(windows, i, w)
		if (rc == 0)
			rc = board_window(db, w, date, open, err);
	if (rc == 0)
		rc = board_coverage(db, venue_id, windows, &coverage, err);
	if (rc == 0)
		rc = board_overloaded(db, venue_id, max, &overloaded, err);
	if (rc < 0) {
		json_decref(windows);
		json_decref(coverage);
		return -1;
	}
	*out = json_pack("{s:I, s:s, s:s, s:b, s:I, s:o, s:o, s:o, s:o}", "venue_id",
			 (json_int_t)venue_id, "at", at, "date", date, "open_now", open, "max_posts",
			 (json_int_t)max, "no_b", posts_without_b(windows), "windows", windows,
			 "coverage", coverage, "overloaded", overloaded);
	return 0;
}

/* --- gap alerts --------------------------------------------------------------------------- */

static json_t *name_or_null(struct db_stmt *st, int col)
{
	return db_col_is_null(st, col) ? json_null() : json_string(db_col_text(st, col));
}

int duty_gaps(struct db *db, const char *scope_path, int64_t now, json_t **items,
	      struct bm_error *err)
{
	char like[260];
	int64_t *venues;
	int n;
	snprintf(like, sizeof like, "%s%%", scope_path);
	int rc = query_ids(db_query(db, err,
				    "SELECT DISTINCT v.id FROM venues v JOIN orgs o ON o.code = v.org_code "
				    "JOIN windows w ON w.venue_id = v.id WHERE o.path LIKE ? ORDER BY v.id",
				    "t", like),
			   &venues, &n, err);
	for (int i = 0; rc == 0 && i < n; i++)
		rc = duty_sync(db, venues[i], now, err);
	free(venues);
	if (rc < 0)
		return -1;
	struct db_stmt *st = db_query(
		db, err,
		"SELECT v.id, v.name, v.org_code, o.name, w.id, w.number, w.name, d.started_at, "
		"ua.display_name, ub.display_name FROM duty_log d JOIN windows w ON w.id = d.window_id "
		"JOIN venues v ON v.id = w.venue_id JOIN orgs o ON o.code = v.org_code "
		"LEFT JOIN users ua ON ua.id = w.a_user_id LEFT JOIN users ub ON ub.id = w.b_user_id "
		"WHERE d.user_id IS NULL AND d.ended_at IS NULL AND o.path LIKE ? "
		"ORDER BY v.org_code, v.id, w.number",
		"t", like);
	if (!st)
		return -1;
	*items = json_array();
	while ((rc = db_step(st, err)) == DB_ROW) {
		char since[CLOCK_TEXT_SIZE];
		epoch_text(db_col_int(st, 7), since);
		json_array_append_new(
			*items,
			json_pack("{s:{s:I, s:s, s:s, s:s}, s:{s:I, s:I, s:s}, s:s, s:o, s:o}", "venue",
				  "id", (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1),
				  "org_code", db_col_text(st, 2), "org_name", db_col_text(st, 3),
				  "window", "id", (json_int_t)db_col_int(st, 4), "number",
				  (json_int_t)db_col_int(st, 5), "name", db_col_text(st, 6), "since",
				  since, "a_user", name_or_null(st, 8), "b_user", name_or_null(st, 9)));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(*items);
		return -1;
	}
	return 0;
}

/* --- history ------------------------------------------------------------------------------ */

int duty_history(struct db *db, int64_t venue_id, const char *from, const char *to,
		 int64_t now, json_t **out, struct bm_error *err)
{
	int d_from, d_to;
	if (date_parse(from, &d_from) < 0 || date_parse(to, &d_to) < 0 || d_to < d_from)
		return bm_error_set(err, 400, "invalid_query", "日期范围应为 YYYY-MM-DD，且 from 不晚于 to");
	if (duty_sync(db, venue_id, now, err) < 0)
		return -1;
	int64_t t0 = hours_epoch(d_from, 0), t1 = hours_epoch(d_to + 1, 0);
	struct db_stmt *st = db_query(
		db, err,
		"SELECT w.id, w.number, w.name, u.id, u.username, u.display_name, d.post, d.started_at, "
		"d.ended_at FROM duty_log d JOIN windows w ON w.id = d.window_id "
		"LEFT JOIN users u ON u.id = d.user_id WHERE w.venue_id = ? AND d.started_at < ? "
		"AND (d.ended_at IS NULL OR d.ended_at > ?) ORDER BY d.started_at, w.number",
		"iii", venue_id, t1, t0);
	if (!st)
		return -1;
	json_t *items = json_array();
	int64_t gap_minutes = 0;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		char started[CLOCK_TEXT_SIZE], ended[CLOCK_TEXT_SIZE];
		int64_t s = db_col_int(st, 7);
		bool running = db_col_is_null(st, 8);
		int64_t e = running ? now : db_col_int(st, 8);
		int64_t minutes = (e - s) / 60;
		bool gap = db_col_is_null(st, 3);
		epoch_text(s, started);
		epoch_text(e, ended);
		if (gap)
			gap_minutes += minutes;
		json_array_append_new(
			items,
			json_pack("{s:{s:I, s:I, s:s}, s:o, s:o, s:b, s:s, s:o, s:I}", "window", "id",
				  (json_int_t)db_col_int(st, 0), "number", (json_int_t)db_col_int(st, 1),
				  "name", db_col_text(st, 2), "user",
				  gap ? json_null()
				      : json_pack("{s:I, s:s, s:s}", "id", (json_int_t)db_col_int(st, 3),
						  "username", db_col_text(st, 4), "display_name",
						  db_col_text(st, 5)),
				  "post", name_or_null(st, 6), "gap", gap, "started_at", started,
				  "ended_at", running ? json_null() : json_string(ended), "minutes",
				  (json_int_t)minutes));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(items);
		return -1;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "gap_minutes", (json_int_t)gap_minutes);
	return 0;
}

/* --- the public post board ---------------------------------------------------------------- */

static int window_items(struct db *db, int64_t window_id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT DISTINCT gi.item_code, s.summary FROM window_groups wg "
				      "JOIN venue_groups g ON g.id = wg.group_id AND g.active = 1 "
				      "JOIN venue_group_items gi ON gi.group_id = g.id "
				      "LEFT JOIN item_search s ON s.code = gi.item_code "
				      "WHERE wg.window_id = ? ORDER BY gi.item_code",
				      "i", window_id);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, item_ref(db_col_text(st, 0), db_col_text(st, 1)));
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

static json_t *display_name_of(json_t *user)
{
	return json_is_object(user) ? json_incref(json_object_get(user, "display_name"))
				    : json_null();
}

/* The public entry of one active window. */
static int public_window(struct db *db, json_t *w, const char *date, json_t **out,
			 struct bm_error *err)
{
	int64_t id = json_integer_value(json_object_get(w, "id")), user = 0;
	enum window_post post;
	json_t *items;
	if (window_on_duty_post(db, id, date, &user, &post, err) < 0 ||
	    window_items(db, id, &items, err) < 0)
		return -1;
	const char *kind = json_string_value(json_object_get(w, "kind"));
	json_t *holder = json_object_get(w, post == POST_A ? "a_user" : "b_user");
	*out = json_pack("{s:O, s:O, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "number",
			 json_object_get(w, "number"), "name", json_object_get(w, "name"), "kind",
			 kind, "kind_label", strcmp(kind, "comprehensive") == 0 ? "综合窗口" : "专业窗口",
			 "status", post == POST_NONE ? "vacant" : "on_duty", "on_duty",
			 post == POST_NONE ? json_null()
					   : json_pack("{s:O, s:s}", "name",
						       json_object_get(holder, "display_name"), "post",
						       post_letter(post)),
			 "a_name", display_name_of(json_object_get(w, "a_user")), "b_name",
			 display_name_of(json_object_get(w, "b_user")), "items", items);
	return 0;
}

int duty_public_posts(struct db *db, int64_t venue_id, int64_t now, json_t **out,
		      struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT name, hours, phone FROM venues WHERE id = ?",
				      "i", venue_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	json_t *venue = rc == DB_ROW ? json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)venue_id,
						 "name", db_col_text(st, 0), "hours",
						 db_col_text(st, 1), "phone", db_col_text(st, 2))
				     : NULL;
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE)
		return bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	json_t *windows, *list = json_array();
	bool open;
	char date[DATE_TEXT_SIZE];
	date_text_of(now, date);
	rc = venue_open_at(db, venue_id, now, &open, err) < 0 ||
			     venue_windows_list(db, venue_id, &windows, err) < 0
		     ? -1
		     : 0;
	if (rc == 0) {
		size_t i;
		json_t *w, *entry;
		json_array_foreach(windows, i, w) {
			if (!json_is_true(json_object_get(w, "active")))
				continue;
			if ((rc = public_window(db, w, date, &entry, err)) < 0)
				break;
			json_array_append_new(list, entry);
		}
		json_decref(windows);
	}
	if (rc < 0) {
		json_decref(venue);
		json_decref(list);
		return -1;
	}
	*out = json_pack("{s:o, s:b, s:o}", "venue", venue, "open_now", open, "windows", list);
	return 0;
}
