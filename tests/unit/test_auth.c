/*
** test_auth.c — roles, permissions and scope (domain/auth.c).
**
** Scope is by org path: a caller sees an org when the caller's path ('/610929/610929100/') is a
** prefix of the org's path. Every path ends in '/', which is what keeps '/61/' from being a
** prefix of '/610/'. Suite "scope" checks auth_in_scope() on paths alone, "permissions" the
** role table, "scope_db" auth_require_scope() against the test county.
*/
#include "db/db.h"
#include "domain/auth.h"
#include "domain/org.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

static struct principal town_a(void)
{
	return t_principal(ROLE_WINDOW_STAFF, T_TOWN_A, T_PATH_TOWN_A);
}

/* --- auth_in_scope ------------------------------------------------------------------------ */

Test(scope, town_sees_its_own_village)
{
	struct principal who = town_a();
	cr_assert(auth_in_scope(&who, T_PATH_VILLAGE_A1));
}

Test(scope, town_sees_itself)
{
	struct principal who = town_a();
	cr_assert(auth_in_scope(&who, T_PATH_TOWN_A));
}

Test(scope, town_does_not_see_another_towns_village)
{
	struct principal who = town_a();
	cr_assert_not(auth_in_scope(&who, T_PATH_VILLAGE_B1));
}

Test(scope, town_does_not_see_another_town)
{
	struct principal who = town_a();
	cr_assert_not(auth_in_scope(&who, T_PATH_TOWN_B));
}

Test(scope, town_does_not_see_its_county)
{
	struct principal who = town_a();
	cr_assert_not(auth_in_scope(&who, T_PATH_COUNTY));
}

Test(scope, village_sees_itself_but_not_its_town)
{
	struct principal who = t_principal(ROLE_VILLAGE_AGENT, T_VILLAGE_A1, T_PATH_VILLAGE_A1);
	cr_assert(auth_in_scope(&who, T_PATH_VILLAGE_A1));
	cr_assert_not(auth_in_scope(&who, T_PATH_TOWN_A));
	cr_assert_not(auth_in_scope(&who, "/610929/610929100/610929100202/"));
}

Test(scope, county_sees_every_org_of_the_county)
{
	struct principal who = t_principal(ROLE_COUNTY_SUPERVISOR, T_COUNTY, T_PATH_COUNTY);
	const char *paths[] = {T_PATH_COUNTY, T_PATH_TOWN_A, T_PATH_TOWN_B, T_PATH_VILLAGE_A1,
			       T_PATH_VILLAGE_B1};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		cr_assert(auth_in_scope(&who, paths[i]), "county does not see %s", paths[i]);
}

Test(scope, county_does_not_see_another_county)
{
	struct principal who = t_principal(ROLE_COUNTY_SUPERVISOR, T_COUNTY, T_PATH_COUNTY);
	cr_assert_not(auth_in_scope(&who, "/610928/610928100/"));
}

Test(scope, path_that_is_a_string_prefix_but_not_an_ancestor_is_out_of_scope)
{
	struct principal who = t_principal(ROLE_COUNTY_SUPERVISOR, "61", "/61/");
	cr_assert_not(auth_in_scope(&who, "/610/"));
	cr_assert_not(auth_in_scope(&who, "/610/610100/"));
	cr_assert(auth_in_scope(&who, "/61/61100/"));
}

Test(scope, town_code_that_prefixes_another_town_code_does_not_see_it)
{
	/* 61092910 is a string prefix of 610929100; only the trailing '/' separates them. */
	struct principal who = t_principal(ROLE_WINDOW_STAFF, "61092910", "/610929/61092910/");
	cr_assert_not(auth_in_scope(&who, T_PATH_TOWN_A));
	cr_assert_not(auth_in_scope(&who, T_PATH_VILLAGE_A1));
}

Test(scope, caller_without_an_org_path_sees_nothing)
{
	struct principal who = t_principal(ROLE_ADMIN, "", "");
	cr_assert_not(auth_in_scope(&who, T_PATH_COUNTY));
}

/* --- auth_require: the permission table --------------------------------------------------- */

static bool allowed(enum role role, enum action act)
{
	struct principal who = t_principal(role, T_TOWN_A, T_PATH_TOWN_A);
	struct bm_error err = {0};
	int rc = auth_require(&who, act, &err);
	if (rc < 0) {
		cr_assert_eq(err.http_status, 403);
		cr_assert_str_eq(err.code, "forbidden");
	}
	return rc == 0;
}

