/*
** router.h — from method and path to a handler.
**
** A route is a method, a pattern such as "/api/v1/venues/{id}" and a handler. Patterns match
** whole path segments; "{name}" matches any one non-empty segment and is captured, in order,
** into rq->args. A path that matches some pattern but not with this method is 405 (with an
** Allow header), a path that matches none is 404 — or, outside /api/, a static file.
**
** The table itself is api/routes.c: one line per endpoint, so the API can be read in one place.
*/
#ifndef BM_ROUTER_H
#define BM_ROUTER_H

#include "http/request.h"

enum route_flags {
	ROUTE_PUBLIC = 1 << 0,      /* no session needed (a session is still read if present) */
	ROUTE_NO_CSRF = 1 << 1,     /* state-changing but exempt from the CSRF token (login) */
	ROUTE_TEST_CLOCK = 1 << 2,  /* exists only when the server runs with --test-clock */
};

struct route {
	const char *method;
	const char *pattern;
	request_handler handler;
	unsigned flags;
};

extern const struct route api_routes[];

enum router_result {
	ROUTER_FOUND,
	ROUTER_NO_PATH,
	ROUTER_WRONG_METHOD,
};

/* Finds the route for method and path; on ROUTER_FOUND fills rq->args. On
 * ROUTER_WRONG_METHOD writes the allowed methods ("GET, PATCH") into allow. */
enum router_result router_match(const char *method, const char *path, bool test_clock,
				const struct route **out, struct request *rq, char *allow,
				size_t allow_size);

#endif
