/*
** demo_cases.c — a history of cases for the demo (requirements.md §5: "a realistic history of
** cases ... so that reports and rankings are not empty").
**
** Every town gets the same handful of scenarios, shifted by its position so that the towns
** differ: cases running, due soon and overdue, waiting for materials after a one-time notice,
** suspended, delivered, done on the spot, and village agency cases on their way to the town
** hall. They are made through the case store itself (case_store.h) with "now" set back to each
** step's moment, so every case carries its events, steps, audit entries and due dates exactly
** as real use would leave them. Names, ID numbers and phones are invented (ID numbers with
** valid check digits). Nothing is random: every seed gives the same cases.
**
** The cases lie within the 60 days before "now"; beside them, ten months of finished cases
** with their ratings give the statistics a history (demo_seed_history). Deadlines need the
** working-day calendar:
** when it does not reach far enough past now (December, before next year's arrangement is
** loaded), the history ends on 1 December of the last loaded year instead (its running cases
** are then overdue); with no usable year at all there are no demo cases rather than a failed
** seed.
*/
#include "domain/demo.h"

#include "core/date.h"
#include "db/db.h"
#include "domain/case_store.h"
#include "domain/catalog.h"
#include "domain/idcard.h"
#include "domain/rating.h"
#include "domain/rating_rules.h"
#include "domain/rectification.h"
#include "domain/venue.h"
#include "domain/workcal.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define DAY 86400

enum demo_actor {
	BY_STAFF, /* staff-<town> at the town hall */
	BY_AGENT, /* agent-<first village of the town> at its room */
};

struct demo_move {
	enum demo_actor by;
	int days_ago;
	int action;       /* enum case_action; -1 ends the list */
	const char *body; /* JSON; "%lld" stands for the town hall's venue id */
};

struct demo_scenario {
	const char *item;
	enum demo_actor by; /* who takes it in */
	const char *channel;
	bool all_materials; /* every material handed in at intake, or only the first */
	int days_ago;       /* of the intake (plus the town's position, mod 3) */
	int every, offset;  /* towns i with i % every == offset */
	struct demo_move moves[5];
};

#define END                                                                                        \
	{                                                                                          \
		BY_STAFF, 0, -1, NULL                                                              \
	}
#define ACCEPT "{}"

static const struct demo_scenario scenarios[] = {
	/* running: 高龄补贴 accepted a few days ago */
	{"610929-GF-0007",
     BY_STAFF,
     "window",
     true,
     2,
     1,
     0,
     {{BY_STAFF, 2, CASE_ACTION_ACCEPT, ACCEPT}, END}},
	/* overdue: 养老保险参保登记 (3 working days) accepted two weeks ago */
	{"610929-GG-0001",
     BY_STAFF,
     "window",
     true,
     14,
     2,
     0,
     {{BY_STAFF, 14, CASE_ACTION_ACCEPT, ACCEPT}, END}},
	/* due soon: 临时救助 (5 working days) accepted about a week ago */
	{"610929-GF-0003",
     BY_STAFF,
     "window",
     true,
     5,
     2,
     1,
     {{BY_STAFF, 5, CASE_ACTION_ACCEPT, ACCEPT}, END}},
	/* waiting for materials after a one-time notice */
	{"610929-GF-0003",
     BY_STAFF,
     "window",
     false,
     3,
     1,
     0,
     {{BY_STAFF, 3, CASE_ACTION_NOTICE, "{\"note\":\"请补齐材料后再来\"}"}, END}},
	/* delivered: 户口簿补领 accepted, approved, picked up */
	{"610929-GG-0023",
     BY_STAFF,
     "window",
     true,
     20,
     1,
     0,
     {{BY_STAFF, 20, CASE_ACTION_ACCEPT, ACCEPT},
      {BY_STAFF, 18, CASE_ACTION_COMPLETE,
       "{\"outcome\":\"approved\",\"result\":\"准予补领\","
       "\"documents\":[\"居民户口簿\"]}"},
      {BY_STAFF, 17, CASE_ACTION_DELIVER, "{\"method\":\"window_pickup\"}"},
      END}},
	/* done on the spot: 户籍证明 (即办件) */
	{"610929-QR-0010",
     BY_STAFF,
     "window",
     true,
     6,
     1,
     0,
     {{BY_STAFF, 6, CASE_ACTION_ACCEPT, ACCEPT},
      {BY_STAFF, 6, CASE_ACTION_COMPLETE,
       "{\"outcome\":\"approved\",\"result\":\"当场出具\","
       "\"documents\":[\"户籍证明\"]}"},
      {BY_STAFF, 6, CASE_ACTION_DELIVER, "{\"method\":\"window_pickup\"}"},
      END}},
	/* suspended for a hearing */
	{"610929-GF-0007",
     BY_STAFF,
     "window",
     true,
     9,
     4,
     1,
     {{BY_STAFF, 9, CASE_ACTION_ACCEPT, ACCEPT},
      {BY_STAFF, 6, CASE_ACTION_SUSPEND,
       "{\"reason_kind\":\"inspection\","
       "\"reason\":\"入户核查家庭情况\"}"},
      END}},
	/* village agency on its way to the hall */
	{"610929-GF-0003",
     BY_AGENT,
     "village_agency",
     true,
     1,
     1,
     0,
     {{BY_AGENT, 1, CASE_ACTION_FORWARD, "{\"to_venue_id\":%lld,\"note\":\"代办员送达\"}"}, END}},
	/* village agency accepted at the hall */
	{"610929-GG-0001",
     BY_AGENT,
     "village_agency",
     true,
     4,
     3,
     0,
     {{BY_AGENT, 4, CASE_ACTION_FORWARD, "{\"to_venue_id\":%lld}"},
      {BY_STAFF, 3, CASE_ACTION_ACCEPT, ACCEPT},
      END}},
};

