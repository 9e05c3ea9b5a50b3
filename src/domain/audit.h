/*
** audit.h — the audit trail nobody can quietly rewrite (F6).
**
** Every change, and every read of a full personal record, appends one entry: who, when, what
** (action, entity, id), and the record before and after as canonical JSON. Each entry carries
** the BLAKE2b hash of the previous entry and its own hash over all its fields, so editing or
** deleting any entry breaks the chain; the head (last id and hash) is also kept in settings so
** that cutting entries off the end shows too. audit_verify() walks the chain.
**
** Entries are appended inside the caller's transaction: the change and its audit entry commit
** together or not at all.
*/
#ifndef BM_AUDIT_H
#define BM_AUDIT_H

#include "core/error.h"

#include <jansson.h>
#include <stdint.h>

struct db;

struct audit_actor {
	int64_t user_id;  /* 0: the system or a CLI command */
	const char *name; /* username, or "system" / "cli" */
};

/* Appends one entry. before/after may be NULL; they are not stolen. Must run inside a
 * transaction (db_transaction). */
int audit_append(struct db *db, const struct audit_actor *actor, int64_t at, const char *action,
		 const char *entity, const char *entity_id, json_t *before, json_t *after,
		 struct bm_error *err);

struct audit_report {
	int64_t entries;  /* entries checked */
	int64_t first_bad; /* id of the first entry that fails, 0 when the chain is intact */
	char problem[160]; /* what is wrong with it, in Chinese */
};

/* Walks the whole chain. Returns 0 with the report filled (first_bad == 0: intact), -1 on a
 * database error. */
int audit_verify(struct db *db, struct audit_report *report, struct bm_error *err);

#endif
