/*
** session.c — POST/GET/DELETE /api/v1/session: log in, who am I, log out.
**
** The session token travels only in an HttpOnly, SameSite=Strict cookie; the CSRF token is
** returned in the body for the page to send back as X-CSRF-Token.
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "domain/account.h"
#include "domain/session.h"
#include "http/input.h"

#include <microhttpd.h>
#include <stdio.h>

/* Secure only when this server speaks TLS itself: behind a TLS proxy on loopback the browser
 * still sees HTTPS, but a plain-HTTP county install would otherwise never keep the cookie. */
static void set_session_cookie(struct request *rq, struct response *rs, const char *token,
			       int max_age)
{
	char cookie[200];
	snprintf(cookie, sizeof cookie,
		 "bm_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token, max_age,
		 rq->tls ? "; Secure" : "");
	response_header(rs, "Set-Cookie", cookie);
}

static json_t *session_json(const struct principal *who)
{
	return json_pack("{s:o, s:s}", "user", principal_to_json(who), "csrf_token", who->csrf_token);
}

int api_session_create(struct request *rq, struct response *rs)
{
	static const char *const fields[] = {"username", "password", NULL};
	json_t *body;
	const char *username, *password;
	if (request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = input_reject_unknown(body, fields, &rs->err);
	if (rc == 0)
		rc = input_string(body, "username", "用户名", true, 64, &username, &rs->err);
	if (rc == 0)
		rc = input_string(body, "password", "密码", true, 128, &password, &rs->err);
	struct principal who;
	char token[SESSION_TOKEN_SIZE];
	if (rc == 0)
		rc = account_login(rq->db, username, password, rq->client_ip, clock_now(), token, &who,
				   &rs->err);
	json_decref(body);
	if (rc < 0)
		return -1;
	set_session_cookie(rq, rs, token, SESSION_LIFETIME);
	response_json(rs, 201, session_json(&who));
	return 0;
}

int api_session_get(struct request *rq, struct response *rs)
{
	response_json(rs, 200, session_json(rq->user));
	return 0;
}

int api_session_delete(struct request *rq, struct response *rs)
{
	const char *token = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, "bm_session");
	if (token && session_delete(rq->db, token, &rs->err) < 0)
		return -1;
	set_session_cookie(rq, rs, "", 0);
	response_json(rs, 200, json_pack("{s:b}", "logged_out", 1));
	return 0;
}
