/*
** windows.c — a venue's service windows (窗口) with their A and B holders; domain/window.h.
**   GET   /api/v1/venues/{id}/windows
**   POST  /api/v1/venues/{id}/windows {number, name, kind, a_user_id?, b_user_id?,
**                                      groups?:[group codes], active?}
**   GET   /api/v1/windows/{id}
**   PATCH /api/v1/windows/{id}        any subset of those fields
**   GET   /api/v1/venues/{id}/staff   who may hold the venue's posts
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "domain/window.h"

static const struct venue_resource windows = {
	"window_not_found", "窗口不存在", venue_windows_list, window_get,
	window_venue,       window_create, window_update,
};

int api_windows_list(struct request *rq, struct response *rs)
{
	return resource_list(&windows, rq, rs);
}

int api_window_create(struct request *rq, struct response *rs)
{
	return resource_create(&windows, rq, rs);
}

int api_window_get(struct request *rq, struct response *rs)
{
	return resource_get(&windows, rq, rs);
}

int api_window_patch(struct request *rq, struct response *rs)
{
	return resource_patch(&windows, rq, rs);
}

static const struct venue_resource staff = {
	"venue_not_found", "服务场所不存在", venue_staff_list, NULL, NULL, NULL, NULL,
};

int api_venue_staff(struct request *rq, struct response *rs)
{
	return resource_list(&staff, rq, rs);
}
