/*
** test_account.c — accounts, passwords and login (domain/account.c, domain/session.c):
** argon2id hashes, the password policy and the public demo password, username rules,
** throttling of failed logins, disabled accounts and the sessions a password change ends.
**
** Every test starts from the test county (helpers.h) in a production system (system_kind =
** "production", as `bianmin init` leaves it) with one window staff member of 城关镇,
** "wang.li", whose password is GOOD_PASSWORD.
*/
#include "db/db.h"
#include "domain/account.h"
#include "domain/session.h"
#include "domain/settings.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

#define GOOD_PASSWORD "correct-horse-9"
#define CLIENT_IP "192.0.2.10"

static struct t_db t;

struct create_ctx {
	struct account_new a;
	int64_t id;
};

static int create_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct create_ctx *ctx = vctx;
	return account_create(db, &ctx->a, &t_actor, T_NOW, &ctx->id, err);
}

/* account_create() in its own transaction; returns its result with *err filled. */
static int create_user(const char *username, const char *password, struct bm_error *err)
{
	struct create_ctx ctx = {
		.a = {.username = username, .display_name = "王丽", .role = ROLE_WINDOW_STAFF,
		      .org_code = T_TOWN_A, .password = password},
	};
	return db_transaction(t.db, create_txn, &ctx, err);
}

struct password_ctx {
	const char *username, *password;
};

static int set_password_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct password_ctx *ctx = vctx;
	return account_set_password(db, ctx->username, ctx->password, &t_actor, T_NOW, err);
}

static int set_password(const char *username, const char *password, struct bm_error *err)
{
	struct password_ctx ctx = {username, password};
	return db_transaction(t.db, set_password_txn, &ctx, err);
}

static int disable_txn(struct db *db, void *vctx, struct bm_error *err)
{
	return account_set_disabled(db, vctx, true, &t_actor, T_NOW, err);
}

static void set_system_kind(const char *kind)
{
	struct bm_error err = {0};
	cr_assert_eq(settings_set(t.db, "system_kind", kind, &err), 0, "%s", err.message);
}

static int login_at(const char *username, const char *password, int64_t now, char token[65],
		    struct bm_error *err)
{
	struct principal who;
	return account_login(t.db, username, password, CLIENT_IP, now, token, &who, err);
}

static int login(const char *username, const char *password, struct bm_error *err)
{
	char token[65];
	return login_at(username, password, T_NOW, token, err);
}

static void assert_login_fails(const char *username, const char *password, int64_t now,
			       int status, const char *code)
{
	struct bm_error err = {0};
	char token[65];
	cr_assert_eq(login_at(username, password, now, token, &err), -1,
		     "login of %s with \"%s\" should fail with %s", username, password, code);
	cr_assert_eq(err.http_status, status, "expected %d %s, got %d %s (%s)", status, code,
		     err.http_status, err.code, err.message);
	cr_assert_str_eq(err.code, code);
}

static void assert_login_succeeds(const char *username, const char *password, int64_t now)
{
	struct bm_error err = {0};
	char token[65];
	cr_assert_eq(login_at(username, password, now, token, &err), 0,
		     "login of %s with \"%s\" failed: %d %s %s", username, password,
		     err.http_status, err.code, err.message);
}

