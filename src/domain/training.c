/*
** training.c — business training: the assessment's figures, the pure rules of hours and plan
** fulfilment, and the org-path lookups the rest of the training files share (training.h).
*/
#include "domain/training.h"

#include "core/date.h"
#include "db/db.h"
#include "domain/org.h"
#include "domain/training_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* --- shared lookups ------------------------------------------------------------------------ */

int training_org_path(struct db *db, const char *org_code, char path[256], struct bm_error *err)
{
	struct org org;
	int rc = org_get(db, org_code ? org_code : "", &org, err);
	if (rc == 0)
		return bm_error_set(err, 404, "org_not_found", "组织机构 %.32s 不存在",
		                    org_code ? org_code : "");
	if (rc > 0)
		snprintf(path, 256, "%s", org.path);
	return rc < 0 ? -1 : 0;
}

int training_scope_like(struct db *db, const struct principal *who, const char *org, char like[264],
                        struct bm_error *err)
{
	char path[256];
	if (!org || !*org)
		snprintf(path, sizeof path, "%s", who->org_path);
	else if (auth_require_scope(db, who, org, err) < 0 ||
	         training_org_path(db, org, path, err) < 0)
		return -1;
	snprintf(like, 264, "%s%%", path);
	return 0;
}

void training_year_range(int year, char from[11], char to[11])
{
	if (year <= 0) {
		snprintf(from, 11, "0000-01-01");
		snprintf(to, 11, "9999-12-31");
		return;
	}
	snprintf(from, 11, "%04d-01-01", year);
	snprintf(to, 11, "%04d-12-31", year);
}

/* --- the assessment's figures ------------------------------------------------------------- */

static int check_day(const char *text, const char *name, struct bm_error *err)
{
	int day;
	if (!text || date_parse(text, &day) < 0)
		return bm_error_set(err, 400, "invalid_day", "%s 应为 YYYY-MM-DD 格式的日期", name);
	return 0;
}

int training_org_summary(struct db *db, const char *org_code, const char *from_day,
                         const char *to_day, struct training_summary *out, struct bm_error *err)
{
	char path[256], like[264];
	memset(out, 0, sizeof *out);
	if (check_day(from_day, "开始日期", err) < 0 || check_day(to_day, "结束日期", err) < 0)
		return -1;
	if (strcmp(from_day, to_day) > 0)
		return bm_error_set(err, 400, "invalid_day", "开始日期不能晚于结束日期");
	if (training_org_path(db, org_code, path, err) < 0)
		return -1;
	snprintf(like, sizeof like, "%s%%", path);

	int64_t sessions = 0, staff = 0;
	if (db_query_int(db, err, &sessions,
	                 "SELECT COUNT(*) FROM training_sessions "
	                 "WHERE venue_path LIKE ? AND day >= ? AND day <= ?",
	                 "ttt", like, from_day, to_day) < 0 ||
	    db_query_int(db, err, &staff,
	                 "SELECT COUNT(*) FROM users u JOIN orgs o ON o.code = u.org_code "
	                 "WHERE o.path LIKE ? AND " TRAINING_STAFF_WHERE,
	                 "t", like) < 0)
		return -1;
	struct db_stmt *st =
	    db_query(db, err,
	             "SELECT COALESCE(SUM(s.hours_tenths), 0), COUNT(DISTINCT a.user_id) "
	             "FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id "
	             "JOIN users u ON u.id = a.user_id JOIN orgs o ON o.code = u.org_code "
	             "WHERE a.attended = 1 AND s.day >= ? AND s.day <= ? AND o.path LIKE ? "
	             "AND " TRAINING_STAFF_WHERE,
	             "ttt", from_day, to_day, like);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	int64_t tenths = 0, trained = 0;
	if (rc == DB_ROW) {
		tenths = db_col_int(st, 0);
		trained = db_col_int(st, 1);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	out->sessions = (long)sessions;
	out->hours = training_hours_of_tenths(tenths);
	out->staff = (long)staff;
	out->staff_trained = (long)trained;
	out->hours_per_staff = staff > 0 ? out->hours / (double)staff : 0;
	return 0;
}

/* --- pure rules ---------------------------------------------------------------------------- */

static int hours_from_json(json_t *value, const char *field, const char *range, int64_t min_tenths,
                           int64_t max_tenths, int64_t *tenths, struct bm_error *err)
{
	double h = json_number_value(value);
	double scaled = h * 10.0;
	double whole = round(scaled);
	if (!json_is_number(value) || !isfinite(h) || fabs(scaled - whole) > 1e-6 ||
	    whole < (double)min_tenths || whole > (double)max_tenths) {
		bm_error_set(err, 400, "invalid_hours", "学时（%s）应为%s、最多一位小数的数", field,
		             range);
		return bm_error_field(err, field);
	}
	*tenths = (int64_t)whole;
	return 0;
}

int training_hours_from_json(json_t *value, const char *field, int64_t *tenths,
                             struct bm_error *err)
{
	return hours_from_json(value, field, "大于 0、不超过 24", 1, 240, tenths, err);
}

int training_plan_hours_from_json(json_t *value, const char *field, int64_t *tenths,
                                  struct bm_error *err)
{
	return hours_from_json(value, field, " 0 至 1000 之间", 0, 10000, tenths, err);
}

int training_fulfilment_permille(int64_t held, int64_t planned)
{
	if (planned <= 0)
		return -1;
	if (held >= planned)
		return 1000;
	if (held <= 0)
		return 0;
	return (int)((held * 1000 + planned / 2) / planned);
}

double training_hours_of_tenths(int64_t tenths)
{
	return (double)tenths / 10.0;
}
