/*
** demo_windows.c — the demo's windows, AB posts and opening hours (issue 5, F4).
**
** Runs inside the demo seed transaction after the catalogue claims. Every venue gets the
** structured hours its `hours` text states (周一至周五 8:30-12:00 14:30-17:30; the county centre
** also Saturday mornings). Every town hall and the county centre get three item groups made
** from the items they claimed, by category — A 社会保障 (pensions, medical insurance, jobs,
** elderly care), B 社会救助 (assistance, civil affairs, disability, veterans), C 综合 (the
** rest) — and windows: 1 综合受理窗口 serving all groups, then one window per group, as many as
** the hall's window count allows (at most 4 in a town, 5 in 城关镇, 6 at the centre).
**
** Holders, as the survey found them (F4): the clerks back each other up in a ring (the A of
** window k is the B of window k+1); a town's fourth window and 城关镇's fifth have no B holder;
** 城关镇's clerk staff-610929100 also holds window 5, three posts (over the default limit of
** two), and its fourth window's clerk is away on training for three days from the seed day, so
** 城关镇 shows a live gap during opening hours. New demo users: staff2-/staff3-/staff4-<town> (and staff-…staff6-610929 at the
** centre), password bianmin-demo like the others.
*/
#include "domain/demo.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/absence.h"
#include "domain/account.h"
#include "domain/duty.h"
#include "domain/hours.h"
#include "domain/window.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct audit_actor demo_actor = {0, "demo"};

#define DEMO_COUNTY "610929"
#define DEMO_SEAT_TOWN "610929100" /* 城关镇 */

/* --- opening hours ------------------------------------------------------------------------ */

static int seed_hours(struct db *db, int64_t venue_id, bool saturday, int64_t now,
		      struct bm_error *err)
{
	json_t *ranges = json_array();
	for (int day = 1; day <= 5; day++) {
		json_array_append_new(ranges, json_pack("{s:i, s:s, s:s}", "weekday", day, "opens",
							"08:30", "closes", "12:00"));
		json_array_append_new(ranges, json_pack("{s:i, s:s, s:s}", "weekday", day, "opens",
							"14:30", "closes", "17:30"));
	}
	if (saturday)
		json_array_append_new(ranges, json_pack("{s:i, s:s, s:s}", "weekday", 6, "opens",
							"08:30", "closes", "12:00"));
	int rc = hours_put(db, venue_id, ranges, &demo_actor, now, err);
	json_decref(ranges);
	return rc;
}

/* --- groups ------------------------------------------------------------------------------- */

static const struct demo_group {
	const char *code;
	const char *name;
	const char *categories; /* |-separated; NULL: every other category */
} demo_groups[] = {
	{"A", "社会保障", "|社会保障|医疗保障|就业创业|养老服务|"},
	{"B", "社会救助", "|社会救助|民政服务|残疾人服务|退役军人|"},
	{"C", "综合", NULL},
};

#define DEMO_GROUPS (sizeof demo_groups / sizeof demo_groups[0])

/* The group code of a category. */
static const char *group_of_category(const char *category)
{
	char key[80];
	snprintf(key, sizeof key, "|%s|", category);
	for (size_t g = 0; g < DEMO_GROUPS; g++)
		if (demo_groups[g].categories && strstr(demo_groups[g].categories, key))
			return demo_groups[g].code;
	return "C";
}

