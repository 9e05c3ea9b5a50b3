/*
** demo.h — the Baihe County demonstration data (requirements.md §5).
**
** Seeds the county as the survey found it: 白河县 and its 11 real towns, 121 villages and
** communities (104 with open service rooms; 红花社区 with its zones, opened 2020-06), venue
** profiles matching the survey (5 town halls of at least 50 m² with at least 4 windows, 6
** smaller), and demo users for every role, all with the password "bianmin-demo":
**   admin, supervisor, staff-610929 (county centre window), mgr-<town code>, staff-<town code>,
**   agent-<village code>.
** The database is marked as a demo system (settings system_kind = demo): only such systems
** accept that password.
*/
#ifndef BM_DEMO_H
#define BM_DEMO_H

#include "core/error.h"

#include <stdint.h>
#include <stdio.h>

struct db;

/* Seeds the demo when the database holds no orgs yet, in one transaction. Returns 1 when it
 * seeded, 0 when data was already there, -1 on error. */
int demo_seed_if_empty(struct db *db, int64_t now, struct bm_error *err);

/* Seeds the demo catalogue inside the seed transaction, once orgs, venues and users exist:
 * imports the bundled data/baihe-items.csv (item_csv_import), adds each town's 派出所户籍室,
 * 市场监管所, 国土规划建设站 and 乡村振兴工作站 (and two 税务分局), claims the items where the
 * survey found them (F3: scattered over halls, offices and department halls) and defines the
 * life events (新生儿出生, 农村建房, 申请低保 ...). See demo_catalog.c. */
int demo_seed_catalog(struct db *db, int64_t now, struct bm_error *err);

/* Seeds windows and AB posts inside the seed transaction, after the catalogue claims: item
 * groups and windows with A/B holders for the county centre and every town hall, the demo
 * clerks staff2-/staff3-/staff4-<town> (password hash given), structured opening hours for
 * every venue, and the survey's findings (posts without B, one person holding too many
 * posts, a live gap in 城关镇). See demo_windows.c. */
int demo_seed_windows(struct db *db, int64_t now, const char *password_hash,
		      struct bm_error *err);
/* Seeds a history of cases (demo_cases.c) inside the seed transaction, once the catalogue is
 * in: a few dozen cases in every state across the towns. Returns how many, or -1. */
int demo_seed_cases(struct db *db, int64_t now, struct bm_error *err);
/* Marks the demo's 标准化试点 venues (demo_standard.c) inside the seed transaction. */
int demo_seed_standard(struct db *db, int64_t now, struct bm_error *err);

/* Seeds business training (demo_training.c) inside the seed transaction, after the windows'
 * clerks: county sessions, a 现场会 at 红花社区, sessions in six towns, plans for the halls. */
int demo_seed_training(struct db *db, int64_t now, struct bm_error *err);

/* Prints the URLs and the demo accounts. */
void demo_print_welcome(FILE *out, const char *listen, int freshly_seeded);

#endif
