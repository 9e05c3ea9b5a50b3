/*
** import.c — `bianmin import orgs|items FILE` and `bianmin export items [--to FILE]`.
**
** Imports are all or nothing: one bad row and nothing is imported; the error names the row and
** the field. Export writes the catalogue in the same format, so that a county can edit it in
** a spreadsheet and import it back.
*/
#include "cli/cli.h"
#include "core/clock.h"
#include "domain/item_csv.h"
#include "domain/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char import_usage[] =
	"用法：bianmin import orgs|items FILE [--db PATH | --pg CONNINFO]\n"
	"  orgs：CSV，列为 code,name,level,parent_code[,kind]（同 data/baihe-towns.csv）。\n"
	"  items：事项清单 CSV，列见 docs/catalog-csv.md（可由 bianmin export items 导出后编辑）。\n"
	"  任何一行有误则整体不导入，并指出行号和字段。\n";

static const char export_usage[] =
	"用法：bianmin export items [--to FILE] [--db PATH | --pg CONNINFO]\n"
	"  导出全部在用事项的当前版本（CSV，UTF-8）；不给 --to 时写到标准输出。\n";

struct import_ctx {
	const char *kind;
	const char *text;
	int rows;
	struct item_import_result items;
};

static int import_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct import_ctx *ctx = vctx;
	if (strcmp(ctx->kind, "orgs") == 0) {
		ctx->rows = org_import_csv(db, ctx->text, &cli_actor, clock_now(), err);
		return ctx->rows < 0 ? -1 : 0;
	}
	return item_csv_import(db, ctx->text, &cli_actor, clock_now(), &ctx->items, err);
}

/* Reads `bianmin CMD KIND [FILE] [options]` into words; returns the word count or -1. */
static int parse_words(int argc, char **argv, struct cli_common *c, const char **words, int max,
		       const char **to)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(c, argc, argv, &i);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (to && strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			*to = argv[++i];
		else if (argv[i][0] != '-' && n < max)
			words[n++] = argv[i];
		else
			return -1;
	}
	return n;
}

static void print_import_result(const struct import_ctx *ctx)
{
	if (strcmp(ctx->kind, "orgs") == 0)
		printf("已导入 %d 个组织机构。\n", ctx->rows);
	else
		printf("已导入 %d 行事项：新增 %d 项，更新（新版本）%d 项，未变 %d 项。\n",
		       ctx->items.rows, ctx->items.created, ctx->items.revised, ctx->items.unchanged);
}

int cmd_import(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *words[2];
	int n = parse_words(argc, argv, &c, words, 2, NULL);
	if (n < 0)
		return cli_usage(import_usage, false);
	if (c.help)
		return cli_usage(import_usage, true);
	if (n != 2 || (strcmp(words[0], "orgs") != 0 && strcmp(words[0], "items") != 0))
		return cli_usage(import_usage, false);
	struct bm_error err = {0};
	struct import_ctx ctx = {.kind = words[0], .text = cli_read_file(words[1], &err)};
	if (!ctx.text)
		return cli_fail(&err);
	struct db *db;
	if (cli_open_db(&c, &db) != 0) {
		free((char *)ctx.text);
		return 1;
	}
	int rc = db_transaction(db, import_txn, &ctx, &err);
	db_close(db);
	free((char *)ctx.text);
	if (rc < 0)
		return cli_fail(&err);
	print_import_result(&ctx);
	return 0;
}

int cmd_export(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *words[1], *to = NULL;
	int n = parse_words(argc, argv, &c, words, 1, &to);
	if (n < 0)
		return cli_usage(export_usage, false);
	if (c.help)
		return cli_usage(export_usage, true);
	if (n != 1 || strcmp(words[0], "items") != 0)
		return cli_usage(export_usage, false);
	struct db *db;
	struct bm_error err = {0};
	struct buf out = BUF_INIT;
	if (cli_open_db(&c, &db) != 0)
		return 1;
	int rc = item_csv_export(db, &out, &err);
	db_close(db);
	FILE *f = rc == 0 ? (to ? fopen(to, "wb") : stdout) : NULL;
	if (rc == 0 && !f)
		rc = bm_error_set(&err, 400, "file_unwritable", "无法写入文件 %s", to);
	if (rc == 0) {
		fwrite(out.data ? out.data : "", 1, out.len, f);
		if (f != stdout)
			fclose(f);
	}
	buf_free(&out);
	return rc < 0 ? cli_fail(&err) : 0;
}
