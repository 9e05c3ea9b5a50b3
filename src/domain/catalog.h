/*
** catalog.h — the service item catalogue (事项清单): versions, search, life events.
**
** Items are versioned. Creating an item publishes version 1; every later edit publishes a new
** version (effective from the day of the edit) and closes the previous one, which stays
** readable forever, since cases keep the version they were accepted under. The current
** version of every published item is mirrored into item_search (and, on SQLite, the trigram
** index item_fts) for search and lists; catalog.c is the only writer of both.
**
** All writers must run inside a transaction; each writes an audit entry.
*/
#ifndef BM_CATALOG_H
#define BM_CATALOG_H

#include "core/buf.h"
#include "core/error.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Publishes a new item as version 1. doc must pass item_validate(). 409 "item_exists". */
int catalog_create(struct db *db, json_t *doc, const struct audit_actor *actor, int64_t now,
		   struct bm_error *err);

/* Publishes doc as the next version of the item doc.code (which must exist: 404
 * "item_not_found"). When doc equals the current version nothing is written and *version is
 * the current one. */
int catalog_revise(struct db *db, json_t *doc, const struct audit_actor *actor, int64_t now,
		   int64_t *version, struct bm_error *err);

/* Creates or revises, whichever applies (imports). *changed is 1 when something was written. */
int catalog_put(struct db *db, json_t *doc, const struct audit_actor *actor, int64_t now,
		int *changed, struct bm_error *err);

/* Version `version` (0: the current one) of an item: the document plus "version",
 * "effective_from", "effective_to", "status" and "type_label". Returns 1 with *out (caller
 * owns), 0 when there is no such item or version, -1 on error. */
int catalog_get(struct db *db, const char *code, int64_t version, json_t **out,
		struct bm_error *err);

/* [{version, effective_from, effective_to, created_at, created_by, name}] newest first. */
int catalog_versions(struct db *db, const char *code, json_t **out, struct bm_error *err);

/* The list entry of an item (as in search results) from its document. Caller owns. */
json_t *catalog_summary(json_t *doc);

struct catalog_query {
	const char *q;        /* words to find in names, keywords and materials; NULL: all */
	const char *level;    /* only items received at this level (village, town, county) */
	const char *type;     /* XK, GF ... */
	const char *category;
	int64_t venue_id;     /* only items this venue has claimed; 0: any */
};

/* Published items matching the query, exact name matches first, then names starting with q,
 * names containing q, keywords, materials; then by code. Appends to `items` a JSON array of
 * summaries as text: the summaries are stored as JSON and copied, never parsed, which is most
 * of the cost of a search that matches many items. */
int catalog_search(struct db *db, const struct catalog_query *query, int64_t limit, int64_t offset,
		   struct buf *items, int64_t *total, struct bm_error *err);

/* Every published item's current document, ordered by code (exports, wayfinding). */
int catalog_all_current(struct db *db, json_t **docs, struct bm_error *err);

#endif
