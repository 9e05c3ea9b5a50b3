/*
** args.c — reading the path arguments handlers share, and the public address of a page.
*/
#include "api/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int api_path_id(const struct request *rq, int index, const char *code, const char *message,
		int64_t *id, struct bm_error *err)
{
	char *end;
	const char *text = rq->args[index];
	long long v = text ? strtoll(text, &end, 10) : 0;
	if (!text || *text < '1' || *text > '9' || *end || v <= 0)
		return bm_error_set(err, 404, code, "%s", message);
	*id = v;
	return 0;
}

int api_query_id(struct request *rq, const char *name, int64_t *id, struct bm_error *err)
{
	char *end;
	const char *text = request_query(rq, name);
	*id = 0;
	if (!text)
		return 0;
	long long v = strtoll(text, &end, 10);
	if (!*text || *end || v <= 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 %s 应为正整数编号", name);
	*id = v;
	return 0;
}

/* A Host header fit to go into a link: a plain host[:port] (or [v6]:port), nothing else. */
static bool plain_host(const char *host)
{
	return host && *host && strlen(host) <= 255 &&
	       strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
		       strlen(host);
}

int api_public_link(struct request *rq, const char *path, char *out, size_t size)
{
	const char *base = rq->public_url;
	const char *host = request_header(rq, "Host");
	if (base && *base) {
		size_t n = strlen(base);
		while (n > 0 && base[n - 1] == '/')
			n--;
		snprintf(out, size, "%.*s%s", (int)n, base, path);
		return 1;
	}
	if (plain_host(host)) {
		snprintf(out, size, "%s://%s%s", rq->tls ? "https" : "http", host, path);
		return 1;
	}
	snprintf(out, size, "%s", path);
	return 0;
}
