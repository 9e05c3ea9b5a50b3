/*
** demo.c — seeding the Baihe County demonstration (see demo.h).
**
** The seed reproduces the survey's §一 (requirements.md §5, F1): the county centre and the
** department halls where 户籍, 市场监管 and 税务 are handled apart (F3); 11 town halls, of which
** 5 are at least 50 m² with at least 4 windows and 6 are smaller, most without item screens,
** zones, CCTV or post boards; 121 village and community rooms, 104 open to the public and 17
** still office layout; 红花社区 with its four zones, opened in June 2020.
**
** The county and town profiles are tables below. The village rooms are derived from each
** village's position in code order by a fixed mixing function: no randomness, so every run
** seeds the same database (tests and screenshots rely on that). Everything happens in one
** transaction, and the one password hash is computed once, outside it.
*/
#include "domain/demo.h"
#include "db/db.h"
#include "domain/account.h"
#include "domain/org.h"
#include "domain/settings.h"
#include "domain/venue.h"
#include "domain/workcal.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char bundled_towns_csv[];
extern const char bundled_villages_csv[];

#define DEMO_COUNTY_CODE "610929"
/* The survey: 104 of the 121 villages and communities have an open service room. */
#define DEMO_OFFICE_ROOMS 17
#define DEMO_HONGHUA "红花社区"
#define DEMO_HOURS "周一至周五 8:30-12:00 14:30-17:30"

static const struct audit_actor demo_actor = {0, "demo"};

struct demo_ctx {
	int64_t now;
	char password_hash[128];
	int seeded;
};

/* --- facility profiles -------------------------------------------------------------------- */

/* One venue's profile, field for field as venue_fields[] (the name is passed apart). */
struct demo_profile {
	const char *location;
	int area_m2;
	int window_count;
	bool open_to_public;
	bool outdoor_sign;
	bool item_screen;
	const char *zones; /* comma list of venue_zone_codes; "" for none */
	bool cctv_inside;
	bool cctv_outside;
	bool post_board;
	bool disclosure_board;
	const char *equipment;
	const char *opened_on; /* 'YYYY-MM-DD' */
	const char *phone;
	const char *hours;
};

static json_t *demo_zones_json(const char *list)
{
	json_t *zones = json_array();
	char copy[128], *save = NULL;
	snprintf(copy, sizeof copy, "%s", list);
	for (char *z = strtok_r(copy, ",", &save); z; z = strtok_r(NULL, ",", &save))
		json_array_append_new(zones, json_string(z));
	return zones;
}

static json_t *demo_profile_json(const struct demo_profile *p)
{
	return json_pack("{s:s, s:i, s:i, s:b, s:b, s:b, s:o, s:b, s:b, s:b, s:b, s:s, s:s?, s:s, "
			 "s:s}",
			 "location", p->location, "area_m2", p->area_m2, "window_count",
			 p->window_count, "open_to_public", p->open_to_public, "outdoor_sign",
			 p->outdoor_sign, "item_screen", p->item_screen, "zones",
			 demo_zones_json(p->zones), "cctv_inside", p->cctv_inside, "cctv_outside",
			 p->cctv_outside, "post_board", p->post_board, "disclosure_board",
			 p->disclosure_board, "equipment", p->equipment, "opened_on", p->opened_on,
			 "phone", p->phone, "hours", p->hours);
}

/* Creates one venue through venue_create, so the seed is validated and audited like any
 * other venue. */
static int demo_venue(struct db *db, struct demo_ctx *ctx, const char *org_code, const char *name,
		      const char *kind, const struct demo_profile *p, struct bm_error *err)
{
	json_t *profile = demo_profile_json(p);
	if (!profile)
		return bm_error_oom(err);
	int64_t id;
	int rc = venue_create(db, org_code, name, kind, profile, &demo_actor, ctx->now, &id, err);
	json_decref(profile);
	return rc;
}

/* --- the county: the centre and the department halls (F3: items scattered) ---------------- */

