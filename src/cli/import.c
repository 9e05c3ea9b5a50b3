/*
** import.c — `bianmin import orgs FILE`: the real register of towns and villages.
**
** All or nothing: one bad row and nothing is imported; the error names the row and field.
*/
#include "cli/cli.h"
#include "core/clock.h"
#include "domain/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char import_usage[] =
	"用法：bianmin import orgs FILE [--db PATH | --pg CONNINFO]\n"
	"  FILE：CSV，列为 code,name,level,parent_code[,kind]（同 data/baihe-towns.csv）。\n"
	"  任何一行有误则整体不导入，并指出行号和字段。\n";

struct import_ctx {
	const char *text;
	int rows;
};

static int import_orgs_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct import_ctx *ctx = vctx;
	ctx->rows = org_import_csv(db, ctx->text, &cli_actor, clock_now(), err);
	return ctx->rows < 0 ? -1 : 0;
}

int cmd_import(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *words[2] = {NULL, NULL};
	int nwords = 0;
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(&c, argc, argv, &i);
		if (r < 0)
			return cli_usage(import_usage, false);
		if (r == 0 && argv[i][0] != '-' && nwords < 2)
			words[nwords++] = argv[i];
		else if (r == 0)
			return cli_usage(import_usage, false);
	}
	if (c.help)
		return cli_usage(import_usage, true);
	if (nwords != 2 || strcmp(words[0], "orgs") != 0)
		return cli_usage(import_usage, false);
	struct bm_error err = {0};
	struct import_ctx ctx = {cli_read_file(words[1], &err), 0};
	if (!ctx.text)
		return cli_fail(&err);
	struct db *db;
	if (cli_open_db(&c, &db) != 0) {
		free((char *)ctx.text);
		return 1;
	}
	int rc = db_transaction(db, import_orgs_txn, &ctx, &err);
	db_close(db);
	free((char *)ctx.text);
	if (rc < 0)
		return cli_fail(&err);
	printf("已导入 %d 个组织机构。\n", ctx.rows);
	return 0;
}