static void setup(void)
{
	struct bm_error err = {0};
	t_db_open(&t);
	t_seed_county(t.db);
	set_system_kind("production");
	cr_assert_eq(create_user("wang.li", GOOD_PASSWORD, &err), 0, "create wang.li: %s",
		     err.message);
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(account, .init = setup, .fini = teardown);

/* --- hashing and login -------------------------------------------------------------------- */

Test(account, passwords_are_stored_as_argon2id_hashes_never_in_clear)
{
	struct bm_error err = {0};
	int64_t n = 0;
	cr_assert_eq(db_query_int(t.db, &err, &n,
				  "SELECT COUNT(*) FROM users WHERE username = 'wang.li' AND "
				  "password_hash LIKE '$argon2id$%' AND password_hash NOT LIKE ?",
				  "t", "%" GOOD_PASSWORD "%"),
		     1);
	cr_assert_eq(n, 1, "wang.li's stored password is not an argon2id hash");
}

Test(account, created_user_logs_in_with_the_right_password_and_gets_a_session)
{
	struct bm_error err = {0};
	struct principal who;
	char token[65];
	cr_assert_eq(account_login(t.db, "wang.li", GOOD_PASSWORD, CLIENT_IP, T_NOW, token, &who,
				   &err),
		     0, "%d %s %s", err.http_status, err.code, err.message);
	cr_assert_eq(strlen(token), 64);
	cr_assert_str_eq(who.username, "wang.li");
	cr_assert_eq(who.role, ROLE_WINDOW_STAFF);
	cr_assert_str_eq(who.org_code, T_TOWN_A);
	cr_assert_str_eq(who.org_path, T_PATH_TOWN_A);
	cr_assert_neq(who.csrf_token[0], '\0');
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM sessions"), 1);
}

Test(account, session_of_a_login_is_found_by_its_token_until_it_expires)
{
	struct bm_error err = {0};
	struct principal who;
	char token[65];
	cr_assert_eq(login_at("wang.li", GOOD_PASSWORD, T_NOW, token, &err), 0, "%s", err.message);
	cr_assert_eq(session_lookup(t.db, token, T_NOW + SESSION_LIFETIME - 1, &who, &err), 1);
	cr_assert_str_eq(who.username, "wang.li");
	cr_assert_eq(session_lookup(t.db, token, T_NOW + SESSION_LIFETIME, &who, &err), 0);
}

Test(account, database_keeps_only_the_hash_of_the_session_token)
{
	struct bm_error err = {0};
	char token[65], hash[65];
	cr_assert_eq(login_at("wang.li", GOOD_PASSWORD, T_NOW, token, &err), 0, "%s", err.message);
	session_hash_hex(token, hash);
	int64_t n = -1;
	cr_assert_eq(db_query_int(t.db, &err, &n, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
				  "t", token),
		     1);
	cr_assert_eq(n, 0, "the clear token is stored");
	cr_assert_eq(db_query_int(t.db, &err, &n, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
				  "t", hash),
		     1);
	cr_assert_eq(n, 1);
}

Test(account, wrong_password_answers_401_invalid_credentials)
{
	assert_login_fails("wang.li", "wrong-password-1", T_NOW, 401, "invalid_credentials");
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM sessions"), 0);
}

Test(account, unknown_username_answers_the_same_401_as_a_wrong_password)
{
	assert_login_fails("nobody", GOOD_PASSWORD, T_NOW, 401, "invalid_credentials");
}

Test(account, login_is_audited)
{
	struct bm_error err = {0};
	cr_assert_eq(login("wang.li", GOOD_PASSWORD, &err), 0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'session.login' "
				 "AND entity_id = 'wang.li'"),
		     1);
}

/* --- throttling --------------------------------------------------------------------------- */

Test(account, four_failures_still_let_the_right_password_in)
{
	for (int i = 0; i < LOGIN_MAX_FAILURES - 1; i++)
		assert_login_fails("wang.li", "wrong-password-1", T_NOW + i, 401, "invalid_credentials");
	assert_login_succeeds("wang.li", GOOD_PASSWORD, T_NOW + 10);
}

Test(account, five_failures_answer_429_too_many_attempts_even_with_the_right_password)
{
	for (int i = 0; i < LOGIN_MAX_FAILURES; i++)
		assert_login_fails("wang.li", "wrong-password-1", T_NOW + i, 401, "invalid_credentials");
	assert_login_fails("wang.li", GOOD_PASSWORD, T_NOW + 10, 429, "too_many_attempts");
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM sessions"), 0);
}

Test(account, lockout_ends_when_the_15_minute_window_has_passed)
{
	for (int i = 0; i < LOGIN_MAX_FAILURES; i++)
		assert_login_fails("wang.li", "wrong-password-1", T_NOW, 401, "invalid_credentials");
	assert_login_fails("wang.li", GOOD_PASSWORD, T_NOW + 14 * 60, 429, "too_many_attempts");
	assert_login_succeeds("wang.li", GOOD_PASSWORD, T_NOW + 16 * 60);
}

