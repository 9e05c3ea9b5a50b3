/*
** demo_training.c — the demo's business training (业务培训, survey §三(三)).
**
** Runs inside the demo seed transaction once the people exist (after demo_seed_windows), with
** the domain's own functions (training.h), so every session, roll and plan is audited like a
** real one. Dates lie in the seed day's year, before the seed day (a session that would fall
** before 1 January is held on 1 January):
**   - the county's session for the town managers at the county centre (120 days back); the
**     managers of 冷水镇 and 麻虎镇 were absent;
**   - a 现场会 the county held at 红花社区's service room (标准化试点 candidate, 45 days back),
**     attended by six towns' managers and the community's agent;
**   - a session at the halls of 城关镇, 中厂镇, 构朳镇, 茅坪镇, 西营镇 and 仓上镇 for their window
**     staff and the agents of their first three villages (one agent absent), and in 城关镇 a
**     second one for all its agents. 卡子镇, 宋家镇, 冷水镇, 双丰镇 and 麻虎镇 held none: the
**     laggards of coverage and of the assessment;
**   - a yearly plan for the county centre and every town hall.
*/
#include "domain/demo.h"

#include "core/date.h"
#include "db/db.h"
#include "domain/training.h"
#include "domain/venue.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define DEMO_COUNTY     "610929"
#define DEMO_SEAT_TOWN  "610929100"    /* 城关镇 */
#define DEMO_PILOT_ROOM "610929100003" /* 红花社区 */

/* The demo account `username` as a principal. */
static int demo_principal(struct db *db, const char *username, struct principal *who,
                          struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
	                              "SELECT u.id, u.role, u.org_code, o.path FROM users u "
	                              "JOIN orgs o ON o.code = u.org_code WHERE u.username = ?",
	                              "t", username);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	memset(who, 0, sizeof *who);
	if (rc == DB_ROW) {
		who->user_id = db_col_int(st, 0);
		rc = role_parse(db_col_text(st, 1), &who->role) == 0 ? DB_ROW : DB_DONE;
		snprintf(who->username, sizeof who->username, "%s", username);
		snprintf(who->org_code, sizeof who->org_code, "%s", db_col_text(st, 2));
		snprintf(who->org_path, sizeof who->org_path, "%s", db_col_text(st, 3));
	}
	db_reset(st);
	if (rc == DB_DONE)
		return bm_error_internal(err, "demo training: a demo account is missing");
	return rc < 0 ? -1 : 0;
}

/* The day `back` days before today, but not before 1 January of today's year. */
static void demo_day(int today, int back, char out[DATE_TEXT_SIZE])
{
	int first = date_from_ymd(date_year(today), 1, 1);
	date_format(today - back < first ? first : today - back, out);
}

struct demo_session {
	const char *organiser; /* username */
	const char *org_code; /* the organising org; its main venue hosts unless venue_org is set */
	const char *venue_org; /* the host venue's org, or NULL */
	const char *kind, *topic, *trainer, *audience;
	double hours;
	int back; /* days before the seed day */
};

/* Holds one session; *id gets its id. */
static int demo_hold(struct db *db, int64_t now, const struct demo_session *s,
                     const struct principal *who, int64_t *id, struct bm_error *err)
{
	int64_t venue_id;
	char day[DATE_TEXT_SIZE];
	int rc = venue_main_of_org(db, s->venue_org ? s->venue_org : s->org_code, &venue_id, err);
	if (rc <= 0)
		return rc < 0 ? -1 : bm_error_internal(err, "demo training: no host venue");
	demo_day(date_of_epoch(now), s->back, day);
	json_t *body =
	    json_pack("{s:I, s:s, s:s, s:s, s:s, s:f, s:s, s:s}", "venue_id", (json_int_t)venue_id,
	              "org_code", s->org_code, "kind", s->kind, "topic", s->topic, "day", day,
	              "hours", s->hours, "trainer", s->trainer, "audience", s->audience);
	json_t *session = NULL;
	rc = training_session_create(db, who, now, body, &session, err);
	json_decref(body);
	if (rc == 0)
		*id = json_integer_value(json_object_get(session, "id"));
	json_decref(session);
	return rc;
}

