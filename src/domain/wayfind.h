/*
** wayfind.h — "where do I go" (去哪办): the venues a citizen of a village must visit.
**
** For an item and a village, the answer is the set of distinct venues the citizen has to go to:
**   - the venue that receives the item: of the claiming venues nearest the citizen at each
**     level — the village's own, the town's (the convenience hall before the town's other
**     offices), the county's (the service centre before department halls) — the one that
**     makes for the fewest trips in all, the nearer one on a tie;
**   - for every required material issued at a level (source village, town or county), the main
**     venue of that level in the citizen's chain (village room, town hall, county centre).
** Materials obtained by data sharing (source "shared") or brought by the applicant cost no trip.
** Its size is the 多头跑路 number of the survey (F3): it shows per item, per life event and per
** village, and falls as items move into the halls (claims) and materials into sharing.
**
** The map (venues, claims, items) is loaded once per question or report and then answers
** in memory.
*/
#ifndef BM_WAYFIND_H
#define BM_WAYFIND_H

#include "core/error.h"

#include <jansson.h>

struct db;
struct wayfind_map;

/* Loads orgs, venues, claims and the current items. The caller frees it with wayfind_free(). */
int wayfind_load(struct db *db, struct wayfind_map **out, struct bm_error *err);
void wayfind_free(struct wayfind_map *map);

/* {"item":{code,name}, "village":{code,name}, "available":bool, "visits":N,
 *  "venues":[{id,name,kind,org_code,org_name,purposes:[...]}]}.
 * 404 "item_not_found" / "village_not_found". */
int wayfind_item(const struct wayfind_map *map, const char *item_code, const char *village_code,
		 json_t **out, struct bm_error *err);

/* For a life event (as from life_event_get): the union of its items' venues, with per-item
 * answers: {"event":{code,name}, "village":{...}, "visits":N, "venues":[...], "items":[...]}. */
int wayfind_event(const struct wayfind_map *map, json_t *event, const char *village_code,
		  json_t **out, struct bm_error *err);

/* The county picture: {"county":{"avg_visits","multi_venue_share","items","villages"},
 * "items":[{code,name,avg_visits,max_visits,available_villages}],
 * "villages":[{code,name,town_code,avg_visits,multi_venue_items}]}. Averages have two
 * decimals. `town` restricts the villages to one town (NULL: all). */
int wayfind_stats(const struct wayfind_map *map, const char *town, json_t **out,
		  struct bm_error *err);

#endif
