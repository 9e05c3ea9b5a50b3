/*
** venue_resource.h — the handlers shared by resources that belong to one venue and are
** listed, read, created and patched alike (item groups, windows):
**   GET   /api/v1/venues/{id}/<things>        any staff in scope
**   POST  /api/v1/venues/{id}/<things>        ACT_WINDOW_WRITE in scope → 201 the thing
**   GET   /api/v1/<things>/{id}               any staff in scope
**   PATCH /api/v1/<things>/{id}               ACT_WINDOW_WRITE in scope → 200 the thing
** A resource file describes its domain functions in a struct venue_resource and forwards its
** handlers here. Scope is always the venue's: the caller's org subtree must contain it.
*/
#ifndef BM_VENUE_RESOURCE_H
#define BM_VENUE_RESOURCE_H

#include "domain/audit.h"
#include "http/request.h"

struct venue_resource {
	const char *not_found;     /* error code for an unknown id: "group_not_found" */
	const char *not_found_msg; /* its message */
	int (*list)(struct db *, int64_t venue_id, json_t **out, struct bm_error *);
	int (*get)(struct db *, int64_t id, json_t **out, struct bm_error *);
	int (*venue_of)(struct db *, int64_t id, int64_t *venue_id, struct bm_error *);
	int (*create)(struct db *, int64_t venue_id, json_t *body, const struct audit_actor *,
		      int64_t now, int64_t *id, struct bm_error *);
	int (*update)(struct db *, int64_t id, json_t *patch, const struct audit_actor *,
		      int64_t now, struct bm_error *);
};

int resource_list(const struct venue_resource *r, struct request *rq, struct response *rs);
int resource_create(const struct venue_resource *r, struct request *rq, struct response *rs);
int resource_get(const struct venue_resource *r, struct request *rq, struct response *rs);
int resource_patch(const struct venue_resource *r, struct request *rq, struct response *rs);

/* A positive integer path argument, or 404 with `code` and `message`. */
int api_path_id(const char *text, const char *code, const char *message, int64_t *id,
		struct bm_error *err);

/* The {id} path argument as a venue id (404 venue_not_found). */
int api_venue_arg(struct request *rq, int64_t *venue_id, struct bm_error *err);

/* 404 venue_not_found when the venue does not exist, 403 out_of_scope when it lies outside
 * the caller's subtree. */
int api_require_venue_scope(struct request *rq, int64_t venue_id, struct bm_error *err);

#endif
