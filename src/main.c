/*
** main.c — the bianmin command: a table of subcommands and their dispatch.
**
** bianmin is one binary. `bianmin serve` is the HTTP server; the other subcommands are the
** operator's tools (init, migrate, users, calendar, backup, audit, imports). See cli/cli.h.
*/
#include "cli/cli.h"
#include "core/log.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"serve", cmd_serve, "运行 HTTP 服务（serve --db PATH | --pg CONNINFO --listen ADDR:PORT）"},
	{"demo", cmd_demo, "生成白河县演示数据（如不存在）并运行服务"},
	{"init", cmd_init, "创建空系统并设置管理员密码"},
	{"migrate", cmd_migrate, "升级数据库结构"},
	{"user", cmd_user, "用户管理：user add|passwd|disable"},
	{"calendar", cmd_calendar, "工作日历：calendar load FILE | add DATE N | between D1 D2"},
	{"import", cmd_import, "导入数据：import orgs|items FILE"},
	{"export", cmd_export, "导出数据：export items [--to FILE]"},
	{"backup", cmd_backup, "在线备份：backup --to FILE"},
	{"audit", cmd_audit, "审计日志：audit verify"},
	{"report", cmd_report, "督查通报：report bulletin --period 2026-10 [--org CODE] [--out DIR]"},
	{"bench-supervision", cmd_bench_supervision, "性能测试：生成办件并测量电子监察评估（勿用于真实数据）"},
	{"stats", cmd_stats, "统计计数：stats rebuild | check"},
	{"bench-dashboard", cmd_bench_dashboard, "性能测试：生成千万级办件并比较统计汇总与全表扫描（勿用于真实数据）"},
};

static int print_help(FILE *out)
{
	fprintf(out, "bianmin — 县镇村三级便民服务系统\n\n用法：bianmin 命令 [选项]\n\n命令：\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n每个命令都接受 --help。涉及数据的命令接受 --db PATH（SQLite，默认 ./bianmin.db）"
		     "或 --pg CONNINFO（PostgreSQL）。\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("bianmin: libsodium failed to initialise\n", stderr);
		return 1;
	}
	if (argc < 2)
		return print_help(stderr), 2;
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return print_help(stdout);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "bianmin: 未知命令 '%s'\n\n", argv[1]);
	print_help(stderr);
	return 2;
}
