/*
** account.c — users, passwords and login (see account.h).
*/
#include "domain/account.h"
#include "core/text.h"
#include "db/db.h"
#include "domain/guard.h"
#include "domain/session.h"
#include "domain/settings.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int account_hash_password(const char *password, char out[128], struct bm_error *err)
{
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return bm_error_internal(err, "crypto_pwhash_str failed (out of memory?)");
	return 0;
}

static bool username_valid(const char *u)
{
	size_t len = strlen(u);
	if (len < 3 || len > 32)
		return false;
	for (; *u; u++)
		if (!islower((unsigned char)*u) && !isdigit((unsigned char)*u) && !strchr("._-", *u))
			return false;
	return true;
}

/* The password policy: long enough, not the demo password outside demo systems. */
static int password_check_policy(struct db *db, const char *password, struct bm_error *err)
{
	if (utf8_length(password) < PASSWORD_MIN_LENGTH || strlen(password) > 128)
		return bm_error_set(err, 400, "weak_password", "密码长度应为 %d 到 128 个字符",
				    PASSWORD_MIN_LENGTH);
	bool demo;
	if (settings_is_demo(db, &demo, err) < 0)
		return -1;
	if (!demo && strcmp(password, DEMO_PASSWORD) == 0)
		return bm_error_set(err, 400, "weak_password", "不能使用演示系统的公开密码");
	return 0;
}

int account_create(struct db *db, const struct account_new *a, const struct audit_actor *actor,
		   int64_t now, int64_t *id, struct bm_error *err)
{
	if (!username_valid(a->username))
		return bm_error_set(err, 400, "invalid_field",
				    "用户名应为 3 到 32 位小写字母、数字或 . _ -");
	size_t name_len = utf8_length(a->display_name);
	if (name_len < 1 || name_len > 32 || text_has_control_chars(a->display_name))
		return bm_error_set(err, 400, "invalid_field", "姓名应为 1 到 32 个字");
	char hash[128];
	if (a->password) {
		if (password_check_policy(db, a->password, err) < 0 ||
		    account_hash_password(a->password, hash, err) < 0)
			return -1;
	} else {
		snprintf(hash, sizeof hash, "%s", a->password_hash);
	}
	int64_t exists = 0;
	int found = db_query_int(db, err, &exists, "SELECT id FROM users WHERE username = ?", "t",
				 a->username);
	if (found < 0)
		return -1;
	if (found)
		return bm_error_set(err, 409, "username_taken", "用户名 %s 已被使用", a->username);
	struct db_stmt *st = db_query(
		db, err,
		"INSERT INTO users (username, display_name, role, org_code, password_hash, disabled, "
		"created_at, updated_at) SELECT ?, ?, ?, code, ?, 0, ?, ? FROM orgs WHERE code = ? "
		"RETURNING id",
		"ttttiit", a->username, a->display_name, role_name(a->role), hash, now, now,
		a->org_code);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE)
		return bm_error_set(err, 404, "org_not_found", "组织机构 %s 不存在", a->org_code);
	json_t *after = json_pack("{s:s, s:s, s:s, s:s}", "username", a->username, "display_name",
				  a->display_name, "role", role_name(a->role), "org_code", a->org_code);
	rc = audit_append(db, actor, now, "user.create", "user", a->username, NULL, after, err);
	json_decref(after);
	return rc;
}

static int account_id(struct db *db, const char *username, int64_t *id, struct bm_error *err)
{
	int found = db_query_int(db, err, id, "SELECT id FROM users WHERE username = ?", "t",
				 username);
	if (found < 0)
		return -1;
	if (!found)
		return bm_error_set(err, 404, "user_not_found", "用户 %.32s 不存在", username);
	return 0;
}

int account_set_password(struct db *db, const char *username, const char *password,
			 const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	int64_t id;
	char hash[128];
	if (account_id(db, username, &id, err) < 0 || password_check_policy(db, password, err) < 0 ||
	    account_hash_password(password, hash, err) < 0)
		return -1;
	if (db_exec_params(db, err, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
			   "tii", hash, now, id) < 0 ||
	    session_delete_for_user(db, id, err) < 0)
		return -1;
	return audit_append(db, actor, now, "user.password", "user", username, NULL, NULL, err);
}