#define SCENARIOS (sizeof scenarios / sizeof scenarios[0])

/* ---- the people ---- */

static int demo_principal(struct db *db, const char *username, struct principal *p,
			  struct bm_error *err)
{
	struct db_stmt *st =
	    db_query(db, err,
		     "SELECT u.id, u.role, u.display_name, u.org_code, o.name, o.path "
		     "FROM users u JOIN orgs o ON o.code = u.org_code "
		     "WHERE u.username = ?",
		     "t", username);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		memset(p, 0, sizeof *p);
		p->user_id = db_col_int(st, 0);
		role_parse(db_col_text(st, 1), &p->role);
		snprintf(p->username, sizeof p->username, "%s", username);
		snprintf(p->display_name, sizeof p->display_name, "%s", db_col_text(st, 2));
		snprintf(p->org_code, sizeof p->org_code, "%s", db_col_text(st, 3));
		snprintf(p->org_name, sizeof p->org_name, "%s", db_col_text(st, 4));
		snprintf(p->org_path, sizeof p->org_path, "%s", db_col_text(st, 5));
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_internal(err, "demo cases: a demo user is missing");
}

/* An invented applicant: a name, an ID number with its check digit, a mobile number. */
static json_t *demo_applicant(int serial)
{
	static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
					       "周", "吴", "徐", "孙", "胡", "朱", "高"};
	static const char *const given[] = {"秀兰", "建国", "桂英", "志强", "玉梅", "德华", "春花",
					    "明",   "红霞", "国庆", "小燕", "永福", "淑珍"};
	char name[32], id[IDCARD_SIZE], phone[16];
	snprintf(name, sizeof name, "%s%s", surnames[serial % 15], given[(serial * 7) % 13]);
	snprintf(id, sizeof id, "610929%04d%02d%02d%03d", 1940 + (serial * 13) % 60,
		 1 + serial % 12, 1 + (serial * 5) % 28, (serial * 37) % 1000);
	id[17] = idcard_check_char(id);
	id[18] = '\0';
	snprintf(phone, sizeof phone, "1%d%09d", 3 + serial % 6,
		 (serial * 7919 + 1234567) % 1000000000);
	return json_pack("{s:s, s:s, s:s}", "name", name, "id_number", id, "phone", phone);
}

/* ---- one case ---- */

struct demo_town {
	struct principal staff, agent;
	int64_t hall;
	int index;
};

