/*
** claim.h — which venues implement which items (认领), and each venue's list of items.
**
** Towns and villages claim the catalogue items they implement. The rule: a venue may claim
** an item only when its level is one of the item's receive levels (a village room claims items
** that villages may receive as 村代办; a town hall those a town receives ...). A venue's list
** of items is exactly its claims; nothing else says what a venue handles.
*/
#ifndef BM_CLAIM_H
#define BM_CLAIM_H

#include "core/error.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* True when a venue of `venue_level` may claim an item whose receive levels are `levels`
 * (a JSON array of level strings). */
bool claim_level_allowed(const char *venue_level, json_t *receive_levels);

/* Claims an item for a venue (idempotent). 404 "venue_not_found" / "item_not_found",
 * 409 "claim_level_mismatch". Audited. *created is 1 when the claim is new. */
int claim_add(struct db *db, int64_t venue_id, const char *item_code,
	      const struct audit_actor *actor, int64_t now, int *created, struct bm_error *err);

/* Withdraws a claim. 404 "claim_not_found". Audited. */
int claim_remove(struct db *db, int64_t venue_id, const char *item_code,
		 const struct audit_actor *actor, int64_t now, struct bm_error *err);

/* The venues that claimed an item: [{id, name, org_code, org_name, level, kind}]. */
int claim_item_venues(struct db *db, const char *item_code, json_t **out, struct bm_error *err);

#endif
