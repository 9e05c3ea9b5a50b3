/*
** error.c — filling struct bm_error (see error.h).
*/
#include "core/error.h"
#include "core/log.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>

int bm_error_set(struct bm_error *err, int http_status, const char *code, const char *fmt, ...)
{
	if (!err)
		return -1;
	err->http_status = http_status;
	err->code = code;
	err->field[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	/* Messages quote input ("%.32s") and are cut to the buffer: keep them valid UTF-8, or
	 * they could not be rendered as JSON at all. */
	utf8_repair(err->message);
	return -1;
}

int bm_error_field(struct bm_error *err, const char *path)
{
	if (err) {
		snprintf(err->field, sizeof err->field, "%s", path);
		utf8_repair(err->field);
	}
	return -1;
}

int bm_error_internal(struct bm_error *err, const char *detail)
{
	log_error("internal error: %s", detail ? detail : "(none)");
	return bm_error_set(err, 500, "internal_error", "服务器内部错误，请稍后重试");
}

int bm_error_oom(struct bm_error *err)
{
	return bm_error_internal(err, "out of memory");
}

void bm_error_clear(struct bm_error *err)
{
	err->http_status = 0;
	err->code = NULL;
	err->message[0] = '\0';
	err->field[0] = '\0';
}
