/*
** demo_catalog.c — the demo catalogue and where its items are handled today (issue 3, F3).
**
** Runs inside the demo seed transaction, after the orgs, the county and town venues and the
** village rooms exist. In order:
**   1. the bundled data/baihe-items.csv goes through item_csv_import(), the same importer as
**      `bianmin import items`, so the demo exercises it and a bad row fails the seed;
**   2. every town gets the offices the survey found beside its hall: a 派出所户籍室 and a
**      市场监管所 (department halls), a 国土规划建设站 and a 乡村振兴工作站 (offices, no public
**      counter); two towns have a 税务分局;
**   3. the venues claim the items where the survey found them (§一.3, §二.2): the town halls
**      社保申请及查询, 社会求助/救助, 合疗查询（证明）, 涉农资金兑付及查询 and similar desk
**      items; 建房审批 and 扶贫 stay in the town offices; 户籍, 市场监管 and 税务 in the
**      department halls; the village rooms issue certificates, answer queries and take
**      代办; the county centre the county-level items of its department windows;
**   4. the life events (一件事) that make 多头跑路 visible as a number in wayfinding.
** Moving a claim from an office into the hall is then exactly the reform the numbers measure.
** Everything is tables and code order: no randomness, the same database on every run.
*/
#include "domain/demo.h"
#include "db/db.h"
#include "domain/claim.h"
#include "domain/item_csv.h"
#include "domain/life_event.h"
#include "domain/venue.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char bundled_items_csv[];

static const struct audit_actor demo_actor = {0, "demo"};

#define OFFICE_HOURS "周一至周五 8:30-12:00 14:30-17:30"

/* --- town offices ------------------------------------------------------------------------- */

/* One office every town has. The name is the town's name plus `suffix`; the phone is
 * 0915-78 + the town's last two code digits + `extension`, like the halls' numbers. */
static const struct town_office {
	const char *suffix;
	const char *kind;
	const char *location;
	int area_m2;
	int window_count;
	bool open_to_public; /* false: an office layout, no counter */
	const char *equipment;
	const char *extension;
	const char *hours;
} town_offices[] = {
	{"派出所户籍室", "dept_hall", "镇派出所一楼", 30, 2, true,
	 "办公电脑、身份证受理设备、照相设备、等候椅", "110", OFFICE_HOURS},
	{"市场监管所", "dept_hall", "市场监管所一楼", 24, 1, true, "办公电脑、打印机", "315",
	 OFFICE_HOURS},
	/* The survey: 建房审批 and 扶贫 sit in the town's own offices, upstairs, often empty
	 * while the staff are out in the villages. */
	{"国土规划建设站", "office", "镇政府二楼", 18, 0, false, "办公电脑、打印机", "120",
	 OFFICE_HOURS "（常下村，建议电话预约）"},
	{"乡村振兴工作站", "office", "镇政府二楼", 16, 0, false, "办公电脑", "130",
	 OFFICE_HOURS "（常下村，建议电话预约）"},
};

/* The towns with a tax branch (税务分局) of their own; the others go to the county. */
static const struct tax_branch {
	const char *town_code;
	const char *name;
} tax_branches[] = {
	{"610929101", "国家税务总局白河县税务局中厂税务分局"},
	{"610929103", "国家税务总局白河县税务局卡子税务分局"},
};

static json_t *office_profile(const char *town_code, const char *location, int area_m2,
			      int window_count, bool open_to_public, const char *equipment,
			      const char *extension, const char *hours)
{
	char phone[32];
	snprintf(phone, sizeof phone, "0915-78%.2s%s", town_code + 7, extension);
	return json_pack("{s:s, s:i, s:i, s:b, s:b, s:b, s:s, s:s, s:s}", "location", location,
			 "area_m2", area_m2, "window_count", window_count, "open_to_public",
			 open_to_public, "outdoor_sign", open_to_public, "disclosure_board", true,
			 "equipment", equipment, "phone", phone, "hours", hours);
}

static int create_office(struct db *db, int64_t now, const char *town_code, const char *name,
			 const char *kind, json_t *profile, struct bm_error *err)
{
	if (!profile)
		return bm_error_oom(err);
	int64_t id;
	int rc = venue_create(db, town_code, name, kind, profile, &demo_actor, now, &id, err);
	json_decref(profile);
	return rc;
}

