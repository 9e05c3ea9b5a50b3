/*
** init.c — `bianmin init` (an empty production system) and `bianmin migrate`.
**
** init creates the schema, the county org, the administrator account and loads the bundled
** holiday arrangements; the system is marked "production", so the public demo password is
** refused forever after. It refuses to run on a database that already holds a system.
*/
#include "cli/cli.h"
#include "cli/password.h"
#include "core/clock.h"
#include "domain/account.h"
#include "domain/org.h"
#include "domain/settings.h"
#include "domain/workcal.h"

#include <stdio.h>
#include <string.h>

static const char init_usage[] =
	"用法：bianmin init [--db PATH | --pg CONNINFO] [--county-code 610929] [--county-name 白河县]\n"
	"                   [--admin-password PW | --admin-password-file FILE]\n"
	"  创建空系统：县级机构、管理员账号 admin、内置的法定节假日安排。\n"
	"  未给出密码时从终端读取（不回显），或从标准输入读取一行。\n";

static const char migrate_usage[] = "用法：bianmin migrate [--db PATH | --pg CONNINFO]\n";

struct init_ctx {
	struct org county;
	const char *password;
	int64_t now;
};

static int init_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct init_ctx *ctx = vctx;
	int64_t existing = 0;
	if (db_query_int(db, err, &existing, "SELECT COUNT(*) FROM orgs", "") < 0)
		return -1;
	if (existing > 0)
		return bm_error_set(err, 409, "already_initialised", "该数据库已有系统数据，不能重复初始化");
	if (settings_set(db, "system_kind", "production", err) < 0 ||
	    org_create(db, &ctx->county, &cli_actor, ctx->now, err) < 0 ||
	    workcal_import_csv(db, bundled_holidays_csv, &cli_actor, ctx->now, err) < 0)
		return -1;
	struct account_new admin = {
		.username = "admin",
		.display_name = "系统管理员",
		.role = ROLE_ADMIN,
		.org_code = ctx->county.code,
		.password = ctx->password,
	};
	int64_t id;
	return account_create(db, &admin, &cli_actor, ctx->now, &id, err);
}

int cmd_init(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *code = "610929", *name = "白河县", *pw = NULL, *pw_file = NULL;
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(&c, argc, argv, &i);
		if (r < 0)
			return cli_usage(init_usage, false);
		if (r > 0)
			continue;
		const char **target = strcmp(argv[i], "--county-code") == 0	   ? &code
				      : strcmp(argv[i], "--county-name") == 0	   ? &name
				      : strcmp(argv[i], "--admin-password") == 0	   ? &pw
				      : strcmp(argv[i], "--admin-password-file") == 0 ? &pw_file
										   : NULL;
		if (!target || i + 1 >= argc)
			return cli_usage(init_usage, false);
		*target = argv[++i];
	}
	if (c.help)
		return cli_usage(init_usage, true);

	struct init_ctx ctx = {.now = clock_now()};
	char password[256];
	snprintf(ctx.county.code, sizeof ctx.county.code, "%s", code);
	snprintf(ctx.county.name, sizeof ctx.county.name, "%s", name);
	snprintf(ctx.county.level, sizeof ctx.county.level, "county");
	snprintf(ctx.county.kind, sizeof ctx.county.kind, "county");
	if (cli_get_password(pw, pw_file, password, sizeof password) < 0)
		return 1;
	ctx.password = password;

	struct db *db;
	struct bm_error err = {0};
	if (cli_open_db(&c, &db) != 0)
		return 1;
	int rc = db_transaction(db, init_txn, &ctx, &err);
	db_close(db);
	if (rc < 0)
		return cli_fail(&err);
	printf("已创建空系统：%s（%s），管理员账号 admin。\n", name, code);
	return 0;
}

int cmd_migrate(int argc, char **argv)
{
	struct cli_common c = {0};
	for (int i = 1; i < argc; i++)
		if (cli_common_option(&c, argc, argv, &i) <= 0)
			return cli_usage(migrate_usage, false);
	if (c.help)
		return cli_usage(migrate_usage, true);
	struct db *db;
	if (cli_open_db(&c, &db) != 0)
		return 1;
	db_close(db);
	printf("数据库结构已是最新。\n");
	return 0;
}
