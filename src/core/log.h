/*
** log.h — one-line structured logs on stderr.
**
** Every line is a JSON object with "ts" (UTC, ISO 8601), "level" and either "msg" or the fields
** of a request (see http/server.c). Personal data (names, ID numbers, phones, bodies) is never
** logged: callers pass identifiers only.
*/
#ifndef BM_LOG_H
#define BM_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes one request line: method, path (no query string), status, duration, user id (0: none). */
void log_request(const char *method, const char *path, int status, double ms, long long user_id);

/* Silences info lines (errors still print); used by unit tests and CLI subcommands. */
void log_set_quiet(int quiet);

#endif
