/*
** life_event.h — life events (一件事): what a citizen needs done, as a set of items.
**
** A life event such as 新生儿出生, 农村建房 or 申请低保 groups the catalogue items a citizen
** must get through for it, in order. Wayfinding (wayfind.h) answers per life event which
** venues a citizen of a given village must visit.
*/
#ifndef BM_LIFE_EVENT_H
#define BM_LIFE_EVENT_H

#include "core/error.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Creates or replaces a life event: code [a-z0-9_-]{2,32}, name, description, and its item
 * codes in order (each must exist: 400 "invalid_field" naming it). Audited. */
int life_event_put(struct db *db, const char *code, const char *name, const char *description,
		   json_t *item_codes, const struct audit_actor *actor, int64_t now,
		   struct bm_error *err);

/* [{code, name, description, items: [{code, name}]}] in display order. */
int life_event_list(struct db *db, json_t **out, struct bm_error *err);

/* One life event as in the list; 1 found, 0 not, -1 error. */
int life_event_get(struct db *db, const char *code, json_t **out, struct bm_error *err);

#endif
