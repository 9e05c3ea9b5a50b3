/*
** auth.h — who the caller is, what their role may do, and where (scope).
**
** Roles (requirements.md §4): village agent, window staff, venue manager, county supervisor,
** administrator. Each user belongs to one org; they see and change only that org's subtree
** (a town sees its villages, a village itself, the county everything). Both checks live here
** and nowhere else: a handler asks auth_require() for the action and auth_require_scope() for
** the org it touches.
*/
#ifndef BM_AUTH_H
#define BM_AUTH_H

#include "core/error.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

enum role {
	ROLE_VILLAGE_AGENT,
	ROLE_WINDOW_STAFF,
	ROLE_VENUE_MANAGER,
	ROLE_COUNTY_SUPERVISOR,
	ROLE_ADMIN,
	ROLE_COUNT
};

/* The authenticated caller of one request. Plain data, copied freely. */
struct principal {
	int64_t user_id;
	enum role role;
	char username[64];
	char display_name[96];
	char org_code[32];
	char org_name[96];
	char org_path[256]; /* '/610929/610929100/': the org and its ancestors */
	char csrf_token[64];
};

/* Actions a role may be granted. */
enum action {
	ACT_ORG_READ,
	ACT_ORG_WRITE,     /* create/import orgs */
	ACT_VENUE_READ,
	ACT_VENUE_WRITE,   /* edit a venue's profile */
	ACT_USER_ADMIN,    /* create, disable, reset passwords */
	ACT_CATALOG_WRITE, /* create and revise items, life events */
	ACT_CLAIM_WRITE,   /* claim items for a venue, withdraw claims */
	ACT_CATALOG_STATS, /* county-wide wayfinding figures */
	ACT_WINDOW_WRITE,  /* item groups, windows and their A/B holders, absences, opening hours */
	ACT_DUTY_SETTINGS, /* county-wide duty settings (max posts per person) */
	ACT_DUTY_ALERTS,   /* live gap alerts (窗口断档) of a subtree */
	ACT_INQUIRY_WRITE, /* log first inquiries (首问), answer and hand them over */
	ACT_CASE_READ,     /* cases and worklists in scope */
	ACT_CASE_WRITE,    /* take in cases and act on them at one's own org's venues */
	ACT_CALL_LOG,          /* log telephone calls, mark callbacks done */
	ACT_PETITION_REGISTER, /* register a petition or dispute; read petitions */
	ACT_PETITION_HANDLE,   /* mediate, reply, close */
	ACT_PETITION_DECIDE,   /* accept, decline, assign, transfer */
	ACT_NOTIFY_READ,       /* the outbox of messages to citizens */
	ACT_NOTIFY_RETRY,      /* put a message up for delivery again */
	ACT_SYSTEM_CONFIG,     /* operator settings: SMS webhook, petition time limits */
	ACT_QUEUE_OPERATE, /* call, recall, start, finish, no-show, transfer; priority tickets */
	ACT_QUEUE_STATS,   /* a venue's queue statistics */
	ACT_SUPERVISION_READ,  /* supervision alerts and accountability records of a subtree */
	ACT_ACCOUNTABILITY,    /* turn alerts into accountability records (责任追究) */
	ACT_RATING_READ,       /* ratings, rectification tasks, appeals and figures in scope */
	ACT_RATING_PAPER,      /* enter a citizen's paper rating form */
	ACT_RECTIFY,           /* follow up and rectify a 差评, record the citizen's view */
	ACT_RATING_APPEAL,     /* appeal a mistaken or malicious rating */
	ACT_APPEAL_DECIDE,     /* uphold or reject appeals (the county) */
	/* issue 8, assessment (目标责任考核) and bulletins (督查通报) */
	ACT_ASSESSMENT_READ,   /* assessments and rankings of a subtree, the scoring models */
	ACT_ASSESSMENT_CONFIG, /* edit the scoring models */
	ACT_BULLETIN_READ,     /* kept bulletins of a subtree, their print and Excel forms */
	ACT_BULLETIN_WRITE,    /* generate a bulletin */
	/* business training (业务培训, issue 8) */
	ACT_TRAINING_READ,     /* sessions, plans and coverage in scope; one's own attendance */
	ACT_TRAINING_WRITE,    /* hold sessions, record attendance, set yearly plans */
	/* venue standardisation (standard.h) and the county survey report (survey.h) */
	ACT_STANDARD_READ,     /* the checklists, venue scores and gaps in scope */
	ACT_STANDARD_WRITE,    /* edit the checklists, mark 标准化试点 venues (the county) */
	ACT_SURVEY_REPORT,     /* the county survey report (the county) */
	ACT_STATS_READ,        /* the dashboard's figures and the records behind them (subtree) */
	ACT_COUNT
};

const char *role_name(enum role role);          /* "window_staff" */
const char *role_label(enum role role);         /* "窗口人员" */
int role_parse(const char *name, enum role *out); /* 0 or -1 */

/* 403 "forbidden" unless the role may perform the action. */
int auth_require(const struct principal *who, enum action act, struct bm_error *err);

/* True when org_path (of the target) lies in the caller's subtree. */
bool auth_in_scope(const struct principal *who, const char *target_org_path);

/* Loads the target org's path and fails with 404 "org_not_found" when it does not exist and
 * 403 "out_of_scope" when it is outside the caller's subtree. */
int auth_require_scope(struct db *db, const struct principal *who, const char *org_code,
		       struct bm_error *err);

#endif