/* Records the users named by `where` (an SQL condition over u and o, bound to `arg`) as
 * attended, except the usernames in `absent` (NULL-terminated pairs: username, reason). */
static int demo_roll(struct db *db, int64_t now, const struct principal *who, int64_t session,
                     const char *where, const char *arg, const char *const *absent,
                     struct bm_error *err)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT u.id, u.username FROM users u JOIN orgs o ON o.code = u.org_code "
	         "WHERE u.disabled = 0 AND %s ORDER BY u.id",
	         where);
	struct db_stmt *st = db_query(db, err, sql, "t", arg);
	if (!st)
		return -1;
	json_t *records = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *reason = NULL;
		for (const char *const *a = absent; a && *a; a += 2)
			if (strcmp(a[0], db_col_text(st, 1)) == 0)
				reason = a[1];
		json_array_append_new(records,
		                      json_pack("{s:I, s:b, s:s}", "user_id",
		                                (json_int_t)db_col_int(st, 0), "attended", !reason,
		                                "absence_reason", reason ? reason : ""));
	}
	db_reset(st);
	json_t *body = json_pack("{s:o}", "records", records), *roll = NULL;
	if (rc == 0 && json_array_size(records) > 0)
		rc = training_attendance_record(db, who, now, session, body, &roll, err);
	json_decref(roll);
	json_decref(body);
	return rc < 0 ? -1 : 0;
}

/* The towns that trained their people this year, and the topics. */
static const char *const training_towns[] = {"610929100", "610929101", "610929102", "610929104",
                                             "610929106", "610929107", NULL};

/* The username of the agent of the town's village number `nth` (0-based, by code). */
static int village_agent(struct db *db, const char *town, int nth, char out[40],
                         struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
	                              "SELECT code FROM orgs WHERE parent_code = ? ORDER BY code "
	                              "LIMIT 1 OFFSET ?",
	                              "ti", town, (int64_t)nth);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		snprintf(out, 40, "agent-%s", db_col_text(st, 0));
	db_reset(st);
	if (rc == DB_DONE)
		return bm_error_internal(err, "demo training: a town has too few villages");
	return rc < 0 ? -1 : 0;
}

/* A town's session for its window staff and the agents of its first three villages (the third
 * absent); 城关镇 also trains all its agents (the tenth away). */
static int demo_town_session(struct db *db, int64_t now, const char *town, int index,
                             struct bm_error *err)
{
	struct principal mgr;
	char username[32], absent_agent[40];
	int64_t id;
	snprintf(username, sizeof username, "mgr-%s", town);
	struct demo_session s = {username,
	                         town,
	                         NULL,
	                         "training",
	                         "窗口业务与一次性告知规范",
	                         "镇便民服务中心站长",
	                         "本镇窗口人员及部分村代办员",
	                         2.0,
	                         60 + 7 * index};
	const char *absent[] = {absent_agent, "村两委换届工作", NULL};
	if (demo_principal(db, username, &mgr, err) < 0 ||
	    village_agent(db, town, 2, absent_agent, err) < 0 ||
	    demo_hold(db, now, &s, &mgr, &id, err) < 0 ||
	    demo_roll(db, now, &mgr, id, "u.org_code = ? AND u.role = 'window_staff'", town, NULL,
	              err) < 0 ||
	    demo_roll(db, now, &mgr, id,
	              "u.role = 'village_agent' AND u.org_code IN (SELECT code FROM orgs "
	              "WHERE parent_code = ? ORDER BY code LIMIT 3)",
	              town, absent, err) < 0)
		return -1;
	if (strcmp(town, DEMO_SEAT_TOWN) != 0)
		return 0;
	struct demo_session agents = {username,
	                              town,
	                              NULL,
	                              "training",
	                              "帮办代办业务培训",
	                              "镇便民服务中心",
	                              "本镇全体村（社区）代办员",
	                              1.5,
	                              30};
	const char *away[] = {absent_agent, "外出学习", NULL};
	return village_agent(db, town, 9, absent_agent, err) < 0 ||
	               demo_hold(db, now, &agents, &mgr, &id, err) < 0
	           ? -1
	           : demo_roll(db, now, &mgr, id, "u.role = 'village_agent' AND o.parent_code = ?",
	                       town, away, err);
}

