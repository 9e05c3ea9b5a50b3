/*
** org.h — the three-level organisation: county → towns → villages and communities.
**
** Orgs are identified by their statistical division code (统计用区划代码): 6 digits for the
** county, 9 for a town, 12 for a village or community. A community is level "village" with
** kind "community". Each org stores its path of ancestor codes, which is what scope checks use.
*/
#ifndef BM_ORG_H
#define BM_ORG_H

#include "core/error.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdint.h>

struct db;

struct org {
	char code[16];
	char name[96];
	char level[16];       /* county, town, village */
	char kind[16];        /* county, town, village, community */
	char parent_code[16]; /* "" for the county */
	char path[256];
};

/* Loads one org. Returns 1 when found, 0 when not, -1 on error. */
int org_get(struct db *db, const char *code, struct org *out, struct bm_error *err);

/* {"code","name","level","kind","parent_code"}; the caller owns the result. */
json_t *org_to_json(const struct org *org);

struct org_filter {
	const char *level;       /* NULL: any */
	const char *parent_code; /* NULL: any */
	const char *scope_path;  /* only orgs whose path starts with this */
};

/* A page of orgs ordered by code, and the total matching. *items is owned by the caller. */
int org_list(struct db *db, const struct org_filter *f, int64_t limit, int64_t offset,
	     json_t **items, int64_t *total, struct bm_error *err);

/* Checks code, level, kind and parent consistency and inserts the org (path computed from
 * the parent). Audited. Fails 409 "org_exists" when the code is taken. */
int org_create(struct db *db, const struct org *org, const struct audit_actor *actor, int64_t now,
	       struct bm_error *err);

/* Imports a register in CSV ("code,name,level,parent_code[,kind]", '#' comments, optional
 * header). All or nothing: the first invalid row aborts the import with an error naming the
 * row and the field ("第 5 行 parent_code：上级 610929999 不存在"). Rows may come in any order
 * as long as each parent is in the database or in the file. Existing codes are updated (name
 * and kind). Must run inside a transaction. Returns rows imported or -1. */
int org_import_csv(struct db *db, const char *text, const struct audit_actor *actor, int64_t now,
		   struct bm_error *err);

#endif
