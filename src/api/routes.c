/*
** routes.c — the API, one line per endpoint (see http/router.h for the pattern syntax).
** docs/api.md documents each of them.
*/
#include "api/handlers.h"
#include "http/router.h"

const struct route api_routes[] = {
	{"GET", "/healthz", api_healthz, ROUTE_PUBLIC},

	{"POST", "/api/v1/session", api_session_create, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"GET", "/api/v1/session", api_session_get, 0},
	{"DELETE", "/api/v1/session", api_session_delete, 0},

	{"GET", "/api/v1/orgs", api_orgs_list, 0},
	{"GET", "/api/v1/orgs/{code}", api_org_get, 0},

	{"GET", "/api/v1/venues", api_venues_list, 0},
	{"GET", "/api/v1/venues/{id}", api_venue_get, 0},
	{"PATCH", "/api/v1/venues/{id}", api_venue_patch, 0},

	{"GET", "/api/v1/calendar/add", api_calendar_add, ROUTE_PUBLIC},
	{"GET", "/api/v1/calendar/between", api_calendar_between, ROUTE_PUBLIC},

	{"POST", "/api/v1/test/clock", api_test_clock_set, ROUTE_PUBLIC | ROUTE_TEST_CLOCK},

	{NULL, NULL, NULL, 0},
};
