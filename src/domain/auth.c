/*
** auth.c — roles, permissions and scope (see auth.h).
**
** The permission table is the single statement of who may do what. Scope is by org path:
** an org's path lists its ancestors ('/610929/610929100/610929100201/'), so "inside my
** subtree" is "my path is a prefix of its path".
*/
#include "domain/auth.h"
#include "db/db.h"

#include <string.h>

static const struct {
	const char *name;
	const char *label;
} roles[ROLE_COUNT] = {
	[ROLE_VILLAGE_AGENT] = {"village_agent", "村代办员"},
	[ROLE_WINDOW_STAFF] = {"window_staff", "窗口人员"},
	[ROLE_VENUE_MANAGER] = {"venue_manager", "站长/分管领导"},
	[ROLE_COUNTY_SUPERVISOR] = {"county_supervisor", "县行政审批服务局监管人员"},
	[ROLE_ADMIN] = {"admin", "系统管理员"},
};

#define R(role) (1u << (role))
#define EVERY_ROLE (R(ROLE_VILLAGE_AGENT) | R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER) | \
		    R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN))

static const unsigned permissions[ACT_COUNT] = {
	[ACT_ORG_READ] = EVERY_ROLE,
	[ACT_ORG_WRITE] = R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_VENUE_READ] = EVERY_ROLE,
	[ACT_VENUE_WRITE] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_USER_ADMIN] = R(ROLE_ADMIN),
	[ACT_CATALOG_WRITE] = R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_CLAIM_WRITE] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_CATALOG_STATS] = EVERY_ROLE,
	[ACT_WINDOW_WRITE] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_DUTY_SETTINGS] = R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_DUTY_ALERTS] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	/* The people at the counters: village agents, window staff and venue managers. The
	 * county supervisor oversees cases (reads every one) but does not handle them. */
	[ACT_INQUIRY_WRITE] = R(ROLE_VILLAGE_AGENT) | R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER),
	[ACT_CASE_READ] = EVERY_ROLE,
	[ACT_CASE_WRITE] = R(ROLE_VILLAGE_AGENT) | R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER),
	[ACT_CALL_LOG] = EVERY_ROLE,
	[ACT_PETITION_REGISTER] = EVERY_ROLE, /* village rooms take petitions too (F3) */
	[ACT_PETITION_HANDLE] = EVERY_ROLE,
	[ACT_PETITION_DECIDE] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_NOTIFY_READ] = EVERY_ROLE,
	[ACT_NOTIFY_RETRY] = R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER) |
			     R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_SYSTEM_CONFIG] = R(ROLE_ADMIN),
	[ACT_QUEUE_OPERATE] = R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) |
			      R(ROLE_ADMIN),
	[ACT_QUEUE_STATS] = R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) |
			    R(ROLE_ADMIN),
	[ACT_SUPERVISION_READ] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_ACCOUNTABILITY] = R(ROLE_COUNTY_SUPERVISOR),
	[ACT_RATING_READ] = EVERY_ROLE,
	[ACT_RATING_PAPER] = R(ROLE_VILLAGE_AGENT) | R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER),
	[ACT_RECTIFY] = R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR),
	[ACT_RATING_APPEAL] = R(ROLE_WINDOW_STAFF) | R(ROLE_VENUE_MANAGER),
	[ACT_APPEAL_DECIDE] = R(ROLE_COUNTY_SUPERVISOR),
	/* issue 8: assessment and bulletins */
	[ACT_ASSESSMENT_READ] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_ASSESSMENT_CONFIG] = R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_BULLETIN_READ] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_BULLETIN_WRITE] = R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	/* business training (业务培训, issue 8) */
	[ACT_TRAINING_READ] = EVERY_ROLE,
	[ACT_TRAINING_WRITE] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	/* venue standardisation: managers see their venues' scores; the county sets the standard */
	[ACT_STANDARD_READ] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_STANDARD_WRITE] = R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_SURVEY_REPORT] = R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
	[ACT_STATS_READ] = R(ROLE_VENUE_MANAGER) | R(ROLE_COUNTY_SUPERVISOR) | R(ROLE_ADMIN),
};

const char *role_name(enum role role)
{
	return role < ROLE_COUNT ? roles[role].name : "unknown";
}

const char *role_label(enum role role)
{
	return role < ROLE_COUNT ? roles[role].label : "未知角色";
}

int role_parse(const char *name, enum role *out)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (name && strcmp(name, roles[r].name) == 0) {
			*out = (enum role)r;
			return 0;
		}
	return -1;
}

int auth_require(const struct principal *who, enum action act, struct bm_error *err)
{
	if (act < ACT_COUNT && (permissions[act] & R(who->role)))
		return 0;
	return bm_error_set(err, 403, "forbidden", "您的角色（%s）无权执行此操作", role_label(who->role));
}

bool auth_in_scope(const struct principal *who, const char *target_org_path)
{
	size_t len = strlen(who->org_path);
	return len > 0 && strncmp(who->org_path, target_org_path, len) == 0;
}

int auth_require_scope(struct db *db, const struct principal *who, const char *org_code,
		       struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT path FROM orgs WHERE code = ?", "t", org_code);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	bool inside = rc == DB_ROW && auth_in_scope(who, db_col_text(st, 0));
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE)
		return bm_error_set(err, 404, "org_not_found", "组织机构 %.32s 不存在", org_code);
	if (!inside)
		return bm_error_set(err, 403, "out_of_scope", "无权访问本辖区以外的数据");
	return 0;
}
