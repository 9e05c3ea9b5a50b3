/*
** demo.c — seeding the Baihe County demonstration (see demo.h).
*/
#include "domain/demo.h"
#include "db/db.h"
#include "domain/account.h"
#include "domain/org.h"
#include "domain/settings.h"
#include "domain/workcal.h"

#include <stdio.h>
#include <string.h>

extern const char bundled_towns_csv[];

static const struct audit_actor demo_actor = {0, "demo"};

struct demo_ctx {
	int64_t now;
	char password_hash[128];
	int seeded;
};

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

static int demo_town_users(struct db *db, struct demo_ctx *ctx, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT code, name FROM orgs WHERE level = 'town' ORDER BY code", "");
	if (!st)
		return -1;
	char codes[32][16], names[32][96];
	int n = 0, rc;
	while ((rc = db_step(st, err)) == DB_ROW && n < 32) {
		snprintf(codes[n], sizeof codes[n], "%s", db_col_text(st, 0));
		snprintf(names[n], sizeof names[n], "%s", db_col_text(st, 1));
		n++;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		char username[64], display[128];
		snprintf(username, sizeof username, "mgr-%s", codes[i]);
		snprintf(display, sizeof display, "%s站长", names[i]);
		if (demo_user(db, ctx, username, display, ROLE_VENUE_MANAGER, codes[i], err) < 0)
			return -1;
		snprintf(username, sizeof username, "staff-%s", codes[i]);
		snprintf(display, sizeof display, "%s窗口", names[i]);
		if (demo_user(db, ctx, username, display, ROLE_WINDOW_STAFF, codes[i], err) < 0)
			return -1;
	}
	return 0;
}

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
	    demo_user(db, ctx, "admin", "系统管理员", ROLE_ADMIN, "610929", err) < 0 ||
	    demo_user(db, ctx, "supervisor", "县行政审批服务局", ROLE_COUNTY_SUPERVISOR, "610929", err) < 0 ||
	    demo_town_users(db, ctx, err) < 0)
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
		"  工作台：  http://%s/\n"
		"  演示账号（密码均为 bianmin-demo）：\n"
		"    admin                 系统管理员\n"
		"    supervisor            县行政审批服务局监管人员\n"
		"    mgr-610929100         城关镇站长（mgr-<镇代码>，11 个镇均有）\n"
		"    staff-610929100       城关镇窗口人员（staff-<镇代码>）\n"
		"    agent-<村代码>         村代办员\n\n",
		freshly_seeded ? "——已生成演示数据" : "", listen);
	fflush(out);
}
