/*
** demo_standard.c — the demo's 标准化试点 venues (issue 8, F1).
**
** Runs inside the demo seed transaction after the venues exist. The default standard itself
** comes with migration 0010 (every system has it); the demo only names the pilots the county
** would pick: 红花社区's room (the survey's model, opened June 2020 and fully equipped) and the
** halls of 城关镇 (the best equipped) and 中厂镇 (large, but without sign, screen or CCTV).
*/
#include "domain/demo.h"
#include "db/db.h"
#include "domain/standard.h"
#include "domain/venue.h"

static const struct audit_actor demo_actor = {0, "demo"};

static const char *const pilot_orgs[] = {
    "610929100003", /* 红花社区 */
    "610929100",    /* 城关镇 */
    "610929101",    /* 中厂镇 */
};

int demo_seed_standard(struct db *db, int64_t now, struct bm_error *err)
{
	for (size_t i = 0; i < sizeof pilot_orgs / sizeof pilot_orgs[0]; i++) {
		int64_t venue_id;
		int found = venue_main_of_org(db, pilot_orgs[i], &venue_id, err);
		if (found < 0)
			return -1;
		if (found == 0)
			return bm_error_internal(err, "demo: a pilot org has no venue");
		if (standard_pilot_set(db, venue_id, true, &demo_actor, now, err) < 0)
			return -1;
	}
	return 0;
}