static json_t *received_materials(struct db *db, const char *item, bool all, struct bm_error *err)
{
	json_t *doc;
	int found = catalog_get(db, item, 0, &doc, err);
	if (found <= 0) {
		if (found == 0)
			bm_error_internal(err, "demo cases: an item is missing");
		return NULL;
	}
	json_t *names = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(doc, "materials"), i, m)
		if (all || i == 0)
			json_array_append(names, json_object_get(m, "name"));
	json_decref(doc);
	return names;
}

static int demo_move(struct db *db, const struct demo_town *t, const char *no,
		     const struct demo_move *m, int64_t at, struct bm_error *err)
{
	char text[256];
	snprintf(text, sizeof text, m->body, (long long)t->hall);
	json_t *body = json_loads(text, 0, NULL);
	if (!body)
		return bm_error_internal(err, "demo cases: a scripted body is not JSON");
	const struct principal *who = m->by == BY_AGENT ? &t->agent : &t->staff;
	int rc = case_act(db, who, at, no, (enum case_action)m->action, body, err);
	json_decref(body);
	return rc;
}

static int demo_case(struct db *db, int64_t now, const struct demo_town *t,
		     const struct demo_scenario *s, int serial, struct bm_error *err)
{
	int shift = t->index % 3;
	/* Times of day from 09:00 on, a quarter of an hour apart, so the moves keep their order. */
	int64_t morning = now - (now + 8 * 3600) % DAY + 9 * 3600;
	int64_t at = morning - (int64_t)(s->days_ago + shift) * DAY;
	json_t *received = received_materials(db, s->item, s->all_materials, err);
	if (!received)
		return -1;
	json_t *body =
	    json_pack("{s:s, s:s, s:o, s:o}", "item_code", s->item, "channel", s->channel,
		      "applicant", demo_applicant(serial), "materials_received", received);
	char no[CASE_NO_SIZE];
	int rc = case_intake(db, s->by == BY_AGENT ? &t->agent : &t->staff, at, body, no, err);
	json_decref(body);
	for (int k = 0; rc == 0 && s->moves[k].action >= 0; k++) {
		int64_t when =
		    morning - (int64_t)(s->moves[k].days_ago + shift) * DAY + (k + 1) * 15 * 60;
		rc = demo_move(db, t, no, &s->moves[k], when, err);
	}
	return rc;
}

/* ---- the towns ---- */

static int demo_town_people(struct db *db, const char *town, int index, struct demo_town *t,
			    struct bm_error *err)
{
	char username[64], village[16] = "";
	t->index = index;
	snprintf(username, sizeof username, "staff-%s", town);
	if (demo_principal(db, username, &t->staff, err) < 0 ||
	    venue_main_of_org(db, town, &t->hall, err) <= 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      "SELECT MIN(code) FROM orgs WHERE parent_code = ? "
				      "AND level = 'village'",
				      "t", town);
	if (!st)
		return -1;
	if (db_step(st, err) == DB_ROW && db_col_text(st, 0))
		snprintf(village, sizeof village, "%s", db_col_text(st, 0));
	db_reset(st);
	snprintf(username, sizeof username, "agent-%s", village);
	return demo_principal(db, username, &t->agent, err);
}

/* Whether the calendar covers the demo's stretch around `at`: 60 days back, and the due dates
 * of the cases still running (15 working days on). */
static bool demo_calendar_covers(const struct calendar *cal, int64_t at)
{
	struct bm_error err;
	int today = date_of_epoch(at), later, back;
	return calendar_add_working_days(cal, today, 15, &later, &err) == 0 &&
	       calendar_working_days_between(cal, today - 60, today, &back, &err) == 0;
}

/* The moment the demo history ends: now, or, when the calendar does not reach far enough
 * ahead (a demo seeded in December before next year's holidays are announced), a month before
 * the end of the last loaded year. 0 when neither is covered. */
static int64_t demo_anchor(struct db *db, int64_t now)
{
	struct bm_error err;
	void *handle;
	const struct calendar *cal = workcal_acquire(db, &handle, &err);
	if (!cal)
		return 0;
	int first, last;
	calendar_year_range(cal, &first, &last);
	int64_t end = (int64_t)(date_from_ymd(last, 12, 1) - date_of_epoch(now)) * DAY + now;
	int64_t anchor = demo_calendar_covers(cal, now) ? now
			 : last && end < now && demo_calendar_covers(cal, end) ? end
									      : 0;
	workcal_release(handle);
	return anchor;
}

