/*
** maintenance.c — `bianmin backup --to FILE` and `bianmin audit verify`.
**
** backup copies the live SQLite database with the online backup API: consistent, and safe
** while the server is writing. audit verify walks the hash chain of the audit log and exits 1
** when any entry was edited or deleted.
*/
#include "cli/cli.h"
#include "domain/audit.h"

#include <stdio.h>
#include <string.h>

static const char backup_usage[] = "用法：bianmin backup --to FILE [--db PATH]\n"
				   "  在线一致性备份（服务运行中亦可）。PostgreSQL 部署请使用 pg_dump。\n";
static const char audit_usage[] = "用法：bianmin audit verify [--db PATH | --pg CONNINFO]\n"
				  "  校验审计日志的哈希链；发现被修改或删除的记录时退出码为 1。\n";

int cmd_backup(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *to = NULL;
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(&c, argc, argv, &i);
		if (r < 0)
			return cli_usage(backup_usage, false);
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			to = argv[++i];
		else
			return cli_usage(backup_usage, false);
	}
	if (c.help)
		return cli_usage(backup_usage, true);
	if (!to)
		return cli_usage(backup_usage, false);
	struct db *db;
	struct bm_error err = {0};
	if (cli_open_db(&c, &db) != 0)
		return 1;
	int rc = db_backup_to(db, to, &err);
	db_close(db);
	if (rc < 0)
		return cli_fail(&err);
	printf("已备份到 %s\n", to);
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	struct cli_common c = {0};
	bool verify = false;
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(&c, argc, argv, &i);
		if (r < 0)
			return cli_usage(audit_usage, false);
		if (r == 0 && strcmp(argv[i], "verify") == 0)
			verify = true;
		else if (r == 0)
			return cli_usage(audit_usage, false);
	}
	if (c.help)
		return cli_usage(audit_usage, true);
	if (!verify)
		return cli_usage(audit_usage, false);
	struct db *db;
	struct bm_error err = {0};
	struct audit_report report;
	if (cli_open_db(&c, &db) != 0)
		return 1;
	int rc = audit_verify(db, &report, &err);
	db_close(db);
	if (rc < 0)
		return cli_fail(&err);
	if (report.first_bad) {
		printf("审计日志校验失败：第 %lld 条记录：%s\n", (long long)report.first_bad,
		       report.problem);
		return 1;
	}
	printf("审计日志完整：共 %lld 条记录，哈希链校验通过。\n", (long long)report.entries);
	return 0;
}