static int demo_county_sessions(struct db *db, int64_t now, const struct principal *county,
                                struct bm_error *err)
{
	int64_t id;
	struct demo_session managers = {"supervisor",
	                                DEMO_COUNTY,
	                                NULL,
	                                "training",
	                                "政务服务事项受理与“好差评”制度培训",
	                                "县行政审批服务局",
	                                "各镇便民服务中心站长",
	                                3.0,
	                                120};
	static const char *const absent[] = {"mgr-610929108", "防汛值班", "mgr-610929110", "病假",
	                                     NULL};
	if (demo_hold(db, now, &managers, county, &id, err) < 0 ||
	    demo_roll(db, now, county, id, "u.role = 'venue_manager' AND o.level = ?", "town",
	              absent, err) < 0)
		return -1;
	struct demo_session meeting = {"supervisor",
	                               DEMO_COUNTY,
	                               DEMO_PILOT_ROOM,
	                               "site_meeting",
	                               "标准化便民服务室建设现场会",
	                               "红花社区便民服务室",
	                               "各镇站长、社区代办员",
	                               2.5,
	                               45};
	static const char *const invited[] = {"mgr-610929100", "mgr-610929101", "mgr-610929102",
	                                      "mgr-610929103", "mgr-610929104", "mgr-610929105"};
	if (demo_hold(db, now, &meeting, county, &id, err) < 0 ||
	    demo_roll(db, now, county, id, "u.org_code = ? AND u.role = 'village_agent'",
	              DEMO_PILOT_ROOM, NULL, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof invited / sizeof *invited; i++)
		if (demo_roll(db, now, county, id, "u.username = ?", invited[i], NULL, err) < 0)
			return -1;
	return 0;
}

/* Plans: the county centre 2 sessions / 6 hours, 城关镇 6 / 12, every other hall 4 / 8. */
static int demo_plans(struct db *db, int64_t now, const struct principal *county,
                      struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
	                              "SELECT v.id, v.org_code FROM venues v WHERE v.kind IN "
	                              "('center', 'hall') ORDER BY v.org_code, v.id",
	                              "");
	if (!st)
		return -1;
	int64_t ids[32];
	int sessions[32], n = 0, rc;
	while (n < 32 && (rc = db_step(st, err)) == DB_ROW) {
		const char *org = db_col_text(st, 1);
		ids[n] = db_col_int(st, 0);
		sessions[n++] = strcmp(org, DEMO_COUNTY) == 0      ? 2
		                : strcmp(org, DEMO_SEAT_TOWN) == 0 ? 6
		                                                   : 4;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	int year = date_year(date_of_epoch(now));
	for (int i = 0; i < n; i++) {
		json_t *body =
		           json_pack("{s:i, s:f, s:s}", "planned_sessions", sessions[i],
		                     "planned_hours", sessions[i] == 2 ? 6.0 : 2.0 * sessions[i],
		                     "topics", "事项受理规范、一次性告知、好差评、帮办代办"),
		       *plan = NULL;
		rc = training_plan_put(db, county, now, ids[i], year, body, &plan, err);
		json_decref(body);
		json_decref(plan);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int demo_seed_training(struct db *db, int64_t now, struct bm_error *err)
{
	struct principal county;
	if (demo_principal(db, "supervisor", &county, err) < 0 ||
	    demo_county_sessions(db, now, &county, err) < 0)
		return -1;
	for (int i = 0; training_towns[i]; i++)
		if (demo_town_session(db, now, training_towns[i], i, err) < 0)
			return -1;
	return demo_plans(db, now, &county, err);
}