/* ---- the months before: finished cases and their ratings ---- */

/* Ten months of finished work up to the last days, so that the dashboard, the assessment
 * and the bulletins have a history to compare: each town takes in a few cases a month at its
 * hall and finishes them — on time, or late in the towns and months the pattern picks — and
 * most applicants rate the service at the counter; a 差评 is followed up and rectified within
 * two days. Months the loaded calendar does not cover are skipped. */
#define HISTORY_MONTHS 10

static const char *const history_items[] = {
	"610929-QR-0010", /* 户籍证明, 即办件 */
	"610929-GF-0003", /* 临时救助, 5 working days */
	"610929-GG-0001", /* 养老保险参保登记, 3 working days */
};

/* The rating level of the j-th case of town i in month m, or -1 for none: mostly 非常满意 and
 * 满意, some 基本满意, and a 差评 now and then in some towns. */
static int history_level(int i, int m, int j)
{
	if (j % 3 == 2)
		return -1;
	int r = (i * 5 + m * 11 + j * 3) % 20;
	return r < 10   ? RATING_VERY_SATISFIED
	       : r < 16 ? RATING_SATISFIED
	       : r < 18 ? RATING_BASIC
	       : r == 18 ? (i % 3 == 1 ? RATING_DISSATISFIED : RATING_SATISFIED)
			 : (i % 5 == 2 ? RATING_VERY_DISSATISFIED : RATING_BASIC);
}

/* The follow-up and the fix of the rectification task a 差评 opened, a day apart. */
static int history_rectify(struct db *db, const struct demo_town *t, int64_t rating_id,
			   int64_t at, struct bm_error *err)
{
	int64_t task;
	if (db_query_int(db, err, &task, "SELECT id FROM rectifications WHERE rating_id = ?", "i",
			 rating_id) <= 0)
		return -1;
	json_t *note = json_pack("{s:s}", "note", "已电话回访，了解不满意原因");
	json_t *fix = json_pack("{s:s}", "outcome", "已向申请人说明并改进窗口服务");
	int rc = rectification_act(db, task, RECTIFY_FOLLOW_UP, note, &t->staff, at, err);
	if (rc == 0)
		rc = rectification_act(db, task, RECTIFY_FIX, fix, &t->staff, at + DAY, err);
	json_decref(note);
	json_decref(fix);
	return rc;
}

/* The citizen's rating of a delivered case at the counter (with the receipt's key). */
static int history_rate(struct db *db, const struct demo_town *t, const char *no, int level,
			int64_t at, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT track_key FROM cases WHERE no = ?", "t", no);
	if (!st || db_step(st, err) != DB_ROW)
		return st ? (db_reset(st), bm_error_internal(err, "demo: a case is missing")) : -1;
	json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "no", no, "key", db_col_text(st, 0),
				 "channel", "onsite", "level", rating_level_names[level]);
	db_reset(st);
	void *handle;
	int64_t id;
	const struct calendar *cal = workcal_acquire(db, &handle, err);
	int rc = cal ? rating_submit(db, body, NULL, cal, at, &id, err) : -1;
	if (cal)
		workcal_release(handle);
	json_decref(body);
	if (rc == 0 && rating_level_is_bad((enum rating_level)level))
		rc = history_rectify(db, t, id, at + DAY, err);
	return rc;
}

/* One finished case: taken in and accepted at `at`, completed `days` days later (0: on the
 * spot), picked up at once, rated or not. */
