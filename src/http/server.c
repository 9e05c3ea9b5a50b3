/*
** server.c — the HTTP server: libmicrohttpd, one request's life, and rendering.
**
** Threads. MHD runs a pool of worker threads, each with its own epoll loop. Each worker opens
** its own database connection on first use (thread_db()), keeps it for its lifetime and
** closes it when the thread ends, so connections are never shared between threads.
**
** One request. MHD calls on_request() several times per request:
**   1. first call: only allocate the per-request state (queuing a response here would make
**      MHD answer "Connection: close" and lose keep-alive; see design.md);
**   2. calls with upload data: append to the body, up to the configured cap;
**   3. last call (*upload_data_size == 0): route, authenticate, run the handler, render.
** A body over the cap is answered 413 without running anything. When the client declares a
** Content-Length over the cap, the 413 goes out on the first call and the connection closes
** if the client waits for it (Expect: 100-continue) or the body would be huge; a moderately
** oversized body (up to DISCARD_FACTOR times the cap) is read and thrown away first, because
** a client that is still sending when the server closes gets a connection reset, which
** destroys the 413 before the client could read it.
**
** Rendering. Every response — JSON, error, static file — gets the security headers from
** add_security_headers(); API responses are never cached. Errors render in one place,
** render_error(), as {"error":{"code","message"}}.
*/
#include "http/server.h"
#include "core/clock.h"
#include "core/hub.h"
#include "core/log.h"
#include "core/text.h"
#include "domain/session.h"
#include "http/forwarded.h"
#include "http/router.h"
#include "http/sse.h"
#include "http/static_files.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define SESSION_COOKIE "bm_session"

static const struct server_config *config;
static pthread_key_t thread_db_key;
static struct sse_service *sse_service; /* live event streams (http/sse.h) */

/* Bodies declared up to this many times the cap are read (and discarded) before the 413. */
#define DISCARD_FACTOR 8

struct request_state {
	struct buf body;
	bool too_large;
	struct timespec started;
};

void server_config_defaults(struct server_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->db.backend = DB_SQLITE;
	cfg->listen = "127.0.0.1:8080";
	cfg->web_root = "web";
	cfg->threads = 4;
	cfg->connection_limit = 1024;
	cfg->timeout_seconds = 30;
	cfg->body_limit = 1024 * 1024;
}

static void close_thread_db(void *db)
{
	db_close(db);
}

/* This worker thread's database connection, opened on first use. */
static struct db *thread_db(struct bm_error *err)
{
	struct db *db = pthread_getspecific(thread_db_key);
	if (db)
		return db;
	if (db_open(&config->db, &db, err) < 0)
		return NULL;
	pthread_setspecific(thread_db_key, db);
	return db;
}

/* --- request helpers (request.h) ---------------------------------------------------------- */

const char *request_query(struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *request_header(struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

static int parse_query_int(struct request *rq, const char *name, int64_t min, int64_t max,
			   int64_t fallback, int64_t *out, struct bm_error *err)
{
	const char *text = request_query(rq, name);
	*out = fallback;
	if (!text)
		return 0;
	char *end;
	long long v = strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || v < min || v > max)
		return bm_error_set(err, 400, "invalid_query", "查询参数 %s 应为 %lld 到 %lld 之间的整数",
				    name, (long long)min, (long long)max);
	*out = v;
	return 0;
}

int request_page(struct request *rq, int64_t *limit, int64_t *offset, struct bm_error *err)
{
	if (parse_query_int(rq, "limit", 1, 1000, 100, limit, err) < 0)
		return -1;
	return parse_query_int(rq, "offset", 0, INT32_MAX, 0, offset, err);
}

int request_json_object(struct request *rq, json_t **out, struct bm_error *err)
{
	json_error_t jerr;
	/* JSON_DECODE_ANY: "42" or "null" is valid JSON, just not an object; say so (below)
	 * rather than calling it malformed. */
	*out = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!*out)
		return bm_error_set(err, 400, "invalid_json", "请求内容不是有效的 JSON（第 %d 行第 %d 列）",
				    jerr.line, jerr.column);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return bm_error_set(err, 400, "expected_object", "请求内容应为 JSON 对象");
	}
	return 0;
}