/* The venue's claimed items split into the demo groups: items[g] is a JSON array of codes. */
static int claimed_by_group(struct db *db, int64_t venue_id, json_t *items[DEMO_GROUPS],
			    struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT c.item_code, s.category FROM item_claims c "
				      "JOIN item_search s ON s.code = c.item_code WHERE c.venue_id = ? "
				      "ORDER BY c.item_code",
				      "i", venue_id);
	if (!st)
		return -1;
	for (size_t g = 0; g < DEMO_GROUPS; g++)
		items[g] = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *code = group_of_category(db_col_text(st, 1));
		for (size_t g = 0; g < DEMO_GROUPS; g++)
			if (strcmp(demo_groups[g].code, code) == 0)
				json_array_append_new(items[g], json_string(db_col_text(st, 0)));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int seed_groups(struct db *db, int64_t venue_id, int64_t now, struct bm_error *err)
{
	json_t *items[DEMO_GROUPS];
	if (claimed_by_group(db, venue_id, items, err) < 0)
		return -1;
	int rc = 0;
	for (size_t g = 0; g < DEMO_GROUPS; g++) {
		json_t *body = json_pack("{s:s, s:s, s:s, s:i, s:i, s:O}", "code", demo_groups[g].code,
					 "name", demo_groups[g].name, "prefix", demo_groups[g].code,
					 "sort", (int)g + 1, "wait_alert", 10, "items", items[g]);
		int64_t id;
		if (rc == 0)
			rc = group_create(db, venue_id, body, &demo_actor, now, &id, err);
		json_decref(body);
		json_decref(items[g]);
	}
	return rc;
}

/* --- staff and windows -------------------------------------------------------------------- */

/* Looks up or creates a demo clerk staffN-<org> ("staff-<org>" for N = 1, which exists). */
static int demo_clerk(struct db *db, const char *org_code, const char *org_name, int n,
		      const char *password_hash, int64_t now, int64_t *id, struct bm_error *err)
{
	char username[48], display[96];
	if (n == 1)
		snprintf(username, sizeof username, "staff-%s", org_code);
	else
		snprintf(username, sizeof username, "staff%d-%s", n, org_code);
	int found = db_query_int(db, err, id, "SELECT id FROM users WHERE username = ?", "t",
				 username);
	if (found != 0)
		return found < 0 ? -1 : 0;
	snprintf(display, sizeof display, "%s窗口人员%d", org_name, n);
	struct account_new a = {
		.username = username,
		.display_name = display,
		.role = ROLE_WINDOW_STAFF,
		.org_code = org_code,
		.password_hash = password_hash,
	};
	return account_create(db, &a, &demo_actor, now, id, err);
}

/* The windows after window 1 (综合受理, all groups): one per group, then a second
 * comprehensive counter where the hall has room. */
static const struct demo_window {
	const char *name;
	const char *kind;
	const char *groups[DEMO_GROUPS + 1];
} demo_windows[] = {
	{"综合受理窗口", "comprehensive", {"A", "B", "C", NULL}},
	{"社会保障窗口", "specialised", {"A", NULL}},
	{"社会救助窗口", "specialised", {"B", NULL}},
	{"涉农及综合事项窗口", "specialised", {"C", NULL}},
	{"综合咨询窗口", "comprehensive", {"A", "B", "C", NULL}},
	{"延时服务窗口", "comprehensive", {"A", "B", "C", NULL}},
};

static int seed_window(struct db *db, int64_t venue_id, int number, int64_t a, int64_t b,
		       int64_t now, struct bm_error *err)
{
	const struct demo_window *w = &demo_windows[number - 1];
	json_t *groups = json_array();
	for (int g = 0; w->groups[g]; g++)
		json_array_append_new(groups, json_string(w->groups[g]));
	json_t *body = json_pack("{s:i, s:s, s:s, s:I, s:o, s:o}", "number", number, "name", w->name,
				 "kind", w->kind, "a_user_id", (json_int_t)a, "b_user_id",
				 b ? json_integer(b) : json_null(), "groups", groups);
	int64_t id;
	int rc = window_create(db, venue_id, body, &demo_actor, now, &id, err);
	json_decref(body);
	return rc;
}

struct demo_hall {
	int64_t venue_id;
	char org_code[16];
	char org_name[96];
	int windows; /* how many windows to open */
	int clerks;  /* how many clerks hold them */
};

/* Opens the hall's windows: clerk k is A of window k and B of window k+1 (a ring over the
 * clerks); a town's fourth window has no B. */
