/*
** venue.h — service venues and their facility profiles (F1).
**
** Each org has its service venue: 县政务服务中心 (county), 镇便民服务中心 (town), 村(社区)便民服务
** 站/室 (village); the county also has department halls (户籍、市场监管、税务 …). The facility
** profile is what the venue standard is assessed against: area, windows, public counter or
** office layout, sign, item display screen, functional zones, CCTV, boards, equipment.
**
** The editable fields are described once, in venue_fields[]: the API validates a PATCH body
** against this table and the domain applies it, so a new profile field is one line here plus
** a column.
*/
#ifndef BM_VENUE_H
#define BM_VENUE_H

#include "core/error.h"
#include "domain/audit.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;

enum venue_field_type {
	VF_TEXT,  /* string up to max characters */
	VF_INT,   /* integer 0..max */
	VF_BOOL,  /* true/false, stored 0/1 */
	VF_DATE,  /* 'YYYY-MM-DD' or null */
	VF_ZONES, /* array of zone codes, stored comma-separated */
};

struct venue_field {
	const char *name;  /* JSON key and column */
	const char *label; /* Chinese, for messages */
	enum venue_field_type type;
	int64_t max;
};

/* The editable profile fields, ended by a NULL name. */
extern const struct venue_field venue_fields[];

/* Functional zones a venue may have: handling 办理区, waiting 等候区, self_service 自助区,
 * consultation 会商区, meeting 会议室. NULL-terminated. */
extern const char *const venue_zone_codes[];

/* The venue as JSON (every profile field, plus id, org_code, org_name, level, kind). Returns 1
 * and *out (caller owns), 0 when there is no such venue, -1 on error. *org_path receives the
 * venue's org path for scope checks. */
int venue_get(struct db *db, int64_t id, json_t **out, char org_path[256], struct bm_error *err);

/* Venues whose org lies under scope_path, optionally only those of org_code, ordered by org
 * code then id. */
int venue_list(struct db *db, const char *scope_path, const char *org_code, int64_t limit,
	       int64_t offset, json_t **items, int64_t *total, struct bm_error *err);

/* Applies a validated patch (keys from venue_fields only, values of the right JSON type) to
 * venue `id`, checking the domain rules (zones known, date real), and audits before/after.
 * Must run inside a transaction. */
int venue_update(struct db *db, int64_t id, json_t *patch, const struct audit_actor *actor,
		 int64_t now, struct bm_error *err);

/* Creates a venue with the given profile fields (same validation as venue_update) and
 * returns its id in *id. Used by the demo seed and the import. */
int venue_create(struct db *db, const char *org_code, const char *name, const char *kind,
		 json_t *profile, const struct audit_actor *actor, int64_t now, int64_t *id,
		 struct bm_error *err);

#endif
