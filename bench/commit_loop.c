/*
** commit_loop.c — the baseline of the case-creation benchmark (bench/cases.sh): how many
** durable single-row transactions a plain C loop gets from SQLite on this disk.
**
**   build/bench-commit-loop DB_PATH SECONDS
**
** Opens DB_PATH (created if missing) with the settings bianmin's own connections use — WAL
** journal, synchronous=FULL — and, for SECONDS, runs BEGIN IMMEDIATE; one INSERT of a small
** row; COMMIT, one after another. Every COMMIT waits for the WAL to reach the disk, which is
** exactly the cost a case creation cannot avoid; everything bianmin does on top (HTTP, session,
** validation, the case rows, the audit chain) is what the ratio measures.
** Prints "commits N seconds S rate R" on stdout; exits 1 on any SQLite error.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int exec_or_die(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "commit_loop: %s: %s\n", sql, msg ? msg : "?");
		sqlite3_free(msg);
		exit(1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || atof(argv[2]) <= 0) {
		fprintf(stderr, "usage: %s DB_PATH SECONDS\n", argv[0]);
		return 2;
	}
	sqlite3 *db;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "commit_loop: cannot open %s\n", argv[1]);
		return 1;
	}
	exec_or_die(db, "PRAGMA journal_mode=WAL");
	exec_or_die(db, "PRAGMA synchronous=FULL");
	exec_or_die(db, "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, at REAL, note TEXT)");

	sqlite3_stmt *insert;
	if (sqlite3_prepare_v2(db, "INSERT INTO rows (at, note) VALUES (?, 'baseline row')", -1,
			       &insert, NULL) != SQLITE_OK) {
		fprintf(stderr, "commit_loop: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	double limit = atof(argv[2]), start = now_seconds(), elapsed = 0;
	long commits = 0;
	while (elapsed < limit) {
		exec_or_die(db, "BEGIN IMMEDIATE");
		sqlite3_bind_double(insert, 1, elapsed);
		if (sqlite3_step(insert) != SQLITE_DONE) {
			fprintf(stderr, "commit_loop: insert: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_reset(insert);
		exec_or_die(db, "COMMIT");
		commits++;
		elapsed = now_seconds() - start;
	}
	sqlite3_finalize(insert);
	sqlite3_close(db);
	printf("commits %ld seconds %.3f rate %.1f\n", commits, elapsed, commits / elapsed);
	return 0;
}