Test(account, failures_from_an_expired_window_do_not_add_to_new_ones)
{
	for (int i = 0; i < LOGIN_MAX_FAILURES - 1; i++)
		assert_login_fails("wang.li", "wrong-password-1", T_NOW, 401, "invalid_credentials");
	/* 16 minutes later the count starts again at 1, so one more failure does not lock. */
	assert_login_fails("wang.li", "wrong-password-1", T_NOW + 16 * 60, 401,
			   "invalid_credentials");
	assert_login_succeeds("wang.li", GOOD_PASSWORD, T_NOW + 16 * 60 + 1);
}

Test(account, successful_login_clears_the_usernames_failure_count)
{
	for (int i = 0; i < LOGIN_MAX_FAILURES - 1; i++)
		assert_login_fails("wang.li", "wrong-password-1", T_NOW, 401, "invalid_credentials");
	assert_login_succeeds("wang.li", GOOD_PASSWORD, T_NOW + 1);
	for (int i = 0; i < LOGIN_MAX_FAILURES - 1; i++)
		assert_login_fails("wang.li", "wrong-password-1", T_NOW + 2, 401, "invalid_credentials");
	assert_login_succeeds("wang.li", GOOD_PASSWORD, T_NOW + 3);
}

Test(account, lockout_of_one_username_does_not_lock_another)
{
	struct bm_error err = {0};
	cr_assert_eq(create_user("zhao.min", GOOD_PASSWORD, &err), 0, "%s", err.message);
	for (int i = 0; i < LOGIN_MAX_FAILURES; i++)
		assert_login_fails("wang.li", "wrong-password-1", T_NOW, 401, "invalid_credentials");
	assert_login_succeeds("zhao.min", GOOD_PASSWORD, T_NOW + 1);
}

Test(account, twenty_failures_from_one_address_lock_that_address_for_every_username,
     .timeout = 120)
{
	struct bm_error err = {0};
	cr_assert_eq(create_user("zhao.min", GOOD_PASSWORD, &err), 0, "%s", err.message);
	/* Four failures each for five different (unknown) usernames: none of them is locked. */
	for (int i = 0; i < 4 * LOGIN_MAX_FAILURES; i++) {
		char name[32];
		snprintf(name, sizeof name, "guess-%d", i % 5);
		assert_login_fails(name, "wrong-password-1", T_NOW, 401, "invalid_credentials");
	}
	assert_login_fails("zhao.min", GOOD_PASSWORD, T_NOW + 1, 429, "too_many_attempts");
}

/* --- the demo password -------------------------------------------------------------------- */

Test(account, demo_password_is_refused_by_account_create_in_a_production_system)
{
	struct bm_error err = {0};
	cr_assert_eq(create_user("li.na", DEMO_PASSWORD, &err), -1);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "weak_password");
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM users WHERE username = 'li.na'"), 0);
}

Test(account, demo_password_is_refused_by_set_password_in_a_production_system)
{
	struct bm_error err = {0};
	cr_assert_eq(set_password("wang.li", DEMO_PASSWORD, &err), -1);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "weak_password");
	assert_login_succeeds("wang.li", GOOD_PASSWORD, T_NOW);
}

Test(account, demo_password_is_refused_when_the_system_kind_is_not_set)
{
	struct bm_error err = {0};
	t_sql(t.db, "DELETE FROM settings WHERE key = 'system_kind'");
	cr_assert_eq(create_user("li.na", DEMO_PASSWORD, &err), -1);
	cr_assert_str_eq(err.code, "weak_password");
}

/* A hash of the demo password put in place behind the policy's back (e.g. a production
 * database seeded from a demo one). */
static void store_demo_password_hash(const char *username)
{
	struct bm_error err = {0};
	char hash[128];
	cr_assert_eq(account_hash_password(DEMO_PASSWORD, hash, &err), 0);
	cr_assert_eq(db_exec_params(t.db, &err, "UPDATE users SET password_hash = ? WHERE username = ?",
				    "tt", hash, username),
		     1, "%s", err.message);
}

