/*
** disclosure.h — what a venue must publish (公示), generated from live data (F2, F5).
**
** The public board of a venue: its public profile (name, place, hours, phone), the service
** commitments it works under — each one enforced elsewhere in bianmin, so the board is no
** longer words on a wall — the channels for complaints, the items it handles grouped by
** category, and every fee with its standard and basis. Built from the catalogue and claims at
** the moment of asking, so it is never stale.
*/
#ifndef BM_DISCLOSURE_H
#define BM_DISCLOSURE_H

#include "core/error.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The public board of a venue. 1 and *out (caller owns), 0 when no such venue, -1 on error:
 * {"venue":{id,name,org_code,org_name,level,kind,location,phone,hours,opened_on,pilot},
 *  "commitments":[{title,text}], "complaint_channels":[{name,phone}],
 *  "categories":[{name, items:[summary]}], "fees":[{code,name,items:[{name,standard,basis}]}],
 *  "item_count":N} */
int disclosure_venue(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err);

/* Public venues (no facility details), optionally of one org or level, ordered by org code:
 * [{id,name,org_code,org_name,level,kind,location,phone,hours,opened_on,pilot}]; pilot is the
 * venue's 标准化试点 flag (public: the county announces its pilot sites). */
int disclosure_venue_list(struct db *db, const char *org_code, const char *level, int64_t limit,
			  int64_t offset, json_t **items, int64_t *total, struct bm_error *err);

#endif