static int seed_hall_windows(struct db *db, const struct demo_hall *h, const char *password_hash,
			     int64_t now, struct bm_error *err)
{
	int64_t clerk[8];
	for (int k = 0; k < h->clerks; k++)
		if (demo_clerk(db, h->org_code, h->org_name, k + 1, password_hash, now, &clerk[k],
			       err) < 0)
			return -1;
	bool county = strcmp(h->org_code, DEMO_COUNTY) == 0;
	for (int n = 1; n <= h->windows; n++) {
		int64_t a = clerk[(n - 1) % h->clerks];
		int64_t b = clerk[(n - 2 + h->clerks) % h->clerks];
		if ((n == 4 && !county) || n == 5)
			b = 0; /* F4: posts without a B holder */
		if (h->clerks == 1 || a == b)
			b = 0;
		if (seed_window(db, h->venue_id, n, a, b, now, err) < 0)
			return -1;
	}
	return 0;
}

/* Books user's absence of `kind` over the days first..last (day numbers). */
static int book_absence(struct db *db, int64_t user, const char *kind, int first, int last,
			const char *note, int64_t now, struct bm_error *err)
{
	char start[DATE_TEXT_SIZE], end[DATE_TEXT_SIZE];
	date_format(first, start);
	date_format(last, end);
	json_t *body = json_pack("{s:I, s:s, s:s, s:s, s:s}", "user_id", (json_int_t)user, "kind",
				 kind, "start_date", start, "end_date", end, "note", note);
	int64_t id;
	int rc = absence_book(db, body, &demo_actor, now, &id, err);
	json_decref(body);
	return rc;
}

/* 城关镇: its first clerk also holds window 5 (three posts), and window 4's clerk is away on
 * training from today for three days, so the hall has a live gap while it is open. */
static int seed_seat_town_findings(struct db *db, const char *password_hash, int64_t now,
				   struct bm_error *err)
{
	int64_t clerk4;
	int today = date_of_epoch(now);
	if (demo_clerk(db, DEMO_SEAT_TOWN, "城关镇", 4, password_hash, now, &clerk4, err) < 0)
		return -1;
	return book_absence(db, clerk4, "training", today, today + 2, "县行政审批服务局业务培训", now,
			    err);
}

#define DEMO_MAX_HALLS 16

/* The halls: the county centre and every town hall, with their window counts (caller frees
 * *halls). */