Test(account, demo_password_does_not_log_in_to_a_production_system_even_when_stored)
{
	store_demo_password_hash("wang.li");
	assert_login_fails("wang.li", DEMO_PASSWORD, T_NOW, 401, "invalid_credentials");
}

Test(account, demo_password_logs_in_to_a_demo_system)
{
	set_system_kind("demo");
	store_demo_password_hash("wang.li");
	assert_login_succeeds("wang.li", DEMO_PASSWORD, T_NOW);
}

Test(account, demo_password_is_accepted_by_account_create_in_a_demo_system)
{
	struct bm_error err = {0};
	set_system_kind("demo");
	cr_assert_eq(create_user("li.na", DEMO_PASSWORD, &err), 0, "%s", err.message);
	assert_login_succeeds("li.na", DEMO_PASSWORD, T_NOW);
}

Test(account, password_shorter_than_8_characters_is_refused_as_weak)
{
	struct bm_error err = {0};
	cr_assert_eq(create_user("li.na", "short-7", &err), -1);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "weak_password");
}

Test(account, password_length_counts_characters_not_bytes)
{
	/* 7 characters are too short although they take 21 bytes. */
	struct bm_error err = {0};
	cr_assert_eq(create_user("li.na", "白河县便民服务", &err), -1);
	cr_assert_str_eq(err.code, "weak_password");
}

Test(account, password_of_8_chinese_characters_is_long_enough)
{
	struct bm_error err = {0};
	cr_assert_eq(create_user("li.na", "白河县便民服务中", &err), 0, "%s", err.message);
}

/* --- usernames and other fields ----------------------------------------------------------- */

Test(account, usernames_outside_3_to_32_of_lowercase_digits_dot_underscore_dash_are_refused)
{
	const char *bad[] = {"", "ab", "abcdefghijklmnopqrstuvwxyz0123456", "Wang.li", "wang li",
			     "wang@li", "王丽", "wang/li", "wang\tli"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct bm_error err = {0};
		cr_assert_eq(create_user(bad[i], GOOD_PASSWORD, &err), -1,
			     "username \"%s\" was accepted", bad[i]);
		cr_assert_eq(err.http_status, 400, "\"%s\": %d %s", bad[i], err.http_status, err.code);
		cr_assert_str_eq(err.code, "invalid_field", "\"%s\"", bad[i]);
	}
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM users"), 1);
}

static int create_with_hash_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct create_ctx *ctx = vctx;
	return account_create(db, &ctx->a, &t_actor, T_NOW, &ctx->id, err);
}

Test(account, usernames_at_the_limits_of_the_rule_are_accepted)
{
	const char *good[] = {"abc", "abcdefghijklmnopqrstuvwxyz012345", "a.b", "a_b", "a-b",
			      "007"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct bm_error err = {0};
		/* A ready hash skips the slow hashing; only the username is under test. */
		struct create_ctx ctx = {
			.a = {.username = good[i], .display_name = "测试", .role = ROLE_VILLAGE_AGENT,
			      .org_code = T_VILLAGE_A1, .password_hash = "$argon2id$placeholder"},
		};
		cr_assert_eq(db_transaction(t.db, create_with_hash_txn, &ctx, &err), 0,
			     "username \"%s\" refused: %s", good[i], err.message);
	}
}

Test(account, taken_username_answers_409_username_taken)
{
	struct bm_error err = {0};
	cr_assert_eq(create_user("wang.li", GOOD_PASSWORD, &err), -1);
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.code, "username_taken");
}

Test(account, user_of_an_unknown_org_answers_404_org_not_found)
{
	struct bm_error err = {0};
	struct create_ctx ctx = {
		.a = {.username = "li.na", .display_name = "李娜", .role = ROLE_WINDOW_STAFF,
		      .org_code = "610929199", .password_hash = "$argon2id$placeholder"},
	};
	cr_assert_eq(db_transaction(t.db, create_with_hash_txn, &ctx, &err), -1);
	cr_assert_eq(err.http_status, 404);
	cr_assert_str_eq(err.code, "org_not_found");
}