static const struct demo_county_venue {
	const char *name;
	const char *kind;
	struct demo_profile p;
} county_venues[] = {
	{"县政务服务中心", "center",
	 {.location = "县政务服务中心大楼一、二楼", .area_m2 = 3600, .window_count = 60,
	  .open_to_public = true, .outdoor_sign = true, .item_screen = true,
	  .zones = "handling,waiting,self_service,consultation,meeting", .cctv_inside = true,
	  .cctv_outside = true, .post_board = true, .disclosure_board = true,
	  .equipment = "叫号机、评价器、自助服务终端、事项查询机、等候椅、饮水机、母婴室、"
		       "复印打印区",
	  .opened_on = "2017-12-26", .phone = "0915-7821001",
	  .hours = "周一至周五 8:30-12:00 14:30-17:30，周六上午延时服务"}},
	{"公安局户籍服务大厅", "dept_hall",
	 {.location = "县公安局一楼", .area_m2 = 160, .window_count = 6, .open_to_public = true,
	  .outdoor_sign = true, .item_screen = true, .zones = "handling,waiting",
	  .cctv_inside = true, .cctv_outside = true, .post_board = true, .disclosure_board = true,
	  .equipment = "叫号机、等候椅、身份证自助受理机、照相室", .opened_on = "2016-06-01",
	  .phone = "0915-7821110", .hours = DEMO_HOURS}},
	{"市场监管局服务大厅", "dept_hall",
	 {.location = "县市场监督管理局一楼", .area_m2 = 110, .window_count = 4,
	  .open_to_public = true, .outdoor_sign = true, .zones = "handling,waiting",
	  .cctv_inside = true, .post_board = true, .disclosure_board = true,
	  .equipment = "叫号机、等候椅、办公电脑、打印复印一体机", .opened_on = "2019-03-01",
	  .phone = "0915-7821315", .hours = DEMO_HOURS}},
	{"税务局办税服务厅", "dept_hall",
	 {.location = "县税务局一楼", .area_m2 = 220, .window_count = 8, .open_to_public = true,
	  .outdoor_sign = true, .item_screen = true, .zones = "handling,waiting,self_service",
	  .cctv_inside = true, .cctv_outside = true, .post_board = true, .disclosure_board = true,
	  .equipment = "叫号机、自助办税终端、发票自助领用机、等候椅、饮水机",
	  .opened_on = "2018-07-20", .phone = "0915-7821366", .hours = DEMO_HOURS}},
};

static int demo_county_venues(struct db *db, struct demo_ctx *ctx, struct bm_error *err)
{
	for (size_t i = 0; i < sizeof county_venues / sizeof county_venues[0]; i++) {
		const struct demo_county_venue *v = &county_venues[i];
		if (demo_venue(db, ctx, DEMO_COUNTY_CODE, v->name, v->kind, &v->p, err) < 0)
			return -1;
	}
	return 0;
}

/* --- the towns: 5 halls of at least 50 m² and 4 windows on the ground floor, 6 smaller ------ */

/* Survey §一.1 and §二.1: every hall has a public board; the large ones have waiting chairs and
 * a water dispenser; most have no sign, item screen, zones, CCTV or post board. 城关镇 and
 * 中厂镇 are the exceptions that have some. */
#define TOWN_BIG_EQUIPMENT "等候椅、饮水机、办公电脑、打印机"
#define TOWN_SMALL_EQUIPMENT "办公电脑、打印机"

