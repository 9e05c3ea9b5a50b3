/*
** common.c — what the subcommands share: database options, opening, errors, files.
*/
#include "cli/cli.h"
#include "core/buf.h"
#include "core/log.h"
#include "domain/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct audit_actor cli_actor = {0, "cli"};

int cli_common_option(struct cli_common *c, int argc, char **argv, int *i)
{
	const char *opt = argv[*i];
	if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
		c->help = true;
		return 1;
	}
	const char **target = NULL;
	if (strcmp(opt, "--db") == 0)
		target = &c->db.sqlite_path;
	else if (strcmp(opt, "--pg") == 0)
		target = &c->db.pg_conninfo;
	else if (strcmp(opt, "--config") == 0)
		target = &c->config_file;
	else
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "bianmin: 选项 %s 需要一个值\n", opt);
		return -1;
	}
	*target = argv[++*i];
	if (target == &c->db.pg_conninfo)
		c->db.backend = DB_PG;
	return 1;
}

int cli_open_db(const struct cli_common *c, struct db **out)
{
	struct bm_error err = {0};
	struct db_config cfg = c->db;
	if (cfg.backend == DB_SQLITE && !cfg.sqlite_path)
		cfg.sqlite_path = "bianmin.db";
	if (db_open(&cfg, out, &err) < 0)
		return cli_fail(&err);
	long rows = 0;
	int rebuilt = db_migrate(*out, &err) < 0 ? -1 : stats_rebuild_if_pending(*out, &rows, &err);
	if (rebuilt < 0) {
		db_close(*out);
		*out = NULL;
		return cli_fail(&err);
	}
	if (rebuilt)
		log_info("statistics computed from the existing records: %ld rows", rows);
	return 0;
}

int cli_fail(const struct bm_error *err)
{
	fprintf(stderr, "bianmin: %s\n", err->message[0] ? err->message : "操作失败");
	return 1;
}

int cli_usage(const char *text, bool asked)
{
	fputs(text, asked ? stdout : stderr);
	return asked ? 0 : 2;
}

char *cli_read_file(const char *path, struct bm_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		bm_error_set(err, 400, "file_unreadable", "无法读取文件 %s", path);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (f != stdin)
		fclose(f);
	return buf_detach(&b);
}

int cli_bench_options(int argc, char **argv, const char *usage, struct cli_common *c,
		      int64_t *cases)
{
	for (int i = 1; i < argc; i++) {
		int r = cli_common_option(c, argc, argv, &i);
		if (r < 0)
			return cli_usage(usage, false);
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--cases") == 0 && i + 1 < argc)
			*cases = strtoll(argv[++i], NULL, 10);
		else
			return cli_usage(usage, false);
	}
	if (c->help)
		return cli_usage(usage, true);
	if (*cases != 0 && (*cases < 1000 || *cases > 100000000))
		return cli_usage(usage, false);
	return -1;
}
