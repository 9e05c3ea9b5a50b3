/*
** stats.c — `bianmin stats`: the maintained statistics (domain/stats.h).
**
**   bianmin stats rebuild [--db PATH | --pg CONNINFO]   recompute every counter from the base
**                                                       tables (after an import, or to repair)
**   bianmin stats check   [--db PATH | --pg CONNINFO]   compare the counters with a rebuild,
**                                                       change nothing; exit 1 on a difference
*/
#include "cli/cli.h"
#include "domain/stats.h"

#include <stdio.h>
#include <string.h>

static const char stats_usage[] =
    "用法：bianmin stats rebuild|check [--db PATH | --pg CONNINFO]\n"
    "  rebuild  按业务数据重新计算全部统计计数（导入数据后或修复时使用）\n"
    "  check    将维护中的统计计数与重新计算的结果比对，不作修改；有差异时退出码为 1\n";

static int rebuild_txn(struct db *db, void *ctx, struct bm_error *err)
{
	return stats_rebuild(db, ctx, err);
}

static void print_line(const char *line, void *ctx)
{
	(void)ctx;
	printf("  %s\n", line);
}

int cmd_stats(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *verb = NULL;
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(&c, argc, argv, &i);
		if (r < 0 || (r == 0 && verb))
			return cli_usage(stats_usage, false);
		if (r == 0)
			verb = argv[i];
	}
	if (c.help)
		return cli_usage(stats_usage, true);
	if (!verb || (strcmp(verb, "rebuild") != 0 && strcmp(verb, "check") != 0))
		return cli_usage(stats_usage, false);
	struct db *db;
	struct bm_error err = {0};
	if (cli_open_db(&c, &db) != 0)
		return 1;
	long n = 0;
	int rc = strcmp(verb, "rebuild") == 0 ? db_transaction(db, rebuild_txn, &n, &err)
	                                      : stats_check(db, &n, print_line, NULL, &err);
	db_close(db);
	if (rc < 0)
		return cli_fail(&err);
	if (strcmp(verb, "rebuild") == 0)
		printf("统计计数已重新计算：%ld 行（机构 × 日）。\n", n);
	else if (n == 0)
		printf("统计计数与业务数据一致。\n");
	else
		printf("统计计数有 %ld 处与业务数据不一致（可运行 bianmin stats rebuild 修复）。\n",
		       n);
	return n && strcmp(verb, "check") == 0 ? 1 : 0;
}
