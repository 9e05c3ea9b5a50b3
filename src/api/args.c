/*
** args.c — reading the path arguments handlers share.
*/
#include "api/handlers.h"

#include <stdlib.h>

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