static const struct demo_town_hall {
	const char *town_code;
	struct demo_profile p;
} town_halls[] = {
	{"610929100",
	 {.location = "镇政府一楼", .area_m2 = 120, .window_count = 8, .open_to_public = true,
	  .outdoor_sign = true, .item_screen = true, .zones = "handling,waiting",
	  .cctv_inside = true, .post_board = true, .disclosure_board = true,
	  .equipment = "等候椅、饮水机、叫号机、办公电脑、打印复印一体机",
	  .opened_on = "2014-03-18", .phone = "0915-7800100", .hours = DEMO_HOURS}},
	{"610929101",
	 {.location = "镇政府一楼", .area_m2 = 85, .window_count = 5, .open_to_public = true,
	  .zones = "", .post_board = true, .disclosure_board = true,
	  .equipment = TOWN_BIG_EQUIPMENT, .opened_on = "2015-05-06", .phone = "0915-7801100",
	  .hours = DEMO_HOURS}},
	{"610929102",
	 {.location = "镇政府一楼", .area_m2 = 70, .window_count = 4, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = TOWN_BIG_EQUIPMENT,
	  .opened_on = "2015-09-21", .phone = "0915-7802100", .hours = DEMO_HOURS}},
	{"610929103",
	 {.location = "镇政府一楼", .area_m2 = 66, .window_count = 4, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = TOWN_BIG_EQUIPMENT,
	  .opened_on = "2016-04-12", .phone = "0915-7803100", .hours = DEMO_HOURS}},
	{"610929104",
	 {.location = "镇政府一楼", .area_m2 = 58, .window_count = 4, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = TOWN_BIG_EQUIPMENT,
	  .opened_on = "2016-08-30", .phone = "0915-7804100", .hours = DEMO_HOURS}},
	{"610929105",
	 {.location = "镇政府院内平房", .area_m2 = 45, .window_count = 3, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = "办公电脑、打印机、等候椅",
	  .opened_on = "2016-11-15", .phone = "0915-7805100", .hours = DEMO_HOURS}},
	{"610929106",
	 {.location = "镇政府二楼", .area_m2 = 40, .window_count = 3, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = TOWN_SMALL_EQUIPMENT,
	  .opened_on = "2017-03-08", .phone = "0915-7806100", .hours = DEMO_HOURS}},
	{"610929107",
	 {.location = "镇政府一楼侧厅", .area_m2 = 36, .window_count = 2, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = TOWN_SMALL_EQUIPMENT,
	  .opened_on = "2017-06-19", .phone = "0915-7807100", .hours = DEMO_HOURS}},
	{"610929108",
	 {.location = "镇政府二楼", .area_m2 = 32, .window_count = 2, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = TOWN_SMALL_EQUIPMENT,
	  .opened_on = "2017-10-10", .phone = "0915-7808100", .hours = DEMO_HOURS}},
	{"610929109",
	 {.location = "镇政府院内平房", .area_m2 = 28, .window_count = 2, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = TOWN_SMALL_EQUIPMENT,
	  .opened_on = "2018-04-02", .phone = "0915-7809100", .hours = DEMO_HOURS}},
	{"610929110",
	 {.location = "镇政府办公楼二楼", .area_m2 = 24, .window_count = 2, .open_to_public = true,
	  .zones = "", .disclosure_board = true, .equipment = TOWN_SMALL_EQUIPMENT,
	  .opened_on = "2018-07-16", .phone = "0915-7810100", .hours = DEMO_HOURS}},
};

static const struct demo_profile *town_hall_profile(const char *town_code)
{
	for (size_t i = 0; i < sizeof town_halls / sizeof town_halls[0]; i++)
		if (strcmp(town_halls[i].town_code, town_code) == 0)
			return &town_halls[i].p;
	return NULL;
}

/* --- orgs as loaded ----------------------------------------------------------------------- */

struct demo_org {
	char code[16];
	char name[96];
	char kind[16];
};

/* Reads the orgs of one level, in code order, into *out (malloc'd; the caller frees it). The
 * rows are copied out first so that no statement stays open while the seed writes. */