void response_json(struct response *rs, int status, json_t *value)
{
	rs->status = status;
	rs->content_type = "application/json; charset=utf-8";
	buf_reset(&rs->body);
	char *text = json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(value);
	if (text) {
		buf_puts(&rs->body, text);
		free(text);
	}
}

void response_list(struct response *rs, json_t *items, int64_t total)
{
	response_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void response_list_text(struct response *rs, const char *items_json, int64_t total)
{
	rs->status = 200;
	rs->content_type = "application/json; charset=utf-8";
	buf_reset(&rs->body);
	buf_puts(&rs->body, "{\"items\":");
	buf_puts(&rs->body, items_json);
	buf_printf(&rs->body, ",\"total\":%lld}", (long long)total);
}

void response_header(struct response *rs, const char *name, const char *value)
{
	if (rs->header_count >= RESPONSE_MAX_HEADERS)
		return;
	rs->header_names[rs->header_count] = name;
	rs->header_values[rs->header_count] = strdup(value);
	rs->header_count++;
}

static void response_free(struct response *rs)
{
	sse_stream_discard(rs->stream);
	buf_free(&rs->body);
	for (int i = 0; i < rs->header_count; i++)
		free(rs->header_values[i]);
}

/* --- rendering ---------------------------------------------------------------------------- */

static void add_security_headers(struct MHD_Response *resp, bool is_api)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; "
				"img-src 'self' data:; connect-src 'self'; font-src 'self'; "
				"object-src 'none'; base-uri 'none'; form-action 'self'; "
				"frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	if (is_api)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

static void render_error(struct response *rs)
{
	struct bm_error *e = &rs->err;
	if (!e->code) /* a handler returned -1 without saying why: a bug, not the client's fault */
		bm_error_internal(e, "handler failed without an error");
	json_t *body = json_pack("{s:{s:s, s:s}}", "error", "code", e->code, "message", e->message);
	if (!body) /* never expected (messages are repaired to UTF-8), but never an empty answer */
		body = json_pack("{s:{s:s, s:s}}", "error", "code", e->code, "message", "请求有误");
	if (e->field[0])
		json_object_set_new(json_object_get(body, "error"), "field", json_string(e->field));
	response_json(rs, e->http_status ? e->http_status : 500, body);
}

static enum MHD_Result queue_response(struct MHD_Connection *conn, struct response *rs,
				      bool is_api)
{
	struct MHD_Response *resp;
	if (rs->stream) {
		resp = sse_stream_response(rs->stream, conn);
		rs->stream = NULL; /* the response owns it now */
		if (!resp)
			return MHD_NO;
	} else {
		size_t len = rs->body.len;
		char *data = buf_detach(&rs->body);
		resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
		if (!resp) {
			free(data);
			return MHD_NO;
		}
	}
	if (rs->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	for (int i = 0; i < rs->header_count; i++)
		MHD_add_response_header(resp, rs->header_names[i], rs->header_values[i]);
	add_security_headers(resp, is_api);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* --- authentication ----------------------------------------------------------------------- */

/* Reads the session cookie, if any, into *who. Returns 1 with a caller, 0 without, -1 on a
 * database error. */
static int authenticate(struct request *rq, struct principal *who, struct bm_error *err)
{
	const char *token = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	if (!token)
		return 0;
	return session_lookup(rq->db, token, clock_now(), who, err);
}

static bool method_changes_state(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

/* "application/json", any case, optionally followed by parameters ("; charset=utf-8"); not
 * "application/jsonp" or "application/json-seq", which merely start the same. */
static bool content_type_is_json(const char *type)
{
	if (!type)
		return false;
	while (*type == ' ' || *type == '\t')
		type++;
	if (strncasecmp(type, "application/json", 16) != 0)
		return false;
	type += 16;
	while (*type == ' ' || *type == '\t')
		type++;
	return *type == '\0' || *type == ';';
}

/* Runs the checks every state-changing request passes before its handler: a JSON content type
 * (which also forces a CORS preflight on cross-site requests) and the CSRF token. */
static int check_state_change(struct request *rq, const struct route *route,
			      struct bm_error *err)
{
	const char *type = request_header(rq, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (rq->body_len > 0 && !content_type_is_json(type))
		return bm_error_set(err, 415, "unsupported_media_type",
				    "请求内容类型应为 application/json");
	if (route->flags & ROUTE_NO_CSRF)
		return 0;
	const char *csrf = request_header(rq, "X-CSRF-Token");
	if (!rq->user || !csrf || !session_csrf_matches(rq->user, csrf))
		return bm_error_set(err, 403, "csrf_failed", "安全校验失败，请刷新页面后重试");
	return 0;
}

/* --- dispatch ----------------------------------------------------------------------------- */

/* Drops this thread's connection when the database server went away, so the next request
 * on this thread connects afresh instead of failing forever. */
static void forget_lost_thread_db(struct db *db)
{
	if (!db || !db_connection_lost(db))
		return;
	log_error("database connection lost; reconnecting on the next request");
	pthread_setspecific(thread_db_key, NULL);
	db_close(db);
}

static enum MHD_Result check_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				       const char *value)
{
	bool *valid = cls;
	*valid = *valid && utf8_valid(key) && (!value || utf8_valid(value));
	return *valid ? MHD_YES : MHD_NO;
}

/* Text from the URL reaches SQL and JSON: it must be UTF-8 (PostgreSQL refuses anything else,
 * and SQLite would compare raw bytes). Path arguments that are not are no resource (404);
 * query parameters that are not are a bad request (400). */
static int check_url_text(struct request *rq, struct bm_error *err)
{
	for (int i = 0; i < REQUEST_MAX_ARGS && rq->args[i]; i++)
		if (!utf8_valid(rq->args[i]))
			return bm_error_set(err, 404, "not_found", "请求的地址不存在");
	bool valid = true;
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, check_query_arg, &valid);
	if (!valid)
		return bm_error_set(err, 400, "invalid_query", "查询参数不是有效的 UTF-8 文字");
	return 0;
}

static void dispatch(struct request *rq, struct response *rs)
{
	const struct route *route;
	char allow[128];
	enum router_result found = router_match(rq->method, rq->path, config->test_clock, &route, rq,
						allow, sizeof allow);
	if (found == ROUTER_FOUND && check_url_text(rq, &rs->err) < 0)
		return render_error(rs);
	if (found == ROUTER_NO_PATH) {
		bm_error_set(&rs->err, 404, "not_found", "请求的地址不存在");
		return render_error(rs);
	}
	if (found == ROUTER_WRONG_METHOD) {
		response_header(rs, "Allow", allow);
		bm_error_set(&rs->err, 405, "method_not_allowed", "该地址不支持 %s 方法", rq->method);
		return render_error(rs);
	}
	rq->db = thread_db(&rs->err);
	if (!rq->db)
		return render_error(rs);

	struct principal who;
	int authed = authenticate(rq, &who, &rs->err);
	if (authed < 0)
		return render_error(rs);
	rq->user = authed ? &who : NULL;
	rq->user_id = authed ? who.user_id : 0;
	if (!rq->user && !(route->flags & ROUTE_PUBLIC)) {
		bm_error_set(&rs->err, 401, "unauthenticated", "请先登录");
		return render_error(rs);
	}
	if (method_changes_state(rq->method) && check_state_change(rq, route, &rs->err) < 0)
		return render_error(rs);
	if (route->handler(rq, rs) < 0)
		return render_error(rs);
	rq->user = NULL; /* `who` goes out of scope */
}

static double elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) * 1e3 + (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

static void client_address(struct MHD_Connection *conn, char out[INET6_ADDRSTRLEN])
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!info || !info->client_addr)
		return;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, INET6_ADDRSTRLEN);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  INET6_ADDRSTRLEN);
}

