/*
** request.h — what a handler receives and what it fills.
**
** The server (server.c) builds a struct request for each HTTP request: method, path, the
** captured path arguments of the matched route, the raw body (already capped), the caller
** (when a session cookie was valid) and this thread's database connection. A handler fills a
** struct response, either a JSON body or, on failure, rs->err (and returns -1); the server
** renders either one, adds the security headers and logs the request.
**
** Handlers are short: parse and validate input (http/input.h), authorise (domain/auth.h), call
** the domain inside db_transaction(), render. Rules belong in domain/.
*/
#ifndef BM_REQUEST_H
#define BM_REQUEST_H

#include "core/buf.h"
#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct MHD_Connection;
struct sse_service;
struct sse_stream;

#define REQUEST_MAX_ARGS 4
#define RESPONSE_MAX_HEADERS 8

struct request {
	const char *method;
	const char *path;                          /* without the query string */
	const char *args[REQUEST_MAX_ARGS];        /* {placeholders} of the route, in order */
	char arg_storage[REQUEST_MAX_ARGS][256];   /* backing store of args (URL-decoded) */
	const char *body;                          /* NUL-terminated; may be empty */
	size_t body_len;
	const char *client_ip;
	bool tls;                                  /* the connection is HTTPS (cookies get Secure) */
	const char *public_url;                    /* the configured public base URL, or NULL */
	struct principal *user;                    /* NULL on public routes without a session */
	int64_t user_id;                           /* the caller's id for the request log, or 0 */
	struct db *db;
	struct MHD_Connection *conn;
	struct sse_service *sse;                   /* for handlers that answer with an event stream */
};

struct response {
	int status;
	struct buf body;
	const char *content_type;                  /* static string */
	const char *header_names[RESPONSE_MAX_HEADERS];
	char *header_values[RESPONSE_MAX_HEADERS]; /* owned */
	int header_count;
	struct bm_error err;
	struct sse_stream *stream;                 /* owned: when set, the answer is this event
						    * stream (http/sse.h) instead of `body` */
};

typedef int (*request_handler)(struct request *rq, struct response *rs);

/* Query-string parameter, or NULL when absent. The string belongs to the connection. */
const char *request_query(struct request *rq, const char *name);
/* Request header, or NULL. */
const char *request_header(struct request *rq, const char *name);

/* Reads ?limit= (default 100, 1..1000) and ?offset= (default 0, >= 0). 400 "invalid_query"
 * on anything else. */
int request_page(struct request *rq, int64_t *limit, int64_t *offset, struct bm_error *err);

/* Parses the body as a JSON object. 400 "invalid_json" when it is not JSON (or not UTF-8),
 * 400 "expected_object" when it is JSON but not an object. The caller owns *out
 * (json_decref). */
int request_json_object(struct request *rq, json_t **out, struct bm_error *err);

/* Sets a JSON body. Steals the reference to `value`. */
void response_json(struct response *rs, int status, json_t *value);
/* Sets {"items": items, "total": total}. Steals `items`. */
void response_list(struct response *rs, json_t *items, int64_t total);
/* Sets {"items": <items_json>, "total": total} where items_json is a JSON array already in
 * text form (copied as it is). */
void response_list_text(struct response *rs, const char *items_json, int64_t total);
/* Adds a header (value copied). */
void response_header(struct response *rs, const char *name, const char *value);

#endif
