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
** The cases lie within the 60 days before "now". Their deadlines need the working-day calendar:
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
#include "domain/venue.h"
#include "domain/workcal.h"

#include <jansson.h>
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
	}
	return made;
}