static int demo_load_orgs(struct db *db, const char *level, struct demo_org **out, int *n,
			  struct bm_error *err)
{
	int64_t count = 0;
	*out = NULL;
	*n = 0;
	if (db_query_int(db, err, &count, "SELECT COUNT(*) FROM orgs WHERE level = ?", "t",
			 level) < 0)
		return -1;
	*out = calloc(count > 0 ? (size_t)count : 1, sizeof **out);
	if (!*out)
		return bm_error_oom(err);
	const char *sql = "SELECT code, name, kind FROM orgs WHERE level = ? ORDER BY code";
	struct db_stmt *st = db_query(db, err, sql, "t", level);
	if (!st)
		return -1;
	int rc = DB_DONE;
	while (*n < count && (rc = db_step(st, err)) == DB_ROW) {
		struct demo_org *o = &(*out)[(*n)++];
		snprintf(o->code, sizeof o->code, "%s", db_col_text(st, 0));
		snprintf(o->name, sizeof o->name, "%s", db_col_text(st, 1));
		snprintf(o->kind, sizeof o->kind, "%s", db_col_text(st, 2));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* --- users -------------------------------------------------------------------------------- */

static int demo_user(struct db *db, struct demo_ctx *ctx, const char *username, const char *name,
		     enum role role, const char *org_code, struct bm_error *err)
{
	struct account_new a = {
		.username = username,
		.display_name = name,
		.role = role,
		.org_code = org_code,
		.password_hash = ctx->password_hash,
	};
	int64_t id;
	return account_create(db, &a, &demo_actor, ctx->now, &id, err);
}

/* Every town: its hall, its manager (mgr-<code>) and one window clerk (staff-<code>). */
static int demo_town(struct db *db, struct demo_ctx *ctx, const struct demo_org *town,
		     struct bm_error *err)
{
	const struct demo_profile *p = town_hall_profile(town->code);
	if (!p)
		return bm_error_internal(err, "demo: no town hall profile for a bundled town");
	char venue[128], username[64], display[128];
	snprintf(venue, sizeof venue, "%s便民服务中心", town->name);
	if (demo_venue(db, ctx, town->code, venue, "hall", p, err) < 0)
		return -1;
	snprintf(username, sizeof username, "mgr-%s", town->code);
	snprintf(display, sizeof display, "%s站长", town->name);
	if (demo_user(db, ctx, username, display, ROLE_VENUE_MANAGER, town->code, err) < 0)
		return -1;
	snprintf(username, sizeof username, "staff-%s", town->code);
	snprintf(display, sizeof display, "%s窗口人员", town->name);
	return demo_user(db, ctx, username, display, ROLE_WINDOW_STAFF, town->code, err);
}

/* --- villages and communities ------------------------------------------------------------- */

/* A fixed mixing of a village's position and a per-field salt: the rooms differ from one
 * another, and identically on every run. */
static int demo_vary(int index, unsigned salt, int range)
{
	uint32_t x = (uint32_t)index * 2654435761u ^ salt * 40503u;
	x ^= x >> 15;
	x *= 2246822519u;
	x ^= x >> 13;
	return (int)(x % (uint32_t)range);
}

/* Spreads DEMO_OFFICE_ROOMS evenly over the n plain villages (communities, in the county town,
 * all have counters): village k is an office when k·17/n steps up at k. */
static bool demo_is_office(int k, int n)
{
	return (int64_t)(k + 1) * DEMO_OFFICE_ROOMS / n > (int64_t)k * DEMO_OFFICE_ROOMS / n;
}

/* 红花社区, the survey's model room: opened June 2020 with 办理区, 等候区, 会商区 and 会议室. */
static const struct demo_profile honghua_room = {
	.location = "红花社区服务中心一楼", .area_m2 = 160, .window_count = 4,
	.open_to_public = true, .outdoor_sign = true, .item_screen = true,
	.zones = "handling,waiting,consultation,meeting", .cctv_inside = true,
	.cctv_outside = true, .post_board = true, .disclosure_board = true,
	.equipment = "办公电脑、打印复印一体机、等候椅、饮水机、会商桌椅、会议室投影",
	.opened_on = "2020-06-01", .phone = "0915-7800003", .hours = DEMO_HOURS,
};

/* Buffers behind the derived text fields of one village room's profile. */
struct demo_room_text {
	char opened_on[16];
	char phone[32];
};

/* The profile of an ordinary room: a small counter room (open) or, for the offices the survey
 * found, a village committee office with no counter. Phones follow the code: 0915-78 + the
 * town's last two digits + the village's three. */
static void demo_room_profile(const struct demo_org *v, int i, bool office,
			      struct demo_room_text *text, struct demo_profile *p)
{
	bool community = strcmp(v->kind, "community") == 0;
	snprintf(text->opened_on, sizeof text->opened_on, "%d-%02d-%02d",
		 2014 + demo_vary(i, 6, 6), 1 + demo_vary(i, 7, 12), 1 + demo_vary(i, 8, 28));
	snprintf(text->phone, sizeof text->phone, "0915-78%.2s%.3s", v->code + 7, v->code + 9);
	*p = (struct demo_profile){
		.zones = "",
		.disclosure_board = true,
		.opened_on = text->opened_on,
		.phone = text->phone,
		.hours = DEMO_HOURS,
	};
	if (office) {
		p->location = "村委会办公室";
		p->area_m2 = 12 + demo_vary(i, 1, 9);
		p->equipment = "办公电脑";
		return;
	}
	p->location = community ? "社区服务中心一楼" : "村委会一楼";
	p->area_m2 = (community ? 40 : 20) + demo_vary(i, 1, 30);
	p->window_count = (community ? 2 : 1) + demo_vary(i, 2, 2);
	p->open_to_public = true;
	p->outdoor_sign = demo_vary(i, 3, 4) == 0;
	p->zones = demo_vary(i, 4, 5) == 0 ? "handling,waiting" : "";
	p->post_board = demo_vary(i, 5, 6) == 0;
	bool chairs = community || demo_vary(i, 9, 2);
	p->equipment = chairs ? "办公电脑、打印机、等候椅" : "办公电脑、打印机";
	if (!community && demo_vary(i, 10, 4) == 0)
		p->hours = DEMO_HOURS "，农忙时节预约上门";
}

/* Every village and community: its service room and its agent (agent-<code>). */
static int demo_village(struct db *db, struct demo_ctx *ctx, const struct demo_org *v, int i,
			bool office, struct bm_error *err)
{
	struct demo_room_text text;
	struct demo_profile room;
	if (strcmp(v->name, DEMO_HONGHUA) == 0)
		room = honghua_room;
	else
		demo_room_profile(v, i, office, &text, &room);
	char venue[128], username[64], display[128];
	snprintf(venue, sizeof venue, "%s便民服务室", v->name);
	if (demo_venue(db, ctx, v->code, venue, "room", &room, err) < 0)
		return -1;
	snprintf(username, sizeof username, "agent-%s", v->code);
	snprintf(display, sizeof display, "%s代办员", v->name);
	return demo_user(db, ctx, username, display, ROLE_VILLAGE_AGENT, v->code, err);
}

static int demo_villages(struct db *db, struct demo_ctx *ctx, struct bm_error *err)
{
	struct demo_org *villages;
	int n, plain = 0, k = 0, rc = 0;
	if (demo_load_orgs(db, "village", &villages, &n, err) < 0) {
		free(villages);
		return -1;
	}
	for (int i = 0; i < n; i++)
		plain += strcmp(villages[i].kind, "village") == 0;
	for (int i = 0; i < n && rc == 0; i++) {
		bool office = false;
		if (strcmp(villages[i].kind, "village") == 0)
			office = demo_is_office(k++, plain);
		rc = demo_village(db, ctx, &villages[i], i, office, err);
	}
	free(villages);
	return rc;
}

static int demo_towns(struct db *db, struct demo_ctx *ctx, struct bm_error *err)
{
	struct demo_org *towns;
	int n, rc = 0;
	if (demo_load_orgs(db, "town", &towns, &n, err) < 0) {
		free(towns);
		return -1;
	}
	for (int i = 0; i < n && rc == 0; i++)
		rc = demo_town(db, ctx, &towns[i], err);
	free(towns);
	return rc;
}

/* --- the seeding transaction -------------------------------------------------------------- */

static int demo_seed_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct demo_ctx *ctx = vctx;
	int64_t orgs = 0;
	if (db_query_int(db, err, &orgs, "SELECT COUNT(*) FROM orgs", "") < 0)
		return -1;
	if (orgs > 0)
		return 0;
	if (settings_set(db, "system_kind", "demo", err) < 0 ||
	    workcal_import_csv(db, bundled_holidays_csv, &demo_actor, ctx->now, err) < 0 ||
	    org_import_csv(db, bundled_towns_csv, &demo_actor, ctx->now, err) < 0 ||
	    org_import_csv(db, bundled_villages_csv, &demo_actor, ctx->now, err) < 0 ||
	    demo_user(db, ctx, "admin", "系统管理员", ROLE_ADMIN, DEMO_COUNTY_CODE, err) < 0 ||
	    demo_user(db, ctx, "supervisor", "县行政审批服务局", ROLE_COUNTY_SUPERVISOR,
		      DEMO_COUNTY_CODE, err) < 0 ||
	    demo_user(db, ctx, "staff-" DEMO_COUNTY_CODE, "县政务服务中心窗口人员",
		      ROLE_WINDOW_STAFF, DEMO_COUNTY_CODE, err) < 0 ||
	    demo_county_venues(db, ctx, err) < 0 || demo_towns(db, ctx, err) < 0 ||
	    demo_villages(db, ctx, err) < 0 || demo_seed_catalog(db, ctx->now, err) < 0 ||
	    demo_seed_windows(db, ctx->now, ctx->password_hash, err) < 0 ||
	    demo_seed_cases(db, ctx->now, err) < 0 ||
	    demo_seed_standard(db, ctx->now, err) < 0 || demo_seed_training(db, ctx->now, err) < 0)
		return -1;
	ctx->seeded = 1;
	return 0;
}

int demo_seed_if_empty(struct db *db, int64_t now, struct bm_error *err)
{
	struct demo_ctx ctx = {.now = now};
	/* Every demo account shares the one public password, so one argon2id hash serves them
	 * all; hashing it once per account would only slow the seeding down. */
	if (account_hash_password(DEMO_PASSWORD, ctx.password_hash, err) < 0)
		return -1;
	if (db_transaction(db, demo_seed_txn, &ctx, err) < 0)
		return -1;
	return ctx.seeded;
}

void demo_print_welcome(FILE *out, const char *listen, int freshly_seeded)
{
	fprintf(out,
		"\n白河县便民服务系统（演示）%s\n"
		"  数据：1 县、11 镇、121 个村（社区），各级便民服务场所按 2020 年调研现状填写\n"
		"  事项：县、镇、村三级政务服务事项清单（示意）及新生儿出生、农村建房、申请低保等"
		"“一件事”，\n"
		"        事项分散在镇便民服务中心、站所和部门分厅，按调研现状认领\n"
		"  工作台：  http://%s/\n"
		"  演示账号（密码均为 bianmin-demo）：\n"
		"    admin                 系统管理员\n"
		"    supervisor            县行政审批服务局监管人员\n"
		"    staff-610929          县政务服务中心窗口人员（办理镇转报的办件）\n"
		"    mgr-610929100         城关镇站长（mgr-<镇代码>，11 个镇均有）\n"
		"    staff-610929100       城关镇窗口人员（staff-<镇代码>；各镇另有 staff2-、staff3-…，\n"
		"                          县政务服务中心 staff-610929 至 staff6-610929）\n"
		"    agent-610929100003    红花社区代办员（agent-<村代码>，每村、社区一个）\n\n",
		freshly_seeded ? "——已生成演示数据" : "", listen);
	fflush(out);
}