static bool is_api_path(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/healthz") == 0;
}

static enum MHD_Result serve_static(struct MHD_Connection *conn, const char *path,
				    struct request_state *state)
{
	struct MHD_Response *resp;
	int status = static_file_response(config->web_root, path, conn, &resp);
	if (!resp)
		return MHD_NO;
	add_security_headers(resp, false);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	log_request("GET", path, status, elapsed_ms(&state->started), 0);
	return ret;
}

static enum MHD_Result answer(struct MHD_Connection *conn, const char *url, const char *method,
			      struct request_state *state)
{
	bool is_api = is_api_path(url);
	bool is_read = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (!is_api && is_read && !state->too_large) {
		enum MHD_Result ret = serve_static(conn, url, state);
		if (ret == MHD_YES)
			return ret;
	}

	char peer[INET6_ADDRSTRLEN], ip[INET6_ADDRSTRLEN];
	client_address(conn, peer);
	forwarded_client(peer,
			 MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For"),
			 config->trusted_proxies, ip);
	struct request rq = {
		.method = method,
		.path = url,
		.body = buf_cstr(&state->body),
		.body_len = state->body.len,
		.client_ip = ip,
		.tls = config->tls_cert && config->tls_key,
		.public_url = config->public_url,
		.conn = conn,
		.sse = sse_service,
	};
	struct response rs = {.status = 200, .body = BUF_INIT};
	if (state->too_large) {
		bm_error_set(&rs.err, 413, "body_too_large", "请求内容过大（上限 %zu 字节）",
			     config->body_limit);
		render_error(&rs);
	} else {
		dispatch(&rq, &rs);
		forget_lost_thread_db(rq.db);
	}
	enum MHD_Result ret = queue_response(conn, &rs, true);
	log_request(method, url, rs.status, elapsed_ms(&state->started), rq.user_id);
	response_free(&rs);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct request_state *state = *con_cls;
	if (!state) {
		state = calloc(1, sizeof *state);
		if (!state)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &state->started);
		*con_cls = state;
		const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
								 MHD_HTTP_HEADER_CONTENT_LENGTH);
		unsigned long long declared = length ? strtoull(length, NULL, 10) : 0;
		if (declared > config->body_limit) {
			state->too_large = true;
			const char *expect =
				MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
			if ((expect && strcasestr(expect, "100-continue")) ||
			    declared / DISCARD_FACTOR > config->body_limit)
				return answer(conn, url, method, state);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!state->too_large && state->body.len + *upload_data_size <= config->body_limit)
			buf_add(&state->body, upload_data, *upload_data_size);
		else
			state->too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return answer(conn, url, method, state);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request_state *state = *con_cls;
	if (!state)
		return;
	buf_free(&state->body);
	free(state);
	*con_cls = NULL;
}

