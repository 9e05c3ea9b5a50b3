/*
** user.c — `bianmin user add|passwd|disable`.
*/
#include "cli/cli.h"
#include "cli/password.h"
#include "core/clock.h"
#include "domain/account.h"

#include <stdio.h>
#include <string.h>

static const char user_usage[] =
	"用法：\n"
	"  bianmin user add USERNAME --name 姓名 --role ROLE --org CODE [--password PW | --password-file F]\n"
	"  bianmin user passwd USERNAME [--password PW | --password-file F]\n"
	"  bianmin user disable USERNAME [--enable]\n"
	"  ROLE: village_agent window_staff venue_manager county_supervisor admin\n"
	"  以上命令均接受 --db PATH 或 --pg CONNINFO。未给出密码时从终端或标准输入读取。\n";

struct user_args {
	struct cli_common common;
	const char *action, *username, *name, *role, *org, *password, *password_file;
	bool enable;
};

static int parse_user_args(int argc, char **argv, struct user_args *a)
{
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(&a->common, argc, argv, &i);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		const char *opt = argv[i];
		const char **target = strcmp(opt, "--name") == 0	    ? &a->name
				      : strcmp(opt, "--role") == 0	    ? &a->role
				      : strcmp(opt, "--org") == 0	    ? &a->org
				      : strcmp(opt, "--password") == 0	    ? &a->password
				      : strcmp(opt, "--password-file") == 0 ? &a->password_file
									    : NULL;
		if (target) {
			if (i + 1 >= argc)
				return -1;
			*target = argv[++i];
		} else if (strcmp(opt, "--enable") == 0) {
			a->enable = true;
		} else if (opt[0] == '-') {
			return -1;
		} else if (!a->action) {
			a->action = opt;
		} else if (!a->username) {
			a->username = opt;
		} else {
			return -1;
		}
	}
	return 0;
}

struct user_ctx {
	struct user_args *a;
	struct account_new account;
	const char *password;
	int64_t now;
};

static int user_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct user_ctx *ctx = vctx;
	int64_t id;
	if (strcmp(ctx->a->action, "add") == 0)
		return account_create(db, &ctx->account, &cli_actor, ctx->now, &id, err);
	if (strcmp(ctx->a->action, "passwd") == 0)
		return account_set_password(db, ctx->a->username, ctx->password, &cli_actor, ctx->now,
					    err);
	return account_set_disabled(db, ctx->a->username, !ctx->a->enable, &cli_actor, ctx->now,
				    err);
}

int cmd_user(int argc, char **argv)
{
	struct user_args a = {0};
	if (parse_user_args(argc, argv, &a) < 0)
		return cli_usage(user_usage, false);
	if (a.common.help)
		return cli_usage(user_usage, true);
	if (!a.action || !a.username ||
	    (strcmp(a.action, "add") && strcmp(a.action, "passwd") && strcmp(a.action, "disable")))
		return cli_usage(user_usage, false);

	struct user_ctx ctx = {.a = &a, .now = clock_now()};
	char password[256];
	struct bm_error err = {0};
	if (strcmp(a.action, "add") == 0) {
		if (!a.name || !a.role || !a.org)
			return cli_usage(user_usage, false);
		if (role_parse(a.role, &ctx.account.role) < 0) {
			bm_error_set(&err, 400, "invalid_field", "未知角色 %s", a.role);
			return cli_fail(&err);
		}
		ctx.account.username = a.username;
		ctx.account.display_name = a.name;
		ctx.account.org_code = a.org;
	}
	if (strcmp(a.action, "disable") != 0) {
		if (cli_get_password(a.password, a.password_file, password, sizeof password) < 0)
			return 1;
		ctx.password = ctx.account.password = password;
	}
	struct db *db;
	if (cli_open_db(&a.common, &db) != 0)
		return 1;
	int rc = db_transaction(db, user_txn, &ctx, &err);
	db_close(db);
	if (rc < 0)
		return cli_fail(&err);
	printf("%s：%s 完成。\n", a.username,
	       strcmp(a.action, "add") == 0	 ? "创建用户"
	       : strcmp(a.action, "passwd") == 0 ? "修改密码"
	       : a.enable			 ? "启用账号"
						 : "停用账号");
	return 0;
}