static int load_halls(struct db *db, struct demo_hall **halls, int *n, struct bm_error *err)
{
	*n = 0;
	*halls = calloc(DEMO_MAX_HALLS, sizeof **halls);
	if (!*halls)
		return bm_error_oom(err);
	struct db_stmt *st = db_query(db, err,
				      "SELECT v.id, v.org_code, o.name, v.window_count FROM venues v "
				      "JOIN orgs o ON o.code = v.org_code "
				      "WHERE v.kind IN ('hall', 'center') ORDER BY v.org_code",
				      "");
	if (!st)
		return -1;
	int rc = DB_DONE;
	while (*n < DEMO_MAX_HALLS && (rc = db_step(st, err)) == DB_ROW) {
		struct demo_hall *h = &(*halls)[(*n)++];
		h->venue_id = db_col_int(st, 0);
		snprintf(h->org_code, sizeof h->org_code, "%s", db_col_text(st, 1));
		snprintf(h->org_name, sizeof h->org_name, "%s", db_col_text(st, 2));
		bool county = strcmp(h->org_code, DEMO_COUNTY) == 0;
		bool seat = strcmp(h->org_code, DEMO_SEAT_TOWN) == 0;
		int max = county ? 6 : seat ? 5 : 4;
		int count = (int)db_col_int(st, 3);
		h->windows = count < 2 ? 2 : count > max ? max : count;
		/* One clerk per window, but 城关镇's fifth window falls back to its first clerk. */
		h->clerks = seat ? 4 : h->windows;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Every venue's opening hours; the county centre also opens on Saturday mornings. */
static int seed_all_hours(struct db *db, int64_t now, struct bm_error *err)
{
	int64_t count = 0;
	if (db_query_int(db, err, &count, "SELECT COUNT(*) FROM venues", "") < 0)
		return -1;
	int64_t *ids = calloc((size_t)count + 1, sizeof *ids);
	bool *center = calloc((size_t)count + 1, sizeof *center);
	struct db_stmt *st = ids && center ? db_query(db, err, "SELECT id, kind FROM venues ORDER BY id", "")
					   : NULL;
	int64_t k = 0;
	int rc = st ? DB_DONE : -1;
	if (!ids || !center)
		bm_error_oom(err);
	while (st && k < count && (rc = db_step(st, err)) == DB_ROW) {
		center[k] = strcmp(db_col_text(st, 1), "center") == 0;
		ids[k++] = db_col_int(st, 0);
	}
	if (st)
		db_reset(st);
	rc = rc < 0 ? -1 : 0;
	for (int64_t i = 0; rc == 0 && i < k; i++)
		rc = seed_hours(db, ids[i], center[i], now, err);
	free(ids);
	free(center);
	return rc;
}

/* The first `max` ids the query gives (one integer column) into ids[], their number in *n. */
static int first_ids(struct db *db, const char *sql, int64_t *ids, int max, int *n,
		     struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, sql, "");
	if (!st)
		return -1;
	int rc = 0;
	*n = 0;
	while (*n < max && (rc = db_step(st, err)) == DB_ROW)
		ids[(*n)++] = db_col_int(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Last month's leave: in every third hall the A holder of window 1 was away two days, a week
 * or two ago; the B holder stood in, or the window stood empty where there is none. */
static int seed_past_leave(struct db *db, int64_t now, struct bm_error *err)
{
	int64_t holders[DEMO_MAX_HALLS];
	int n, rc = first_ids(db,
			      "SELECT a_user_id FROM windows WHERE number = 1 AND "
			      "a_user_id IS NOT NULL ORDER BY venue_id",
			      holders, DEMO_MAX_HALLS, &n, err);
	int today = date_of_epoch(now);
	for (int i = 1; rc == 0 && i < n; i += 3)
		rc = book_absence(db, holders[i], "leave", today - 8 - i, today - 7 - i, "事假", now,
				  err);
	return rc;
}

/* The demo's halls have been staffed like this for a while: their duty history (domain/duty.h)
 * is replayed from DUTY_REPLAY_DAYS ago with today's holders and the absences booked, so that
 * window coverage and attendance (domain/stats.h) have a month of figures on a new demo. */
static int seed_duty_history(struct db *db, int64_t now, struct bm_error *err)
{
	int64_t venues[DEMO_MAX_HALLS];
	int n;
	if (seed_past_leave(db, now, err) < 0 ||
	    db_exec_params(db, err, "DELETE FROM duty_log", "") < 0 ||
	    db_exec_params(db, err, "DELETE FROM duty_sync", "") < 0 ||
	    first_ids(db, "SELECT DISTINCT venue_id FROM windows ORDER BY venue_id", venues,
		      DEMO_MAX_HALLS, &n, err) < 0)
		return -1;
	int64_t since = now - (int64_t)DUTY_REPLAY_DAYS * 86400;
	int rc = 0;
	for (int i = 0; rc == 0 && i < n; i++)
		if ((rc = duty_sync(db, venues[i], since, err)) == 0)
			rc = duty_sync(db, venues[i], now, err);
	return rc;
}

int demo_seed_windows(struct db *db, int64_t now, const char *password_hash,
		      struct bm_error *err)
{
	struct demo_hall *halls;
	int n;
	int rc = load_halls(db, &halls, &n, err);
	for (int i = 0; rc == 0 && i < n; i++) {
		rc = seed_groups(db, halls[i].venue_id, now, err);
		if (rc == 0)
			rc = seed_hall_windows(db, &halls[i], password_hash, now, err);
	}
	free(halls);
	if (rc == 0)
		rc = seed_seat_town_findings(db, password_hash, now, err);
	if (rc == 0)
		rc = seed_all_hours(db, now, err);
	return rc == 0 ? seed_duty_history(db, now, err) : -1;
}
