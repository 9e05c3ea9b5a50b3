/*
** error.h — the one error type that travels from the domain to the HTTP edge.
**
** A function that can fail for a reason a person should read fills a struct bm_error and returns
** -1 (or NULL). The API layer renders it once, as
**   {"error":{"code":"<code>","message":"<message>"}}
** with http_status as the status line. The CLI prints the message. Codes are stable snake_case
** identifiers that clients may switch on; messages are Chinese and meant for people.
*/
#ifndef BM_ERROR_H
#define BM_ERROR_H

struct bm_error {
	int http_status;   /* 400, 401, 403, 404, 405, 409, 413, 429, 500, 503 ... */
	const char *code;  /* static string, stable: "invalid_json", "not_found" ... */
	char message[256]; /* for people, in Chinese, NUL-terminated */
	char field[96];    /* the offending input field's path ("materials[1].necessity"), or "" */
};

/* Fills *err (when err is not NULL) and returns -1, so callers can write
 *     return bm_error_set(err, 404, "org_not_found", "组织机构 %s 不存在", code);
 * The message is formatted printf-style and truncated to fit. `code` must be a static string. */
int bm_error_set(struct bm_error *err, int http_status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Shorthands for the errors every layer meets. Each returns -1. */
int bm_error_internal(struct bm_error *err, const char *detail); /* 500; detail is logged, not shown */
int bm_error_oom(struct bm_error *err);                          /* 500 out of memory */

/* Names the input field at fault (rendered as "field" next to code and message, so that a
 * form can mark it without parsing the message). Call after bm_error_set. Returns -1. */
int bm_error_field(struct bm_error *err, const char *path);

/* Clears *err to "no error" (http_status 0, code NULL, empty message). */
void bm_error_clear(struct bm_error *err);

#endif
