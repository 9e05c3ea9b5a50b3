/*
** training_internal.h — what the training files (training.c, training_session.c,
** training_plan.c) share and nobody else uses.
*/
#ifndef BM_TRAINING_INTERNAL_H
#define BM_TRAINING_INTERNAL_H

#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>

struct db;

/* The users a training figure counts, as a WHERE fragment over `u` (users). */
#define TRAINING_STAFF_WHERE                                                                       \
	"u.disabled = 0 AND u.role IN ('window_staff', 'venue_manager', 'village_agent') "

/* The path of org_code into path (404 org_not_found when it does not exist). */
int training_org_path(struct db *db, const char *org_code, char path[256], struct bm_error *err);

/* "path%" of `org` (checked to lie in the caller's scope: 404/403), or of the caller's own
 * subtree when org is NULL or "". */
int training_scope_like(struct db *db, const struct principal *who, const char *org, char like[264],
                        struct bm_error *err);

/* Replaces the integer "hours_tenths" of a row object with the number "hours" (1.5). */
void training_hours_field(json_t *obj);
/* The same for every object of an array. */
void training_hours_fields(json_t *items);

/* The first and last day of a year as 'YYYY-MM-DD' (all days when year is 0). */
void training_year_range(int year, char from[11], char to[11]);

#endif
