/*
** calendar.c — `bianmin calendar load|add|between`.
**
**   calendar load FILE       store a year's announced arrangement (all or nothing)
**   calendar add DATE N      print the date N working days after DATE (DATE not counted)
**   calendar between D1 D2   print the working days after D1 up to and including D2
** add and between answer from the database's calendar, or from a CSV file with --file.
*/
#include "cli/cli.h"
#include "core/clock.h"
#include "core/date.h"
#include "domain/workcal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char calendar_usage[] =
	"用法：\n"
	"  bianmin calendar load FILE [--db PATH | --pg CONNINFO]\n"
	"  bianmin calendar add DATE N [--db PATH | --pg CONNINFO | --file CSV]\n"
	"  bianmin calendar between D1 D2 [--db PATH | --pg CONNINFO | --file CSV]\n"
	"  日期格式 YYYY-MM-DD；起算日当天不计入。FILE 格式同 data/cn-holidays.csv。\n";

struct calendar_args {
	struct cli_common common;
	const char *file;
	const char *words[4];
	int nwords;
};

static int parse_calendar_args(int argc, char **argv, struct calendar_args *a)
{
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(&a->common, argc, argv, &i);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--file") == 0 && i + 1 < argc)
			a->file = argv[++i];
		else if (argv[i][0] != '-' && a->nwords < 4)
			a->words[a->nwords++] = argv[i];
		else
			return -1;
	}
	return 0;
}

/* The calendar to answer from: the --file CSV, or the database's. */
static int open_calendar(const struct calendar_args *a, struct calendar **cal, struct bm_error *err)
{
	if (a->file) {
		char *text = cli_read_file(a->file, err);
		if (!text)
			return -1;
		*cal = calendar_new();
		int rc = calendar_load_csv(*cal, text, err) < 0 ? -1 : calendar_build(*cal, err);
		free(text);
		if (rc < 0)
			calendar_free(*cal);
		return rc;
	}
	struct db *db;
	if (cli_open_db(&a->common, &db) != 0)
		return bm_error_set(err, 500, "db_open_failed", "无法打开数据库");
	int rc = workcal_load(db, cal, err);
	db_close(db);
	return rc;
}

static int parse_date_arg(const char *text, int *date, struct bm_error *err)
{
	if (date_parse(text, date) < 0)
		return bm_error_set(err, 400, "invalid_date", "日期 %s 无效，应为 YYYY-MM-DD", text);
	return 0;
}

static int calendar_query(const struct calendar_args *a, struct bm_error *err)
{
	bool add = strcmp(a->words[0], "add") == 0;
	int d1, d2 = 0, out;
	char *end;
	long n = 0;
	if (parse_date_arg(a->words[1], &d1, err) < 0)
		return -1;
	if (add) {
		n = strtol(a->words[2], &end, 10);
		if (*end || n < 0 || n > 3650)
			return bm_error_set(err, 400, "invalid_days", "工作日数 %s 无效，应为 0 到 3650",
					    a->words[2]);
	} else if (parse_date_arg(a->words[2], &d2, err) < 0) {
		return -1;
	}
	struct calendar *cal;
	if (open_calendar(a, &cal, err) < 0)
		return -1;
	int rc = add ? calendar_add_working_days(cal, d1, (int)n, &out, err)
		     : calendar_working_days_between(cal, d1, d2, &out, err);
	calendar_free(cal);
	if (rc < 0)
		return -1;
	if (add) {
		char text[DATE_TEXT_SIZE];
		date_format(out, text);
		printf("%s\n", text);
	} else {
		printf("%d\n", out);
	}
	return 0;
}

struct load_ctx {
	const char *text;
	int days;
};

static int load_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct load_ctx *ctx = vctx;
	ctx->days = workcal_import_csv(db, ctx->text, &cli_actor, clock_now(), err);
	return ctx->days < 0 ? -1 : 0;
}

static int calendar_load(const struct calendar_args *a, struct bm_error *err)
{
	struct load_ctx ctx = {cli_read_file(a->words[1], err), 0};
	if (!ctx.text)
		return -1;
	struct db *db;
	if (cli_open_db(&a->common, &db) != 0) {
		free((char *)ctx.text);
		return bm_error_set(err, 500, "db_open_failed", "无法打开数据库");
	}
	int rc = db_transaction(db, load_txn, &ctx, err);
	db_close(db);
	free((char *)ctx.text);
	if (rc == 0)
		printf("已导入 %d 个节假日/调休日。\n", ctx.days);
	return rc;
}

int cmd_calendar(int argc, char **argv)
{
	struct calendar_args a = {0};
	if (parse_calendar_args(argc, argv, &a) < 0)
		return cli_usage(calendar_usage, false);
	if (a.common.help)
		return cli_usage(calendar_usage, true);
	struct bm_error err = {0};
	int rc;
	if (a.nwords == 2 && strcmp(a.words[0], "load") == 0)
		rc = calendar_load(&a, &err);
	else if (a.nwords == 3 && (strcmp(a.words[0], "add") == 0 || strcmp(a.words[0], "between") == 0))
		rc = calendar_query(&a, &err);
	else
		return cli_usage(calendar_usage, false);
	return rc < 0 ? cli_fail(&err) : 0;
}