/* Parses "ADDR:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080"). */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	const char *colon = strrchr(listen, ':');
	if (!colon)
		return -1;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port <= 0 || port > 65535)
		return -1;
	char host[64];
	size_t hlen = (size_t)(colon - listen);
	if (hlen >= sizeof host)
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[' && hlen > 2 && host[hlen - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		host[hlen - 1] = '\0';
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof *s6;
		return inet_pton(AF_INET6, host + 1, &s6->sin6_addr) == 1 ? AF_INET6 : -1;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	*len = sizeof *s4;
	if (hlen == 0)
		return AF_INET; /* any address */
	return inet_pton(AF_INET, host, &s4->sin_addr) == 1 ? AF_INET : -1;
}

static char *read_whole_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

/* db_listen() callback: a committed change reaches this process's live streams. */
static void on_db_notification(const char *payload, void *ctx)
{
	struct hub *hub = ctx;
	if (!payload) {
		hub_publish(hub, &(struct hub_event){.kind = HUB_RESET, .topic = HUB_ALL});
		return;
	}
	struct hub_event ev;
	struct buf scratch = BUF_INIT;
	if (hub_event_decode(payload, &ev, &scratch) == 0)
		hub_publish(hub, &ev);
	else
		log_error("ignoring a malformed event notification");
	buf_free(&scratch);
}

static void stop_events(struct hub *hub, struct db_listener *listener)
{
	sse_service_stop(sse_service, 0);
	sse_service = NULL;
	db_unlisten(listener);
	hub_free(hub);
}

