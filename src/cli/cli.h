/*
** cli.h — the bianmin command line: shared option parsing and the subcommands.
**
** Every subcommand that touches data takes --db PATH (SQLite) or --pg CONNINFO (PostgreSQL);
** without either, --db defaults to ./bianmin.db. Each subcommand is one function
**     int cmd_NAME(int argc, char **argv)
** returning the process exit status (0 ok, 1 failure, 2 usage).
*/
#ifndef BM_CLI_H
#define BM_CLI_H

#include "core/error.h"
#include "db/db.h"
#include "domain/audit.h"

#include <stdbool.h>

/* Options most subcommands share. */
struct cli_common {
	struct db_config db;
	const char *config_file;
	bool help;
};

/* Recognises --db, --pg, --config and --help at argv[*i] (advancing *i past a value). Returns
 * 1 when the option was one of these, 0 when not, -1 on a missing value. */
int cli_common_option(struct cli_common *c, int argc, char **argv, int *i);

/* Opens the database named by the options, applies pending migrations and computes what a
 * migration left pending (the statistics counters of an upgraded database, stats.h). */
int cli_open_db(const struct cli_common *c, struct db **out);

/* Prints "bianmin: <message>" to stderr and returns 1. */
int cli_fail(const struct bm_error *err);

/* Prints a usage text and returns 2 (or 0 when help was asked for). */
int cli_usage(const char *text, bool asked);

/* The audit actor for CLI commands. */
extern const struct audit_actor cli_actor;

/* Reads a whole file; the caller frees it. NULL with *err set. */
char *cli_read_file(const char *path, struct bm_error *err);

/* The options of a bench-* command: the common ones and --cases N (0, or 1000..100000000; *cases
 * keeps its default when absent). Returns -1 to go on, or the exit status to return at once
 * (the usage was printed). */
int cli_bench_options(int argc, char **argv, const char *usage, struct cli_common *c,
		      int64_t *cases);

int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_bench_supervision(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_bench_dashboard(int argc, char **argv);

#endif
