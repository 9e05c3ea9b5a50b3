/*
** public_venues.c — what anyone may read about venues, without logging in.
**   GET /api/v1/public/venues?org=CODE&level=LEVEL     venues with their public contact data
**   GET /api/v1/public/venues/{id}                     the venue's public board (公示)
**   GET /api/v1/public/orgs?parent=CODE&level=LEVEL    the county's towns and villages
*/
#include "api/handlers.h"
#include "domain/disclosure.h"
#include "domain/org.h"

#include <stdlib.h>
#include <string.h>

static int level_query(struct request *rq, const char **level, struct bm_error *err)
{
	*level = request_query(rq, "level");
	if (*level && strcmp(*level, "county") && strcmp(*level, "town") && strcmp(*level, "village"))
		return bm_error_set(err, 400, "invalid_query", "查询参数 level 应为 county、town 或 village");
	return 0;
}

int api_public_venues(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	const char *level;
	json_t *items;
	if (request_page(rq, &limit, &offset, &rs->err) < 0 || level_query(rq, &level, &rs->err) < 0 ||
	    disclosure_venue_list(rq->db, request_query(rq, "org"), level, limit, offset, &items,
				  &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

int api_public_venue(struct request *rq, struct response *rs)
{
	char *end;
	long long id = strtoll(rq->args[0], &end, 10);
	json_t *board;
	if (*end || id <= 0)
		return bm_error_set(&rs->err, 404, "venue_not_found", "服务场所不存在");
	int found = disclosure_venue(rq->db, id, &board, &rs->err);
	if (found < 0)
		return -1;
	if (!found)
		return bm_error_set(&rs->err, 404, "venue_not_found", "服务场所不存在");
	response_json(rs, 200, board);
	return 0;
}

int api_public_orgs(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	struct org_filter f = {.parent_code = request_query(rq, "parent"), .scope_path = "/"};
	if (request_page(rq, &limit, &offset, &rs->err) < 0 || level_query(rq, &f.level, &rs->err) < 0 ||
	    org_list(rq->db, &f, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}
