/*
** log.c — structured stderr logging (see log.h).
**
** Lines are written with a single fputs of a preformatted buffer so lines from different server
** threads do not interleave.
*/
#include "core/log.h"
#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int log_quiet;

void log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

#define TIMESTAMP_SIZE 64

static void log_timestamp(char out[TIMESTAMP_SIZE])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, TIMESTAMP_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

static void log_message(const char *level, const char *fmt, va_list ap)
{
	char ts[TIMESTAMP_SIZE], msg[1024];
	log_timestamp(ts);
	vsnprintf(msg, sizeof msg, fmt, ap);
	struct buf line = BUF_INIT;
	buf_printf(&line, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":", ts, level);
	buf_append_json_string(&line, msg);
	buf_puts(&line, "}\n");
	fputs(buf_cstr(&line), stderr);
	buf_free(&line);
}

void log_info(const char *fmt, ...)
{
	if (log_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_message("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_message("error", fmt, ap);
	va_end(ap);
}

/* Appends s JSON-escaped into out[*len..size), dropping what does not fit. */
static void append_escaped(char *out, size_t size, size_t *len, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p && *len + 7 < size; p++) {
		if (*p == '"' || *p == '\\') {
			out[(*len)++] = '\\';
			out[(*len)++] = (char)*p;
		} else if (*p < 0x20) {
			*len += (size_t)snprintf(out + *len, size - *len, "\\u%04x", *p);
		} else {
			out[(*len)++] = (char)*p;
		}
	}
}

/* The hot path: one line per request, built on the stack and written with a single write(2),
 * so no allocation and no stdio lock shared by the server threads. A line is far below
 * PIPE_BUF, so lines from different threads never interleave. */
void log_request(const char *method, const char *path, int status, double ms, long long user_id)
{
	if (log_quiet)
		return;
	char ts[TIMESTAMP_SIZE], line[1024];
	log_timestamp(ts);
	size_t len = (size_t)snprintf(line, sizeof line,
				      "{\"ts\":\"%s\",\"level\":\"info\",\"method\":\"", ts);
	append_escaped(line, sizeof line - 96, &len, method);
	len += (size_t)snprintf(line + len, sizeof line - len, "\",\"path\":\"");
	append_escaped(line, sizeof line - 96, &len, path);
	len += (size_t)snprintf(line + len, sizeof line - len,
				"\",\"status\":%d,\"ms\":%.2f,\"user\":%lld}\n", status, ms, user_id);
	if (len >= sizeof line)
		len = sizeof line - 1;
	ssize_t ignored = write(STDERR_FILENO, line, len);
	(void)ignored;
}
