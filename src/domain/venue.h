/*
** venue.h — service venues and their facility profiles (F1).
**
** Each org has its service venue: 县政务服务中心 (county), 镇便民服务中心 (town), 村(社区)便民服务
** 站/室 (village); the county also has department halls (户籍、市场监管、税务 …). The facility
** profile is what the venue standard is assessed against: area, windows, public counter or
** office layout, sign, item display screen, functional zones, CCTV, boards, equipment.
**
** The editable fields are described once, in venue_fields[]: a PATCH body is validated against
** this table and applied field by field, so a new profile field is one line there plus a
** column.
*/
#ifndef BM_VENUE_H
#define BM_VENUE_H

#include "core/error.h"
#include "core/jcheck.h"
#include "domain/audit.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The editable profile fields as a validation table (core/jcheck.h), ended by a NULL name. The
 * field name is also the column. Types used: JC_STRING (text), JC_INT, JC_BOOL (stored 0/1),
 * JC_DATE (opened_on, the only field that may be null) and JC_ENUMS (zones, stored
 * comma-separated). */
extern const struct jcheck_field venue_fields[];

/* Functional zones a venue may have: handling 办理区, waiting 等候区, self_service 自助区,
 * consultation 会商区, meeting 会议室. NULL-terminated. */
extern const char *const venue_zone_codes[];

/* The SQL expression of venue `v`'s 标准化试点 flag (0/1) for a select list: whether it is
 * in standard_pilots (migration 0010, set by standard_pilot_set in domain/standard.h). */
#define VENUE_PILOT_SQL                                                                       \
	"(CASE WHEN EXISTS (SELECT 1 FROM standard_pilots p WHERE p.venue_id = v.id) THEN 1 "  \
	"ELSE 0 END)"

/* The venue as JSON (every profile field, plus id, org_code, org_name, level, kind and pilot,
 * its 标准化试点 flag; pilot is not editable here, see standard_pilot_set). Returns 1
 * and *out (caller owns), 0 when there is no such venue, -1 on error. *org_path receives the
 * venue's org path for scope checks. */
int venue_get(struct db *db, int64_t id, json_t **out, char org_path[256], struct bm_error *err);

/* Venues whose org lies under scope_path, optionally only those of org_code, ordered by org
 * code then id. */
int venue_list(struct db *db, const char *scope_path, const char *org_code, int64_t limit,
	       int64_t offset, json_t **items, int64_t *total, struct bm_error *err);

/* Validates a patch against venue_fields[] and applies it to venue `id`; audits before/after
 * when anything changed (an empty or no-op patch writes nothing). Must run inside a
 * transaction. */
int venue_update(struct db *db, int64_t id, json_t *patch, const struct audit_actor *actor,
		 int64_t now, struct bm_error *err);

/* Creates a venue with the given profile fields (same validation as venue_update) and
 * returns its id in *id. Used by the demo seed and the import. */
int venue_create(struct db *db, const char *org_code, const char *name, const char *kind,
		 json_t *profile, const struct audit_actor *actor, int64_t now, int64_t *id,
		 struct bm_error *err);

/* What other modules need to know of a venue to route and scope work at it. */
struct venue_brief {
	int64_t id;
	char name[128];
	char org_code[16];
	char org_path[256];
	char parent_code[16]; /* the org's parent, "" for the county */
	char level[16];       /* county, town, village */
	char kind[16];
};

/* Loads the brief of venue `id`. Returns 1 when found, 0 when not, -1 on error. */
int venue_brief_get(struct db *db, int64_t id, struct venue_brief *out, struct bm_error *err);

/* The main venue of an org (a village's room, a town's hall, the county centre; else its
 * first venue). Returns 1 with *id, 0 when the org has no venue, -1 on error. */
int venue_main_of_org(struct db *db, const char *org_code, int64_t *id, struct bm_error *err);

#endif