int account_set_disabled(struct db *db, const char *username, bool disabled,
			 const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	int64_t id;
	if (account_id(db, username, &id, err) < 0)
		return -1;
	if (db_exec_params(db, err, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
			   "iii", (int64_t)disabled, now, id) < 0 ||
	    session_delete_for_user(db, id, err) < 0)
		return -1;
	json_t *after = json_pack("{s:b}", "disabled", disabled);
	int rc = audit_append(db, actor, now, disabled ? "user.disable" : "user.enable", "user",
			      username, NULL, after, err);
	json_decref(after);
	return rc;
}

/* --- login -------------------------------------------------------------------------------- */

struct login_success_ctx {
	const char *user_key;
	int64_t user_id;
	const char *username;
	int64_t now;
	char *token;
};

static int record_login_success(struct db *db, void *vctx, struct bm_error *err)
{
	struct login_success_ctx *ctx = vctx;
	if (guard_forget(db, ctx->user_key, err) < 0 ||
	    session_create(db, ctx->user_id, ctx->now, ctx->token, err) < 0)
		return -1;
	struct audit_actor actor = {ctx->user_id, ctx->username};
	return audit_append(db, &actor, ctx->now, "session.login", "user", ctx->username, NULL, NULL,
			    err);
}

/* A hash to verify against when the user does not exist, so that the answer takes as long as
 * for a wrong password and does not reveal which usernames exist. */
static char dummy_hash[128];
static void make_dummy_hash(void)
{
	struct bm_error ignored;
	account_hash_password("no such user, no such password", dummy_hash, &ignored);
}

struct stored_login {
	int64_t id;
	bool disabled;
	char hash[128];
};

static int load_stored_login(struct db *db, const char *username, struct stored_login *out,
			     struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT id, disabled, password_hash FROM users WHERE username = ?",
				      "t", username);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->disabled = db_col_int(st, 1) != 0;
		snprintf(out->hash, sizeof out->hash, "%s", db_col_text(st, 2));
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int account_login(struct db *db, const char *username, const char *password,
		  const char *client_ip, int64_t now, char token_out[65], struct principal *who,
		  struct bm_error *err)
{
	static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
	char user_key[96], ip_key[96];
	snprintf(user_key, sizeof user_key, "user:%.64s", username);
	snprintf(ip_key, sizeof ip_key, "ip:%.64s", client_ip);

	int64_t user_failures, ip_failures;
	if (guard_failures(db, user_key, LOGIN_WINDOW, now, &user_failures, err) < 0 ||
	    guard_failures(db, ip_key, LOGIN_WINDOW, now, &ip_failures, err) < 0)
		return -1;
	if (user_failures >= LOGIN_MAX_FAILURES || ip_failures >= 4 * LOGIN_MAX_FAILURES)
		return bm_error_set(err, 429, "too_many_attempts",
				    "登录失败次数过多，请 %d 分钟后再试", LOGIN_WINDOW / 60);

	struct stored_login stored = {0};
	int found = load_stored_login(db, username, &stored, err);
	if (found < 0)
		return -1;
	pthread_once(&dummy_once, make_dummy_hash);
	const char *hash = found ? stored.hash : dummy_hash;
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && found;
	/* The public demo password works only on demo systems; if that cannot be read, refuse. */
	if (ok && strcmp(password, DEMO_PASSWORD) == 0) {
		bool demo = false;
		if (settings_is_demo(db, &demo, err) < 0)
			return -1;
		ok = demo;
	}

	if (!ok) {
		const char *keys[] = {user_key, ip_key};
		if (guard_record_failure(db, keys, 2, LOGIN_WINDOW, now, err) < 0)
			return -1;
		return bm_error_set(err, 401, "invalid_credentials", "用户名或密码错误");
	}
	if (stored.disabled)
		return bm_error_set(err, 403, "account_disabled", "该账号已停用，请联系管理员");

	struct login_success_ctx ctx = {user_key, stored.id, username, now, token_out};
	if (db_transaction(db, record_login_success, &ctx, err) < 0)
		return -1;
	int got = session_lookup(db, token_out, now, who, err);
	if (got <= 0)
		return got < 0 ? -1 : bm_error_internal(err, "new session not found");
	return 0;
}

json_t *principal_to_json(const struct principal *who)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)who->user_id,
			 "username", who->username, "display_name", who->display_name, "role",
			 role_name(who->role), "role_label", role_label(who->role), "org_code",
			 who->org_code, "org_name", who->org_name);
}
