/*
** account.h — user accounts, passwords and login.
**
** Passwords are hashed with argon2id (libsodium's crypto_pwhash_str, interactive limits).
** The demo password "bianmin-demo" is accepted only by systems made with `bianmin demo`;
** systems made by `bianmin init` refuse to set it and refuse to log in with it.
**
** Login throttling: after LOGIN_MAX_FAILURES failed attempts within LOGIN_WINDOW seconds for
** one username, or 4× as many from one client address, further attempts answer 429 until the
** window has passed. Counters live in the database, so they hold across server processes.
*/
#ifndef BM_ACCOUNT_H
#define BM_ACCOUNT_H

#include "domain/audit.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

#define LOGIN_MAX_FAILURES 5
#define LOGIN_WINDOW (15 * 60)
#define DEMO_PASSWORD "bianmin-demo"
#define PASSWORD_MIN_LENGTH 8

/* Hashes a password (argon2id) into out (crypto_pwhash_STRBYTES = 128 bytes). */
int account_hash_password(const char *password, char out[128], struct bm_error *err);

struct account_new {
	const char *username;     /* 3..32 of [a-z0-9._-] */
	const char *display_name; /* 1..32 characters */
	enum role role;
	const char *org_code;
	const char *password;     /* checked against the policy, hashed here */
	const char *password_hash; /* alternatively a ready hash (demo seeding); password NULL */
};

/* Creates a user (inside the caller's transaction); audited. 409 "username_taken". */
int account_create(struct db *db, const struct account_new *a, const struct audit_actor *actor,
		   int64_t now, int64_t *id, struct bm_error *err);

/* Sets a new password (policy-checked) and ends the user's sessions. */
int account_set_password(struct db *db, const char *username, const char *password,
			 const struct audit_actor *actor, int64_t now, struct bm_error *err);

/* Disables (or re-enables) a user and ends their sessions. */
int account_set_disabled(struct db *db, const char *username, bool disabled,
			 const struct audit_actor *actor, int64_t now, struct bm_error *err);

/* Checks credentials with throttling and, on success, creates a session. Runs its own
 * transactions (the slow hash check happens outside any). 401 "invalid_credentials",
 * 429 "too_many_attempts". */
int account_login(struct db *db, const char *username, const char *password,
		  const char *client_ip, int64_t now, char token_out[65], struct principal *who,
		  struct bm_error *err);

/* {"id","username","display_name","role","role_label","org_code","org_name"} */
json_t *principal_to_json(const struct principal *who);

#endif