Test(account, display_name_must_be_1_to_32_characters)
{
	const char *bad[] = {"", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三",
			     "王\n丽"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct bm_error err = {0};
		struct create_ctx ctx = {
			.a = {.username = "li.na", .display_name = bad[i], .role = ROLE_WINDOW_STAFF,
			      .org_code = T_TOWN_A, .password_hash = "$argon2id$placeholder"},
		};
		cr_assert_eq(db_transaction(t.db, create_with_hash_txn, &ctx, &err), -1,
			     "display name \"%s\" accepted", bad[i]);
		cr_assert_str_eq(err.code, "invalid_field");
	}
}

Test(account, account_create_is_audited_without_the_password)
{
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.create' "
				 "AND entity_id = 'wang.li'"),
		     1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE "
				 "'%" GOOD_PASSWORD "%' OR after_json LIKE '%argon2%' "
				 "OR after_json LIKE '%password%'"),
		     0, "the password or its hash is in the audit log");
}

/* --- disabling and password changes ------------------------------------------------------- */

Test(account, disabled_account_with_the_right_password_answers_403_account_disabled)
{
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, disable_txn, "wang.li", &err), 0, "%s", err.message);
	assert_login_fails("wang.li", GOOD_PASSWORD, T_NOW, 403, "account_disabled");
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM sessions"), 0);
}

Test(account, disabled_account_with_a_wrong_password_answers_401_like_any_other)
{
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, disable_txn, "wang.li", &err), 0, "%s", err.message);
	assert_login_fails("wang.li", "wrong-password-1", T_NOW, 401, "invalid_credentials");
}

Test(account, disabling_ends_the_users_sessions)
{
	struct bm_error err = {0};
	struct principal who;
	char token[65];
	cr_assert_eq(login_at("wang.li", GOOD_PASSWORD, T_NOW, token, &err), 0, "%s", err.message);
	cr_assert_eq(db_transaction(t.db, disable_txn, "wang.li", &err), 0, "%s", err.message);
	cr_assert_eq(session_lookup(t.db, token, T_NOW + 1, &who, &err), 0);
}

Test(account, set_password_ends_the_users_sessions)
{
	struct bm_error err = {0};
	struct principal who;
	char token[65];
	cr_assert_eq(login_at("wang.li", GOOD_PASSWORD, T_NOW, token, &err), 0, "%s", err.message);
	cr_assert_eq(session_lookup(t.db, token, T_NOW + 1, &who, &err), 1);
	cr_assert_eq(set_password("wang.li", "another-secret-7", &err), 0, "%s", err.message);
	cr_assert_eq(session_lookup(t.db, token, T_NOW + 2, &who, &err), 0,
		     "the session survived a password change");
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM sessions"), 0);
}

Test(account, set_password_replaces_the_old_password)
{
	struct bm_error err = {0};
	cr_assert_eq(set_password("wang.li", "another-secret-7", &err), 0, "%s", err.message);
	assert_login_fails("wang.li", GOOD_PASSWORD, T_NOW, 401, "invalid_credentials");
	assert_login_succeeds("wang.li", "another-secret-7", T_NOW + 1);
}

Test(account, set_password_of_an_unknown_user_answers_404_user_not_found)
{
	struct bm_error err = {0};
	cr_assert_eq(set_password("nobody", "another-secret-7", &err), -1);
	cr_assert_eq(err.http_status, 404);
	cr_assert_str_eq(err.code, "user_not_found");
}

Test(account, csrf_token_must_match_exactly)
{
	struct bm_error err = {0};
	struct principal who;
	char token[65];
	cr_assert_eq(account_login(t.db, "wang.li", GOOD_PASSWORD, CLIENT_IP, T_NOW, token, &who,
				   &err),
		     0, "%s", err.message);
	char csrf[64];
	snprintf(csrf, sizeof csrf, "%s", who.csrf_token);
	cr_assert(session_csrf_matches(&who, csrf));
	size_t last = strlen(csrf) - 1;
	csrf[last] = csrf[last] == 'a' ? 'b' : 'a';
	cr_assert_not(session_csrf_matches(&who, csrf));
	cr_assert_not(session_csrf_matches(&who, ""));
}
