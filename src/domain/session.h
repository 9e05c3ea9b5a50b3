/*
** session.h — login sessions.
**
** A session is a random 256-bit token held by the browser in an HttpOnly, SameSite=Strict
** cookie. The database stores only its BLAKE2b hash, so a leaked database does not leak live
** sessions. Each session also has a CSRF token that the page sends back in the X-CSRF-Token
** header on every state-changing request. Sessions last SESSION_LIFETIME seconds.
*/
#ifndef BM_SESSION_H
#define BM_SESSION_H

#include "domain/auth.h"

#include <stdbool.h>
#include <stdint.h>

#define SESSION_TOKEN_SIZE 65 /* 64 hex digits and NUL */
#define SESSION_LIFETIME (12 * 3600)

struct db;

/* Finds the live session for a cookie token and fills *who. Returns 1 when found, 0 when the
 * token is unknown, expired, or its user disabled, -1 on a database error. */
int session_lookup(struct db *db, const char *token, int64_t now, struct principal *who,
		   struct bm_error *err);

/* Constant-time comparison of the request's CSRF header with the session's token. */
bool session_csrf_matches(const struct principal *who, const char *csrf);

/* Creates a session for user_id (inside the caller's transaction) and writes the cookie token
 * into token_out. */
int session_create(struct db *db, int64_t user_id, int64_t now, char token_out[SESSION_TOKEN_SIZE],
		   struct bm_error *err);

/* Ends the session with this token (no error when it does not exist). */
int session_delete(struct db *db, const char *token, struct bm_error *err);

/* Ends every session of a user (after a password change or disabling). */
int session_delete_for_user(struct db *db, int64_t user_id, struct bm_error *err);

/* Hex-encodes the BLAKE2b-256 hash of text into out (65 bytes). */
void session_hash_hex(const char *text, char out[65]);

#endif
