/*
** groups.c — a venue's item groups (事项分组, also the queue's groups); domain/window.h.
**   GET   /api/v1/venues/{id}/groups
**   POST  /api/v1/venues/{id}/groups {code, name, prefix, daily_cap?, wait_alert?, sort?,
**                                     active?, items?:[codes]}
**   GET   /api/v1/groups/{id}
**   PATCH /api/v1/groups/{id}        any subset of those fields
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "domain/window.h"

static const struct venue_resource groups = {
	"group_not_found", "事项分组不存在", venue_groups_list, group_get,
	group_venue,       group_create,       group_update,
};

int api_groups_list(struct request *rq, struct response *rs)
{
	return resource_list(&groups, rq, rs);
}

int api_group_create(struct request *rq, struct response *rs)
{
	return resource_create(&groups, rq, rs);
}

int api_group_get(struct request *rq, struct response *rs)
{
	return resource_get(&groups, rq, rs);
}

int api_group_patch(struct request *rq, struct response *rs)
{
	return resource_patch(&groups, rq, rs);
}