static int history_case(struct db *db, const struct demo_town *t, int64_t at, const char *item,
			int days, int level, int serial, struct bm_error *err)
{
	json_t *received = received_materials(db, item, true, err);
	if (!received)
		return -1;
	json_t *body =
	    json_pack("{s:s, s:s, s:o, s:o}", "item_code", item, "channel", "window", "applicant",
		      demo_applicant(serial), "materials_received", received);
	char no[CASE_NO_SIZE];
	int64_t done = at + (int64_t)days * DAY + 30 * 60;
	json_t *accept = json_object();
	json_t *complete = json_pack("{s:s, s:s}", "outcome", "approved", "result", "准予");
	json_t *deliver = json_pack("{s:s}", "method", "window_pickup");
	int rc = case_intake(db, &t->staff, at, body, no, err);
	if (rc == 0)
		rc = case_act(db, &t->staff, at + 10 * 60, no, CASE_ACTION_ACCEPT, accept, err);
	if (rc == 0)
		rc = case_act(db, &t->staff, done, no, CASE_ACTION_COMPLETE, complete, err);
	if (rc == 0)
		rc = case_act(db, &t->staff, done + 10 * 60, no, CASE_ACTION_DELIVER, deliver, err);
	if (rc == 0 && level >= 0)
		rc = history_rate(db, t, no, level, done + 20 * 60, err);
	json_decref(body);
	json_decref(accept);
	json_decref(complete);
	json_decref(deliver);
	return rc;
}

/* The month m (1 = the last 30 days) of town t: 2 to 4 cases on working days; towns
 * with i % 4 == 0 are always on time, the others late in up to 30% of their cases. Returns the
 * number made, or -1. */
static int history_month(struct db *db, const struct calendar *cal, const struct demo_town *t,
			 int64_t morning, int m, int *serial, struct bm_error *err)
{
	int i = t->index, made = 0, first, last;
	calendar_year_range(cal, &first, &last);
	for (int j = 0; j < 2 + (i + m) % 3; j++) {
		int day = date_of_epoch(morning) - 30 * m - 7 * j - i % 3, working, y, mo, d;
		date_to_ymd(day, &y, &mo, &d);
		if (y < first || y > last || calendar_add_working_days(cal, day - 1, 1, &working, err) < 0)
			continue;
		const char *item = history_items[(i + m + j) % 3];
		bool instant = strcmp(item, history_items[0]) == 0;
		bool late = !instant && (i * 7 + m * 3 + j) % 10 < i % 4;
		int64_t at = morning + (int64_t)(working - date_of_epoch(morning)) * DAY + j * 20 * 60;
		if (history_case(db, t, at, item, instant ? 0 : late ? 12 : 2, history_level(i, m, j),
				 ++*serial, err) < 0)
			return -1;
		made++;
	}
	return made;
}

static int demo_seed_history(struct db *db, int64_t now, const struct demo_town *t, int *serial,
			     struct bm_error *err)
{
	void *handle;
	const struct calendar *cal = workcal_acquire(db, &handle, err);
	if (!cal)
		return -1;
	int64_t morning = now - (now + 8 * 3600) % DAY + 9 * 3600;
	int made = 0;
	for (int m = 1; made >= 0 && m <= HISTORY_MONTHS; m++) {
		int n = history_month(db, cal, t, morning, m, serial, err);
		made = n < 0 ? -1 : made + n;
	}
	workcal_release(handle);
	return made;
}

int demo_seed_cases(struct db *db, int64_t now, struct bm_error *err)
{
	now = demo_anchor(db, now);
	if (!now)
		return 0;
	struct db_stmt *st =
	    db_query(db, err, "SELECT code FROM orgs WHERE level = 'town' ORDER BY code", "");
	if (!st)
		return -1;
	char towns[32][16];
	int n = 0, rc;
	while (n < 32 && (rc = db_step(st, err)) == DB_ROW)
		snprintf(towns[n++], sizeof towns[0], "%s", db_col_text(st, 0));
	db_reset(st);
	int serial = 0, made = 0;
	for (int i = 0; i < n; i++) {
		struct demo_town t;
		if (demo_town_people(db, towns[i], i, &t, err) < 0)
			return -1;
		for (size_t k = 0; k < SCENARIOS; k++) {
			const struct demo_scenario *s = &scenarios[k];
			if (i % s->every != s->offset)
				continue;
			if (demo_case(db, now, &t, s, ++serial, err) < 0)
				return -1;
			made++;
		}
		int past = demo_seed_history(db, now, &t, &serial, err);
		if (past < 0)
			return -1;
		made += past;
	}
	return made;
}