Test(permissions, window_staff_may_not_edit_a_venue_profile)
{
	cr_assert_not(allowed(ROLE_WINDOW_STAFF, ACT_VENUE_WRITE));
}

Test(permissions, village_agent_may_not_edit_a_venue_profile)
{
	cr_assert_not(allowed(ROLE_VILLAGE_AGENT, ACT_VENUE_WRITE));
}

Test(permissions, venue_manager_may_edit_a_venue_profile)
{
	cr_assert(allowed(ROLE_VENUE_MANAGER, ACT_VENUE_WRITE));
}

Test(permissions, supervisor_and_admin_may_edit_a_venue_profile)
{
	cr_assert(allowed(ROLE_COUNTY_SUPERVISOR, ACT_VENUE_WRITE));
	cr_assert(allowed(ROLE_ADMIN, ACT_VENUE_WRITE));
}

Test(permissions, only_admin_may_administer_users)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		cr_assert_eq(allowed((enum role)r, ACT_USER_ADMIN), r == ROLE_ADMIN,
			     "%s: user admin %s", role_name((enum role)r),
			     r == ROLE_ADMIN ? "refused" : "allowed");
}

Test(permissions, only_supervisor_and_admin_may_write_orgs)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		bool expected = r == ROLE_COUNTY_SUPERVISOR || r == ROLE_ADMIN;
		cr_assert_eq(allowed((enum role)r, ACT_ORG_WRITE), expected, "%s",
			     role_name((enum role)r));
	}
}

Test(permissions, every_role_may_read_orgs_and_venues)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		cr_assert(allowed((enum role)r, ACT_ORG_READ), "%s", role_name((enum role)r));
		cr_assert(allowed((enum role)r, ACT_VENUE_READ), "%s", role_name((enum role)r));
	}
}

Test(permissions, an_action_outside_the_table_is_forbidden_to_everyone)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		cr_assert_not(allowed((enum role)r, ACT_COUNT), "%s", role_name((enum role)r));
}

Test(permissions, role_names_parse_back_to_their_role)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		enum role parsed;
		cr_assert_eq(role_parse(role_name((enum role)r), &parsed), 0, "%s",
			     role_name((enum role)r));
		cr_assert_eq(parsed, (enum role)r);
	}
	enum role parsed;
	cr_assert_eq(role_parse("superuser", &parsed), -1);
	cr_assert_eq(role_parse(NULL, &parsed), -1);
	cr_assert_str_eq(role_name(ROLE_WINDOW_STAFF), "window_staff");
}

/* --- auth_require_scope ------------------------------------------------------------------- */

static struct t_db t;

static void db_setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
}

static void db_teardown(void)
{
	t_db_close(&t);
}

TestSuite(scope_db, .init = db_setup, .fini = db_teardown);

Test(scope_db, every_stored_org_path_lists_its_ancestors_and_ends_with_a_slash)
{
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM orgs WHERE path NOT LIKE '/%/'"), 0);
	struct org o;
	struct bm_error err = {0};
	cr_assert_eq(org_get(t.db, T_VILLAGE_A1, &o, &err), 1);
	cr_assert_str_eq(o.path, T_PATH_VILLAGE_A1);
	cr_assert_eq(org_get(t.db, T_COUNTY, &o, &err), 1);
	cr_assert_str_eq(o.path, T_PATH_COUNTY);
}

Test(scope_db, org_inside_the_callers_subtree_passes)
{
	struct principal who = town_a();
	struct bm_error err = {0};
	cr_assert_eq(auth_require_scope(t.db, &who, T_VILLAGE_A1, &err), 0, "%s", err.message);
}

Test(scope_db, unknown_org_answers_404_org_not_found)
{
	struct principal who = town_a();
	struct bm_error err = {0};
	cr_assert_eq(auth_require_scope(t.db, &who, "610929100299", &err), -1);
	cr_assert_eq(err.http_status, 404);
	cr_assert_str_eq(err.code, "org_not_found");
}

Test(scope_db, org_outside_the_callers_subtree_answers_403_out_of_scope)
{
	struct principal who = town_a();
	struct bm_error err = {0};
	cr_assert_eq(auth_require_scope(t.db, &who, T_VILLAGE_B1, &err), -1);
	cr_assert_eq(err.http_status, 403);
	cr_assert_str_eq(err.code, "out_of_scope");
}

Test(scope_db, the_county_is_out_of_scope_for_a_town)
{
	struct principal who = town_a();
	struct bm_error err = {0};
	cr_assert_eq(auth_require_scope(t.db, &who, T_COUNTY, &err), -1);
	cr_assert_str_eq(err.code, "out_of_scope");
}
