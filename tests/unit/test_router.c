/*
** test_router.c — from method and path to a handler (http/router.c), against the real route
** table of api/routes.c.
*/
#include "api/handlers.h"
#include "http/router.h"

#include <criterion/criterion.h>
#include <string.h>

struct match {
	enum router_result result;
	const struct route *route;
	struct request rq;
	char allow[128];
};

static struct match m;

static enum router_result route(const char *method, const char *path, bool test_clock)
{
	memset(&m, 0, sizeof m);
	m.result = router_match(method, path, test_clock, &m.route, &m.rq, m.allow, sizeof m.allow);
	return m.result;
}

Test(router, venue_id_is_captured_into_the_first_argument)
{
	cr_assert_eq(route("GET", "/api/v1/venues/12", false), ROUTER_FOUND);
	cr_assert(m.route->handler == api_venue_get, "GET /api/v1/venues/12 went to %s",
		  m.route->pattern);
	cr_assert_str_eq(m.rq.args[0], "12");
}

Test(router, same_path_with_patch_goes_to_the_patch_handler)
{
	cr_assert_eq(route("PATCH", "/api/v1/venues/12", false), ROUTER_FOUND);
	cr_assert(m.route->handler == api_venue_patch);
	cr_assert_str_eq(m.rq.args[0], "12");
}

Test(router, org_code_is_captured)
{
	cr_assert_eq(route("GET", "/api/v1/orgs/610929100", false), ROUTER_FOUND);
	cr_assert(m.route->handler == api_org_get);
	cr_assert_str_eq(m.rq.args[0], "610929100");
}

Test(router, fixed_path_matches_without_arguments)
{
	cr_assert_eq(route("GET", "/api/v1/venues", false), ROUTER_FOUND);
	cr_assert(m.route->handler == api_venues_list);
	cr_assert_null(m.rq.args[0]);
}

Test(router, list_and_item_routes_are_not_confused)
{
	cr_assert_eq(route("GET", "/api/v1/orgs", false), ROUTER_FOUND);
	cr_assert(m.route->handler == api_orgs_list);
}

Test(router, head_is_answered_by_the_get_route)
{
	cr_assert_eq(route("HEAD", "/healthz", false), ROUTER_FOUND);
	cr_assert(m.route->handler == api_healthz);
}

Test(router, unknown_path_is_no_path)
{
	cr_assert_eq(route("GET", "/api/v1/nothing", false), ROUTER_NO_PATH);
	cr_assert_eq(route("GET", "/api/v1/venues/12/extra", false), ROUTER_NO_PATH);
	cr_assert_eq(route("GET", "/api/v2/venues", false), ROUTER_NO_PATH);
}

Test(router, known_path_with_another_method_is_wrong_method_listing_the_allowed_ones)
{
	cr_assert_eq(route("DELETE", "/api/v1/venues/12", false), ROUTER_WRONG_METHOD);
	cr_assert_str_eq(m.allow, "GET, HEAD, PATCH");
}

Test(router, allow_lists_every_method_of_the_path_in_table_order_with_head_after_get)
{
	cr_assert_eq(route("PUT", "/api/v1/session", false), ROUTER_WRONG_METHOD);
	cr_assert_str_eq(m.allow, "POST, GET, HEAD, DELETE");
}

Test(router, allow_is_empty_when_the_path_is_unknown)
{
	cr_assert_eq(route("GET", "/api/v1/nothing", false), ROUTER_NO_PATH);
	cr_assert_str_eq(m.allow, "");
}

Test(router, method_names_are_case_sensitive)
{
	cr_assert_eq(route("get", "/api/v1/venues", false), ROUTER_WRONG_METHOD);
}

Test(router, trailing_slash_is_a_different_path)
{
	cr_assert_eq(route("GET", "/api/v1/venues/", false), ROUTER_NO_PATH);
	cr_assert_eq(route("GET", "/api/v1/orgs/", false), ROUTER_NO_PATH);
	cr_assert_eq(route("GET", "/healthz/", false), ROUTER_NO_PATH);
}

Test(router, empty_segment_does_not_fill_an_argument)
{
	cr_assert_eq(route("GET", "/api/v1/venues//", false), ROUTER_NO_PATH);
	cr_assert_eq(route("GET", "/api//v1/venues", false), ROUTER_NO_PATH);
}

Test(router, path_without_a_leading_slash_or_empty_matches_nothing)
{
	cr_assert_eq(route("GET", "api/v1/venues", false), ROUTER_NO_PATH);
	cr_assert_eq(route("GET", "xapi/v1/venues", false), ROUTER_NO_PATH);
	cr_assert_eq(route("GET", "", false), ROUTER_NO_PATH);
}

Test(router, test_clock_route_is_invisible_without_the_test_clock)
{
	cr_assert_eq(route("POST", "/api/v1/test/clock", false), ROUTER_NO_PATH);
	cr_assert_eq(route("GET", "/api/v1/test/clock", false), ROUTER_NO_PATH);
}

Test(router, test_clock_route_exists_with_the_test_clock)
{
	cr_assert_eq(route("POST", "/api/v1/test/clock", true), ROUTER_FOUND);
	cr_assert(m.route->handler == api_test_clock_set);
	cr_assert(m.route->flags & ROUTE_TEST_CLOCK);
}

Test(router, segment_of_255_bytes_is_captured_whole)
{
	char path[512];
	char id[256];
	memset(id, '7', 255);
	id[255] = '\0';
	snprintf(path, sizeof path, "/api/v1/venues/%s", id);
	cr_assert_eq(route("GET", path, false), ROUTER_FOUND);
	cr_assert_str_eq(m.rq.args[0], id);
}

Test(router, segment_too_long_to_capture_is_no_path_for_every_method)
{
	char path[512];
	char id[257];
	memset(id, '7', 256);
	id[256] = '\0';
	snprintf(path, sizeof path, "/api/v1/venues/%s", id);
	cr_assert_eq(route("GET", path, false), ROUTER_NO_PATH,
		     "GET with a 256-byte id: expected no path, got %d (Allow: %s)", m.result, m.allow);
	cr_assert_eq(route("DELETE", path, false), ROUTER_NO_PATH);
}

Test(router, every_pattern_of_the_table_matches_itself_with_its_own_method)
{
	for (const struct route *r = api_routes; r->method; r++) {
		char path[256];
		/* Put "x" where the pattern has {name}. */
		size_t n = 0;
		for (const char *p = r->pattern; *p && n + 2 < sizeof path; p++) {
			if (*p == '{') {
				path[n++] = 'x';
				p = strchr(p, '}');
			} else {
				path[n++] = *p;
			}
		}
		path[n] = '\0';
		cr_assert_eq(route(r->method, path, true), ROUTER_FOUND, "%s %s", r->method, path);
		cr_assert(m.route == r, "%s %s matched %s %s", r->method, path, m.route->method,
			  m.route->pattern);
	}
}