static int town_offices_of(struct db *db, int64_t now, const char *town_code,
			   const char *town_name, struct bm_error *err)
{
	for (size_t i = 0; i < sizeof town_offices / sizeof town_offices[0]; i++) {
		const struct town_office *o = &town_offices[i];
		char name[128];
		snprintf(name, sizeof name, "%s%s", town_name, o->suffix);
		json_t *p = office_profile(town_code, o->location, o->area_m2, o->window_count,
					   o->open_to_public, o->equipment, o->extension, o->hours);
		if (create_office(db, now, town_code, name, o->kind, p, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof tax_branches / sizeof tax_branches[0]; i++) {
		if (strcmp(tax_branches[i].town_code, town_code) != 0)
			continue;
		const char *name = tax_branches[i].name;
		json_t *p = office_profile(town_code, "税务分局一楼", 60, 3, true,
					   "办公电脑、自助办税终端、等候椅", "366", OFFICE_HOURS);
		if (create_office(db, now, town_code, name, "dept_hall", p, err) < 0)
			return -1;
	}
	return 0;
}

struct town_row {
	char code[16];
	char name[96];
};

/* The towns in code order, copied out first so that no statement stays open while venues are
 * written. *out is malloc'd; the caller frees it. */
static int load_towns(struct db *db, struct town_row **out, int *n, struct bm_error *err)
{
	int64_t count = 0;
	*out = NULL;
	*n = 0;
	if (db_query_int(db, err, &count, "SELECT COUNT(*) FROM orgs WHERE level = 'town'", "") < 0)
		return -1;
	*out = calloc(count > 0 ? (size_t)count : 1, sizeof **out);
	if (!*out)
		return bm_error_oom(err);
	struct db_stmt *st = db_query(
		db, err, "SELECT code, name FROM orgs WHERE level = 'town' ORDER BY code", "");
	if (!st)
		return -1;
	int rc = DB_DONE;
	while (*n < count && (rc = db_step(st, err)) == DB_ROW) {
		snprintf((*out)[*n].code, sizeof (*out)[*n].code, "%s", db_col_text(st, 0));
		snprintf((*out)[*n].name, sizeof (*out)[*n].name, "%s", db_col_text(st, 1));
		(*n)++;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int seed_town_offices(struct db *db, int64_t now, struct bm_error *err)
{
	struct town_row *towns;
	int n, rc;
	rc = load_towns(db, &towns, &n, err);
	for (int i = 0; rc == 0 && i < n; i++)
		rc = town_offices_of(db, now, towns[i].code, towns[i].name, err);
	free(towns);
	return rc;
}

/* --- claims: where each item is handled today --------------------------------------------- */

/* The groups of venues that claim items. A venue belongs to a group by its kind and name, as
 * seeded by demo.c (county) and above (towns). */
enum {
	AT_ROOMS = 1 << 0,  /* every village and community room, office-layout ones too */
	AT_OPEN = 1 << 1,   /* the rooms with a public counter (open_to_public) */
	AT_HALL = 1 << 2,   /* the town halls 镇便民服务中心 */
	AT_POLICE = 1 << 3, /* 派出所户籍室 and the county 公安局户籍服务大厅 */
	AT_MARKET = 1 << 4, /* 市场监管所 and the county 市场监管局服务大厅 */
	AT_TAX = 1 << 5,    /* 税务分局 and the county 税务局办税服务厅 */
	AT_BUILD = 1 << 6,  /* 镇国土规划建设站 */
	AT_RURAL = 1 << 7,  /* 镇乡村振兴工作站 */
	AT_CENTER = 1 << 8, /* 县政务服务中心 */
	AT_MARKET_COUNTY = 1 << 9, /* the county 市场监管局服务大厅 alone (county-only items) */
};

static const struct venue_group {
	int bit;
	const char *kind;
	const char *name_like;
	int min_open; /* 1: only venues open to the public */
} venue_groups[] = {
	{AT_ROOMS, "room", "%", 0},
	{AT_OPEN, "room", "%", 1},
	{AT_HALL, "hall", "%", 0},
	{AT_POLICE, "dept_hall", "%户籍%", 0},
	{AT_MARKET, "dept_hall", "%市场监管%", 0},
	{AT_TAX, "dept_hall", "%税务%", 0},
	{AT_BUILD, "office", "%规划建设%", 0},
	{AT_RURAL, "office", "%乡村振兴%", 0},
	{AT_CENTER, "center", "%", 0},
	{AT_MARKET_COUNTY, "dept_hall", "市场监管局%", 0},
};

#define VENUE_GROUPS (sizeof venue_groups / sizeof venue_groups[0])

/* The survey's placement (F3), item by item. Items that a level may receive but that nobody
 * there claims yet (e.g. 低保 at the village, 宅基地 in the hall) are the room for reform. */
static const struct placement {
	const char *code;
	int at;
} placements[] = {
	/* 社保申请及查询: in the halls; the rooms help with enrolment, certification, queries */
	{"610929-GG-0001", AT_OPEN | AT_HALL | AT_CENTER}, /* 居民养老参保登记 */
	{"610929-GG-0002", AT_HALL | AT_CENTER},           /* 养老待遇申领 */
	{"610929-GG-0003", AT_OPEN | AT_HALL | AT_CENTER}, /* 待遇领取资格认证 */
	{"610929-GG-0004", AT_OPEN | AT_HALL | AT_CENTER}, /* 社保缴费查询 */
	{"610929-GG-0005", AT_HALL | AT_CENTER},           /* 参保信息变更 */
	{"610929-GG-0006", AT_HALL | AT_CENTER},           /* 关系转移接续 */
	{"610929-GG-0007", AT_HALL | AT_CENTER},           /* 注销及丧葬补助金 */
	{"610929-GG-0008", AT_HALL | AT_CENTER},           /* 社会保障卡申领 */
	{"610929-GG-0009", AT_HALL | AT_CENTER},           /* 就业创业证 */
	{"610929-GG-0010", AT_CENTER},                     /* 创业担保贷款 */
	/* 社会求助 / 社会救助 and the other 民政 desk items: in the halls */
	{"610929-GF-0001", AT_HALL},             /* 最低生活保障（低保） */
	{"610929-GF-0002", AT_HALL},             /* 特困人员救助供养 */
	{"610929-GF-0003", AT_HALL | AT_CENTER}, /* 临时救助 */
	{"610929-GF-0004", AT_HALL | AT_CENTER}, /* 医疗救助 */
	{"610929-GF-0005", AT_HALL},             /* 自然灾害生活救助 */
	{"610929-GF-0006", AT_HALL},             /* 残疾人两项补贴 */
	{"610929-GF-0007", AT_HALL},             /* 高龄补贴 */
	{"610929-GF-0008", AT_HALL},             /* 孤儿基本生活费 */
	{"610929-GG-0011", AT_CENTER},           /* 老年人优待证 */
	{"610929-QR-0001", AT_CENTER},           /* 结婚登记 */
	{"610929-GG-0012", AT_CENTER},           /* 殡葬费用减免 */
	/* 合疗查询（证明）: in the halls; enrolment and queries also in the rooms */
	{"610929-GG-0013", AT_OPEN | AT_HALL | AT_CENTER}, /* 居民医保参保登记 */
	{"610929-GG-0014", AT_OPEN | AT_HALL | AT_CENTER}, /* 医保缴费查询 */
	{"610929-GG-0015", AT_HALL | AT_CENTER},           /* 参保缴费证明 */
	{"610929-GF-0009", AT_HALL | AT_CENTER},           /* 医疗费用报销 */
	{"610929-GG-0016", AT_HALL | AT_CENTER},           /* 异地就医备案 */
	{"610929-QR-0002", AT_CENTER},                     /* 门诊慢特病认定 */
	/* 涉农资金兑付及查询: in the halls; the rest of 农业、林业 at the county */
	{"610929-GF-0010", AT_HALL},           /* 耕地地力保护补贴 */
	{"610929-GG-0017", AT_OPEN | AT_HALL}, /* 惠农资金查询 */
	{"610929-GF-0011", AT_CENTER},         /* 农机购置补贴 */
	{"610929-GG-0018", AT_HALL},           /* 土地流转备案 */
	{"610929-XK-0001", AT_CENTER},         /* 林木采伐许可 */
	{"610929-QR-0003", AT_CENTER},         /* 林权登记 */
	{"610929-GF-0012", AT_HALL},           /* 退耕还林兑付 */
	{"610929-GF-0013", AT_HALL},           /* 生态效益补偿兑付 */
	/* 建房审批: in the town's 国土规划建设站, not the hall; registration at the county */
	{"610929-XK-0002", AT_BUILD},  /* 宅基地和建房审批 */
	{"610929-XK-0003", AT_BUILD},  /* 乡村建设规划许可 */
	{"610929-GF-0014", AT_BUILD},  /* 危房改造补助 */
	{"610929-QR-0004", AT_BUILD},  /* 住宅竣工验收 */
	{"610929-QR-0005", AT_CENTER}, /* 不动产登记 */
	/* 扶贫 / 防返贫: in the town's 乡村振兴工作站, not the hall */
	{"610929-QT-0001", AT_RURAL}, /* 防返贫监测申报 */
	{"610929-GG-0019", AT_RURAL}, /* 小额信贷 */
	{"610929-GF-0015", AT_RURAL}, /* 雨露计划 */
	{"610929-GF-0016", AT_RURAL}, /* 产业奖补 */
	{"610929-GG-0020", AT_RURAL}, /* 公益性岗位 */
	/* 户籍: 派出所 and the county police hall */
	{"610929-QR-0006", AT_POLICE}, /* 出生登记 */
	{"610929-QR-0007", AT_POLICE}, /* 户口迁移 */
	{"610929-GG-0021", AT_POLICE}, /* 居民身份证 */
	{"610929-QR-0008", AT_POLICE}, /* 死亡注销户口 */
	{"610929-QR-0009", AT_POLICE}, /* 户口项目变更更正 */
	{"610929-QR-0010", AT_POLICE}, /* 户籍证明 */
	{"610929-GG-0022", AT_POLICE}, /* 居住证 */
	{"610929-GG-0023", AT_POLICE}, /* 户口簿补换领 */
	/* 市场监管: 市场监管所 and the county hall */
	{"610929-XK-0004", AT_MARKET}, /* 个体户设立 */
	{"610929-XK-0005", AT_MARKET}, /* 个体户变更 */
	{"610929-XK-0006", AT_MARKET}, /* 个体户注销 */
	{"610929-XK-0007", AT_MARKET}, /* 食品经营许可 */
	{"610929-XK-0008", AT_MARKET}, /* 小餐饮登记 */
	{"610929-XK-0009", AT_MARKET_COUNTY}, /* 合作社登记（县级） */
	/* 税务: the county 办税服务厅 and two town branches; the rooms help pay the premiums */
	{"610929-QT-0002", AT_TAX},           /* 定期定额核定 */
	{"610929-GG-0024", AT_TAX},           /* 代开发票 */
	{"610929-GG-0025", AT_TAX},           /* 新办纳税人 */
	{"610929-ZS-0001", AT_OPEN | AT_TAX}, /* 城乡居民社保费缴纳 */
	{"610929-GG-0026", AT_TAX},           /* 完税证明 */
	/* 卫生健康 */
	{"610929-GG-0027", AT_OPEN | AT_HALL}, /* 生育登记 */
	{"610929-GF-0017", AT_HALL},           /* 计生奖励扶助 */
	{"610929-GF-0018", AT_HALL},           /* 计生特别扶助 */
	{"610929-GG-0028", AT_CENTER},         /* 出生医学证明补发 */
	/* 残疾人服务 and 退役军人 */
	{"610929-QR-0011", AT_CENTER},           /* 残疾人证 */
	{"610929-GF-0019", AT_CENTER},           /* 辅具适配补贴 */
	{"610929-GG-0029", AT_HALL | AT_CENTER}, /* 退役军人优待证 */
	{"610929-GF-0020", AT_HALL},             /* 义务兵优待金 */
	{"610929-GF-0021", AT_HALL},             /* 农村籍退役士兵补助 */
	/* The village rooms: certificates (even the office-layout rooms issue them), 代办 and
	 * 信访调处 where there is a counter */
	{"610929-GG-0030", AT_ROOMS},                      /* 居住证明 */
	{"610929-GG-0031", AT_ROOMS},                      /* 亲属关系证明 */
	{"610929-GG-0032", AT_ROOMS},                      /* 在家死亡情况证明 */
	{"610929-GG-0033", AT_ROOMS},                      /* 种植情况证明 */
	{"610929-GG-0034", AT_OPEN},                       /* 村级帮办代办 */
	{"610929-QT-0003", AT_OPEN | AT_HALL | AT_CENTER}, /* 信访登记 */
	{"610929-GG-0035", AT_ROOMS | AT_HALL},            /* 人民调解 */
};

/* The ids of one group's venues, in id order (caller frees *ids). */
static int group_venues(struct db *db, const struct venue_group *g, int64_t **ids, int *n,
			struct bm_error *err)
{
	int64_t count = 0;
	*ids = NULL;
	*n = 0;
	if (db_query_int(db, err, &count, "SELECT COUNT(*) FROM venues", "") < 0)
		return -1;
	*ids = calloc(count > 0 ? (size_t)count : 1, sizeof **ids);
	if (!*ids)
		return bm_error_oom(err);
	struct db_stmt *st = db_query(db, err,
				      "SELECT id FROM venues WHERE kind = ? AND name LIKE ? "
				      "AND open_to_public >= ? ORDER BY id",
				      "tti", g->kind, g->name_like, (int64_t)g->min_open);
	if (!st)
		return -1;
	int rc = DB_DONE;
	while (*n < count && (rc = db_step(st, err)) == DB_ROW)
		(*ids)[(*n)++] = db_col_int(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

struct group_ids {
	int64_t *ids;
	int n;
};

static int claim_for_group(struct db *db, int64_t now, const struct group_ids *g,
			   const char *item_code, struct bm_error *err)
{
	for (int k = 0; k < g->n; k++) {
		int created;
		if (claim_add(db, g->ids[k], item_code, &demo_actor, now, &created, err) < 0)
			return -1;
	}
	return 0;
}

static int seed_claims(struct db *db, int64_t now, struct bm_error *err)
{
	struct group_ids groups[VENUE_GROUPS] = {{0}};
	int rc = 0;
	for (size_t g = 0; rc == 0 && g < VENUE_GROUPS; g++)
		rc = group_venues(db, &venue_groups[g], &groups[g].ids, &groups[g].n, err);
	for (size_t i = 0; rc == 0 && i < sizeof placements / sizeof placements[0]; i++)
		for (size_t g = 0; rc == 0 && g < VENUE_GROUPS; g++)
			if (placements[i].at & venue_groups[g].bit)
				rc = claim_for_group(db, now, &groups[g], placements[i].code, err);
	for (size_t g = 0; g < VENUE_GROUPS; g++)
		free(groups[g].ids);
	return rc;
}

/* --- life events (一件事) ----------------------------------------------------------------- */

#define MAX_EVENT_ITEMS 8

static const struct demo_event {
	const char *code;
	const char *name;
	const char *description;
	const char *items[MAX_EVENT_ITEMS]; /* NULL-terminated */
} demo_events[] = {
	{"newborn", "新生儿出生",
	 "孩子出生后要办的事：生育登记、出生登记（报户口）、城乡居民医保参保、申领社会保障卡。",
	 {"610929-GG-0027", "610929-QR-0006", "610929-GG-0013", "610929-GG-0008", NULL}},
	{"rural-house", "农村建房",
	 "在自家宅基地上建房：宅基地和建房（规划许可）审批、乡村建设规划许可、竣工验收、"
	 "不动产登记。",
	 {"610929-XK-0002", "610929-XK-0003", "610929-QR-0004", "610929-QR-0005", NULL}},
	{"dibao", "申请低保",
	 "家庭生活困难申请最低生活保障，以及低保对象常用的医疗救助、临时救助；人户分离的需要"
	 "居住地村（社区）出具居住证明。",
	 {"610929-GG-0030", "610929-GF-0001", "610929-GF-0004", "610929-GF-0003", NULL}},
	{"sole-trader", "办理个体工商户",
	 "开个小店：个体工商户登记、食品经营许可、税务信息确认和定期定额核定，需要时申请创业"
	 "担保贷款。",
	 {"610929-XK-0004", "610929-XK-0007", "610929-GG-0025", "610929-QT-0002", "610929-GG-0010",
	  NULL}},
	{"elderly", "老人养老与高龄补贴",
	 "老人到龄以后：领取城乡居民养老金、每年资格认证、满 80 周岁申请高龄补贴、办理老年人"
	 "优待证。",
	 {"610929-GG-0002", "610929-GG-0003", "610929-GF-0007", "610929-GG-0011", NULL}},
	{"disability", "残疾人帮扶",
	 "办理残疾人证，申请残疾人两项补贴和辅助器具适配补贴。",
	 {"610929-QR-0011", "610929-GF-0006", "610929-GF-0019", NULL}},
	{"after-death", "逝者身后事",
	 "家人去世后要办的事：在家死亡情况证明、死亡注销户口、殡葬费用减免、养老保险注销和丧葬"
	 "补助金。",
	 {"610929-GG-0032", "610929-QR-0008", "610929-GG-0012", "610929-GG-0007", NULL}},
};

static int seed_life_events(struct db *db, int64_t now, struct bm_error *err)
{
	for (size_t i = 0; i < sizeof demo_events / sizeof demo_events[0]; i++) {
		const struct demo_event *e = &demo_events[i];
		json_t *items = json_array();
		for (int k = 0; k < MAX_EVENT_ITEMS && e->items[k]; k++)
			json_array_append_new(items, json_string(e->items[k]));
		int rc = life_event_put(db, e->code, e->name, e->description, items, &demo_actor,
					now, err);
		json_decref(items);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* --- the whole ---------------------------------------------------------------------------- */

int demo_seed_catalog(struct db *db, int64_t now, struct bm_error *err)
{
	struct item_import_result result;
	if (item_csv_import(db, bundled_items_csv, &demo_actor, now, &result, err) < 0)
		return -1;
	if (seed_town_offices(db, now, err) < 0 || seed_claims(db, now, err) < 0)
		return -1;
	return seed_life_events(db, now, err);
}