/* The event hub, its database listener and the stream service; 0 or -1 (logged). */
static int start_events(const struct server_config *cfg, struct hub **hub,
			struct db_listener **listener)
{
	struct bm_error err = {0};
	*hub = hub_new();
	if (!*hub)
		return -1;
	if (db_listen(&cfg->db, on_db_notification, *hub, listener, &err) < 0) {
		log_error("cannot listen for events: %s", err.message);
		hub_free(*hub);
		return -1;
	}
	sse_service = sse_service_start(*hub);
	if (!sse_service) {
		db_unlisten(*listener);
		hub_free(*hub);
		return -1;
	}
	return 0;
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_error("httpd: %s", msg);
}

/* Blocks until SIGINT or SIGTERM, running the periodic job on this (the main) thread in
 * between: the workers stay free for requests, and the job never runs twice at once. */
static int wait_for_stop(const struct server_config *cfg, const sigset_t *sigs)
{
	const struct timespec period = {SERVER_PERIODIC_SECONDS, 0};
	for (;;) {
		int sig = cfg->periodic ? sigtimedwait(sigs, NULL, &period) : sigwaitinfo(sigs, NULL);
		if (sig > 0)
			return sig;
		if (cfg->periodic && errno == EAGAIN)
			cfg->periodic(cfg->periodic_ctx);
	}
}

int server_run(const struct server_config *cfg)
{
	config = cfg;
	pthread_key_create(&thread_db_key, close_thread_db);

	struct sockaddr_storage addr;
	socklen_t addr_len;
	int family = parse_listen(cfg->listen, &addr, &addr_len);
	if (family < 0) {
		log_error("cannot parse listen address '%s' (want ADDR:PORT)", cfg->listen);
		return -1;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	char *tls_cert = NULL, *tls_key = NULL;
	if (cfg->tls_cert && cfg->tls_key) {
		tls_cert = read_whole_file(cfg->tls_cert);
		tls_key = read_whole_file(cfg->tls_key);
		if (!tls_cert || !tls_key) {
			log_error("cannot read TLS certificate or key");
			free(tls_cert);
			free(tls_key);
			return -1;
		}
		flags |= MHD_USE_TLS;
	}

	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* worker threads inherit the mask */
	signal(SIGPIPE, SIG_IGN);

	/* After the signal mask: the listener and heartbeat threads inherit it. */
	struct hub *hub;
	struct db_listener *listener;
	if (start_events(cfg, &hub, &listener) < 0) {
		free(tls_cert);
		free(tls_key);
		return -1;
	}

	struct MHD_OptionItem tls_opts[] = {
		{tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, tls_cert},
		{MHD_OPTION_HTTPS_MEM_KEY, 0, tls_key},
		{MHD_OPTION_END, 0, NULL},
	};
	/* The logger goes first so that MHD reports problems with the later options through it.
	 * No MHD_OPTION_LISTENING_ADDRESS_REUSE: with it (SO_REUSEPORT) a second server started on
	 * a port already in use binds "successfully" and the kernel splits the connections between
	 * the two processes, each perhaps on another database. The default (SO_REUSEADDR only)
	 * still allows a quick restart over connections in TIME_WAIT. */
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->connection_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_ARRAY, tls_opts,
		MHD_OPTION_END);
	if (!d) {
		log_error("cannot listen on %s (address in use or not permitted?)", cfg->listen);
		stop_events(hub, listener);
		free(tls_cert);
		free(tls_key);
		return -1;
	}
	log_info("bianmin serving on %s://%s (%u threads)%s", tls_cert ? "https" : "http",
		 cfg->listen, cfg->threads, cfg->test_clock ? " with --test-clock" : "");

	int sig = wait_for_stop(cfg, &sigs);
	log_info("signal %d: stopping", sig);
	/* No new connections; end the event streams (MHD must not stop with suspended ones). */
	MHD_quiesce_daemon(d);
	sse_service_stop(sse_service, 3000);
	sse_service = NULL;
	MHD_stop_daemon(d);
	db_unlisten(listener);
	hub_free(hub);
	free(tls_cert);
	free(tls_key);
	return 0;
}
