/*
** orgs.c — GET /api/v1/orgs and GET /api/v1/orgs/{code}, within the caller's scope.
*/
#include "api/handlers.h"
#include "domain/org.h"

#include <string.h>

int api_orgs_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	if (auth_require(rq->user, ACT_ORG_READ, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0)
		return -1;
	struct org_filter f = {
		.level = request_query(rq, "level"),
		.parent_code = request_query(rq, "parent"),
		.scope_path = rq->user->org_path,
	};
	if (f.level && strcmp(f.level, "county") && strcmp(f.level, "town") && strcmp(f.level, "village"))
		return bm_error_set(&rs->err, 400, "invalid_query",
				    "查询参数 level 应为 county、town 或 village");
	if (org_list(rq->db, &f, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

int api_org_get(struct request *rq, struct response *rs)
{
	struct org org;
	if (auth_require(rq->user, ACT_ORG_READ, &rs->err) < 0)
		return -1;
	/* One query: the row carries its path, so the scope check needs no second lookup. */
	int found = org_get(rq->db, rq->args[0], &org, &rs->err);
	if (found < 0)
		return -1;
	if (found == 0)
		return bm_error_set(&rs->err, 404, "org_not_found", "组织机构 %.32s 不存在", rq->args[0]);
	if (!auth_in_scope(rq->user, org.path))
		return bm_error_set(&rs->err, 403, "out_of_scope", "无权访问本辖区以外的数据");
	response_json(rs, 200, org_to_json(&org));
	return 0;
}
