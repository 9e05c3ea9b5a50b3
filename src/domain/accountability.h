/*
** accountability.h — accountability records (责任追究, requirements.md §3): the county
** supervisor's decision about a supervision alert (supervision.h): a talk (约谈), a written
** criticism (书面批评) or a public notice (通报), with the decision text, against the person
** and venue the alert names. Every record is audited ("accountability.create"). Recording
** accountability for a breach alert closes it (closed_by_fix = 0: dealt with, not fixed);
** timed cards stay open until the matter itself is done.
**
** Writing functions must run inside db_transaction(). JSON results are owned by the caller.
*/
#ifndef BM_ACCOUNTABILITY_H
#define BM_ACCOUNTABILITY_H

#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Body {measure: talk|criticism|notice, decision: 1..2000 characters}. Needs
 * ACT_ACCOUNTABILITY; 404 alert_not_found outside the caller's scope. *out: the record. */
int accountability_create(struct db *db, const struct principal *who, int64_t now, int64_t alert_id,
                          json_t *body, json_t **out, struct bm_error *err);

struct accountability_filter {
	const char *org;   /* org code in scope, or NULL: the caller's subtree */
	int64_t person_id; /* 0: anyone */
	int64_t alert_id;  /* 0: any */
};

/* A page of records, newest first. Needs ACT_SUPERVISION_READ. */
int accountability_list(struct db *db, const struct principal *who,
                        const struct accountability_filter *f, int64_t limit, int64_t offset,
                        json_t **items, int64_t *total, struct bm_error *err);

#endif
