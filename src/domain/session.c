/*
** session.c — login sessions (see session.h).
*/
#include "domain/session.h"
#include "db/db.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void random_hex(char *out, size_t bytes)
{
	unsigned char raw[64];
	randombytes_buf(raw, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
}

void session_hash_hex(const char *text, char out[65])
{
	unsigned char hash[32];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(out, 65, hash, sizeof hash);
}

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

int session_lookup(struct db *db, const char *token, int64_t now, struct principal *who,
		   struct bm_error *err)
{
	if (strlen(token) != SESSION_TOKEN_SIZE - 1)
		return 0;
	char hash[65];
	session_hash_hex(token, hash);
	struct db_stmt *st = db_query(
		db, err,
		"SELECT u.id, u.role, u.username, u.display_name, u.org_code, o.name, o.path, "
		"s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id "
		"JOIN orgs o ON o.code = u.org_code "
		"WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
		"ti", hash, now);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		who->user_id = db_col_int(st, 0);
		if (role_parse(db_col_text(st, 1), &who->role) < 0)
			rc = DB_DONE;
		copy_text(who->username, sizeof who->username, db_col_text(st, 2));
		copy_text(who->display_name, sizeof who->display_name, db_col_text(st, 3));
		copy_text(who->org_code, sizeof who->org_code, db_col_text(st, 4));
		copy_text(who->org_name, sizeof who->org_name, db_col_text(st, 5));
		copy_text(who->org_path, sizeof who->org_path, db_col_text(st, 6));
		copy_text(who->csrf_token, sizeof who->csrf_token, db_col_text(st, 7));
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

bool session_csrf_matches(const struct principal *who, const char *csrf)
{
	size_t len = strlen(who->csrf_token);
	return len > 0 && strlen(csrf) == len && sodium_memcmp(who->csrf_token, csrf, len) == 0;
}

int session_create(struct db *db, int64_t user_id, int64_t now, char token_out[SESSION_TOKEN_SIZE],
		   struct bm_error *err)
{
	char hash[65], csrf[49];
	random_hex(token_out, 32);
	random_hex(csrf, 24);
	session_hash_hex(token_out, hash);
	if (db_exec_params(db, err, "DELETE FROM sessions WHERE expires_at <= ?", "i", now) < 0)
		return -1;
	return db_exec_params(db, err,
			      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
			      "expires_at) VALUES (?, ?, ?, ?, ?)",
			      "titii", hash, user_id, csrf, now, now + SESSION_LIFETIME) < 0
		       ? -1
		       : 0;
}

int session_delete(struct db *db, const char *token, struct bm_error *err)
{
	char hash[65];
	session_hash_hex(token, hash);
	return db_exec_params(db, err, "DELETE FROM sessions WHERE token_hash = ?", "t", hash) < 0
		       ? -1
		       : 0;
}

int session_delete_for_user(struct db *db, int64_t user_id, struct bm_error *err)
{
	return db_exec_params(db, err, "DELETE FROM sessions WHERE user_id = ?", "i", user_id) < 0
		       ? -1
		       : 0;
}
