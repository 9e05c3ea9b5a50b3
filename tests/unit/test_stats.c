/*
** test_stats.c — unit tests for the maintained statistics (domain/stats*.c):
** on fixed rows, the hooks applied event by event give the same counters as a rebuild from the
** base tables; stats_totals_for() sums a subtree over a range of days at local-day edges; the
** records behind each figure are exactly as many as the figure; the series' buckets (Monday
** weeks, months) and roll-up to a level, the summary's rates; errors for bad input.
*/
#include "db/db.h"
#include "domain/stats.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

static struct t_db t;

/* 2025-09-26 00:00 China time, and a day. */
#define D0  INT64_C(1758816000)
#define DAY INT64_C(86400)

#define CASE_ROW(no, venue, created, completed, due)                                               \
	"('" no "', 'accepted', 'T-ITEM', 1, '事项" no "', 'promised', 5, 'window', '张三', "    \
	"'610929199001011234', '13800001234', " venue ", " venue ", 3, 3, " created                \
	", 'k', 0, " completed ", " due ")"

static void setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
	t_sql(
	    t.db, "INSERT INTO venues (id, org_code, level, name, kind, updated_at) VALUES "
	          "(2, '" T_TOWN_A "', 'town', '城关镇便民服务中心', 'hall', 0),"
	          "(3, '" T_VILLAGE_A1 "', 'village', '城关镇的村便民服务室', 'room', 0),"
	          "(4, '" T_TOWN_B "', 'town', '中厂镇便民服务中心', 'hall', 0);"
	          "INSERT INTO users (id, username, display_name, role, org_code, password_hash, "
	          "created_at, updated_at) VALUES "
	          "(3, 'staff-a', '城关镇窗口', 'window_staff', '" T_TOWN_A "', 'x', 0, 0);"
	          "PRAGMA foreign_keys = OFF;"
	          "INSERT INTO cases (no, status, item_code, item_version, item_name, kind, "
	          "promised_days, channel, applicant_name, applicant_id_number, applicant_phone, "
	          "origin_venue_id, current_venue_id, receiver_id, first_responder_id, created_at, "
	          "track_key, updated_at, completed_at, due_date) VALUES "
	    /* on time; late; open; 即办件 at the last second of the day */
	    CASE_ROW("20250926-000001", "2", "1758848400", "1759021200", "'2025-09-30'") "," CASE_ROW(
	        "20250926-000002", "3", "1758848400", "1759971600",
	        "'2025-10-01'") "," CASE_ROW("20250926-000003", "4", "1758848400", "NULL",
	                                     "'2025-10-09'") "," CASE_ROW("20250926-000004", "2",
	                                                                  "1758902399",
	                                                                  "1758902399",
	                                                                  "NULL") ";"
	                                                                          "INSERT INTO "
	                                                                          "ratings (id, "
	                                                                          "case_no, "
	                                                                          "channel, slot, "
	                                                                          "level, bad, "
	                                                                          "item_code, "
	                                                                          "venue_id, "
	                                                                          "org_code, "
	                                                                          "created_at) "
	                                                                          "VALUES "
	                                                                          "(1, "
	                                                                          "'20250926-"
	                                                                          "000001', "
	                                                                          "'online', "
	                                                                          "'online', "
	                                                                          "'satisfied', 0, "
	                                                                          "'T-ITEM', 2, "
	                                                                          "'" T_TOWN_A
	                                                                          "', 1759021300),"
	                                                                          "(2, "
	                                                                          "'20250926-"
	                                                                          "000002', "
	                                                                          "'online', "
	                                                                          "'online', "
	                                                                          "'very_"
	                                                                          "dissatisfied', "
	                                                                          "1, 'T-ITEM', 3, "
	                                                                          "'" T_VILLAGE_A1
	                                                                          "', 1759971700),"
	                                                                          "(3, "
	                                                                          "'20250926-"
	                                                                          "000004', "
	                                                                          "'online', "
	                                                                          "'online', "
	                                                                          "'dissatisfied', "
	                                                                          "1, 'T-ITEM', 2, "
	                                                                          "'" T_TOWN_A
	                                                                          "', 1758902399);"
	                                                                          "INSERT INTO "
	                                                                          "rectifications "
	                                                                          "(id, rating_id, "
	                                                                          "venue_id, "
	                                                                          "org_code, "
	                                                                          "status, "
	                                                                          "due_date, "
	                                                                          "opened_at, "
	                                                                          "rectified_at, "
	                                                                          "rectified_on) "
	                                                                          "VALUES "
	                                                                          "(1, 2, 3, "
	                                                                          "'" T_VILLAGE_A1
	                                                                          "', 'open', "
	                                                                          "'2025-10-15', "
	                                                                          "1759971700, "
	                                                                          "1760000000, "
	                                                                          "'2025-10-09');"
	                                                                          "INSERT INTO "
	                                                                          "supervision_"
	                                                                          "alerts (id, "
	                                                                          "kind, level, "
	                                                                          "entity, "
	                                                                          "entity_id, "
	                                                                          "case_no, title, "
	                                                                          "org_code, "
	                                                                          "org_path, "
	                                                                          "opened_at, "
	                                                                          "yellow_at, "
	                                                                          "red_at) VALUES "
	                                                                          "(1, 'case_due', "
	                                                                          "'warning', "
	                                                                          "'case', "
	                                                                          "'20250926-"
	                                                                          "000002', "
	                                                                          "'20250926-"
	                                                                          "000002', "
	                                                                          "'逾期', "
	                                                                          "'" T_VILLAGE_A1
	                                                                          "', "
	                                                                          "'" T_PATH_VILLAGE_A1
	                                                                          "', 1759280400, "
	                                                                          "NULL, NULL),"
	                                                                          "(2, "
	                                                                          "'window_gap', "
	                                                                          "'breach', "
	                                                                          "'window', '7', "
	                                                                          "NULL, '断档', "
	                                                                          "'" T_TOWN_B "', "
	                                                                          "'" T_PATH_TOWN_B
	                                                                          "', 1759280400, "
	                                                                          "NULL, NULL);"
	                                                                          "INSERT INTO "
	                                                                          "petitions (id, "
	                                                                          "no, kind, "
	                                                                          "channel, "
	                                                                          "org_code, "
	                                                                          "subject, "
	                                                                          "content, "
	                                                                          "parties, "
	                                                                          "petitioner_name,"
	                                                                          " received_on, "
	                                                                          "accept_due, "
	                                                                          "status, "
	                                                                          "created_by, "
	                                                                          "created_at, "
	                                                                          "updated_at, "
	                                                                          "closed_at) "
	                                                                          "VALUES "
	                                                                          "(1, "
	                                                                          "'XF20250926-"
	                                                                          "0001', "
	                                                                          "'petition', "
	                                                                          "'visit', "
	                                                                          "'" T_TOWN_A
	                                                                          "', '道路', "
	                                                                          "'修路', '[]', "
	                                                                          "'李四', "
	                                                                          "'2025-09-26', "
	                                                                          "'2025-10-01', "
	                                                                          "'closed', 3, "
	                                                                          "1758848400, 0, "
	                                                                          "1759107600),"
	                                                                          "(2, "
	                                                                          "'XF20250926-"
	                                                                          "0002', "
	                                                                          "'dispute', "
	                                                                          "'visit', "
	                                                                          "'" T_TOWN_B
	                                                                          "', '邻里', "
	                                                                          "'纠纷', '[]', "
	                                                                          "'王五', "
	                                                                          "'2025-09-26', "
	                                                                          "'2025-09-27', "
	                                                                          "'registered', "
	                                                                          "3, 1758848400, "
	                                                                          "0, NULL);"
	                                                                          "PRAGMA "
	                                                                          "foreign_keys = "
	                                                                          "ON;");
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(stats, .init = setup, .fini = teardown);

/* Each event as its hook sees it, in the order they would happen. */
static int replay(struct db *db, void *ctx, struct bm_error *err)
{
	(void)ctx;
	const char *cases[] = {"20250926-000001", "20250926-000002", "20250926-000003",
	                       "20250926-000004"};
	for (int i = 0; i < 4; i++)
		if (stats_case_received(db, cases[i], err) < 0)
			return -1;
	if (stats_case_completed(db, cases[0], err) < 0 ||
	    stats_case_completed(db, cases[1], err) < 0 ||
	    stats_case_completed(db, cases[3], err) < 0)
		return -1;
	for (int id = 1; id <= 3; id++)
		if (stats_rating_counted(db, id, 1, err) < 0)
			return -1;
	/* Rating 3's appeal is upheld: it stops counting, then it is marked. */
	if (stats_rating_counted(db, 3, -1, err) < 0 ||
	    db_exec_params(db, err, "UPDATE ratings SET excluded = 1 WHERE id = 3", "") < 0 ||
	    db_exec_params(db, err, "UPDATE rectifications SET status = 'rectified' WHERE id = 1",
	                   "") < 0 ||
	    stats_rectified(db, 2, err) < 0)
		return -1;
	/* Alert 1 opens as a warning, goes yellow on 2025-10-02 and red on 2025-10-04. */
	if (stats_alert_raised(db, 1, 1759280400, err) < 0 ||
	    stats_alert_raised(db, 2, 1759280400, err) < 0 ||
	    db_exec_params(db, err,
	                   "UPDATE supervision_alerts SET level = 'yellow', yellow_at = 1759366800 "
	                   "WHERE id = 1",
	                   "") < 0 ||
	    stats_alert_raised(db, 1, 1759366800, err) < 0 ||
	    db_exec_params(db, err,
	                   "UPDATE supervision_alerts SET level = 'red', red_at = 1759539600 "
	                   "WHERE id = 1",
	                   "") < 0 ||
	    stats_alert_raised(db, 1, 1759539600, err) < 0)
		return -1;
	return stats_petition_registered(db, 1, err) < 0 ||
	               stats_petition_registered(db, 2, err) < 0 ||
	               stats_petition_closed(db, 1, err) < 0
	           ? -1
	           : 0;
}

static void run_replay(void)
{
	struct bm_error err = {0};
	t_sql(t.db, "UPDATE ratings SET excluded = 0 WHERE id = 3");
	cr_assert_eq(db_transaction(t.db, replay, NULL, &err), 0, "%s", err.message);
}

static void report(const char *line, void *ctx)
{
	(void)ctx;
	cr_log_error("%s", line);
}

static int rebuild(struct db *db, void *ctx, struct bm_error *err)
{
	return stats_rebuild(db, ctx, err);
}

Test(stats, the_hooks_event_by_event_equal_a_rebuild_from_the_base_tables)
{
	struct bm_error err = {0};
	long mismatches = -1, rows = 0;
	run_replay();
	cr_assert_eq(stats_check(t.db, &mismatches, report, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(mismatches, 0);
	cr_assert_eq(db_transaction(t.db, rebuild, &rows, &err), 0, "%s", err.message);
	cr_assert_gt(rows, 5);
	cr_assert_eq(stats_check(t.db, &mismatches, report, NULL, &err), 0);
	cr_assert_eq(mismatches, 0);
	/* A counter that drifts is found. */
	t_sql(t.db, "UPDATE stats_daily SET received = received + 1 WHERE day = '2025-09-26' AND "
	            "org_code = '" T_TOWN_B "'");
	cr_assert_eq(stats_check(t.db, &mismatches, NULL, NULL, &err), 0);
	cr_assert_eq(mismatches, 1);
}

Test(stats, totals_sum_a_subtree_over_local_days)
{
	struct bm_error err = {0};
	struct stats_totals c, a, v, first;
	run_replay();
	cr_assert_eq(stats_totals_for(t.db, T_COUNTY, "2025-09-01", "2025-10-31", &c, &err), 0,
	             "%s", err.message);
	cr_assert_eq(c.received, 4);
	cr_assert_eq(c.completed, 3);
	cr_assert_eq(c.on_time, 2);
	cr_assert_eq(c.overdue, 1);
	cr_assert_eq(c.ratings, 2);
	cr_assert_eq(c.satisfied, 1);
	cr_assert_eq(c.bad, 1);
	cr_assert_eq(c.bad_rectified_on_time, 1);
	cr_assert_eq(c.warnings, 1);
	cr_assert_eq(c.yellow_cards, 1);
	cr_assert_eq(c.red_cards, 1);
	cr_assert_eq(c.petitions, 2);
	cr_assert_eq(c.petitions_closed, 1);
	cr_assert_eq(c.petitions_on_time, 1);
	cr_assert_eq(c.window_gaps, 1);
	cr_assert_eq(stats_totals_for(t.db, T_TOWN_A, "2025-09-01", "2025-10-31", &a, &err), 0);
	cr_assert_eq(a.received, 3);
	cr_assert_eq(a.window_gaps, 0);
	cr_assert_eq(stats_totals_for(t.db, T_VILLAGE_A1, "2025-09-01", "2025-10-31", &v, &err), 0);
	cr_assert_eq(v.received, 1);
	cr_assert_eq(v.completed, 1);
	cr_assert_eq(v.on_time, 0);
	/* One day: the 即办件 received at 23:59:59 belongs to it. */
	cr_assert_eq(stats_totals_for(t.db, T_TOWN_A, "2025-09-26", "2025-09-26", &first, &err), 0);
	cr_assert_eq(first.received, 3); /* and the village's */
	cr_assert_eq(first.completed, 1);
	cr_assert_eq(first.on_time, 1);
	cr_assert_eq(first.ratings, 0); /* rating 3, excluded */
}

Test(stats, records_match_each_figure)
{
	struct bm_error err = {0};
	struct stats_totals c;
	run_replay();
	cr_assert_eq(stats_totals_for(t.db, T_COUNTY, "2025-09-01", "2025-10-31", &c, &err), 0);
	for (int m = 0; m < STATS_MEASURES; m++) {
		json_t *items;
		long total;
		cr_assert_eq(stats_records(t.db, stats_measure_name(m), T_COUNTY, "2025-09-01",
		                           "2025-10-31", 50, 0, &items, &total, &err),
		             0, "%s: %s", stats_measure_name(m), err.message);
		cr_assert_eq(total, *stats_totals_at(&c, m), "%s", stats_measure_name(m));
		cr_assert_eq((long)json_array_size(items), total);
		json_decref(items);
	}
	json_t *late;
	long total;
	cr_assert_eq(stats_records(t.db, "late", T_TOWN_A, "2025-09-01", "2025-10-31", 50, 0, &late,
	                           &total, &err),
	             0);
	cr_assert_eq(total, 1);
	json_t *r = json_array_get(late, 0);
	cr_assert_str_eq(json_string_value(json_object_get(r, "kind")), "case");
	cr_assert_str_eq(json_string_value(json_object_get(r, "no")), "20250926-000002");
	cr_assert_eq(json_integer_value(json_object_get(r, "id")), 20250926000002LL);
	cr_assert_str_eq(json_string_value(json_object_get(r, "day")), "2025-10-09");
	cr_assert_str_eq(json_string_value(json_object_get(r, "due_date")), "2025-10-01");
	cr_assert_str_eq(json_string_value(json_object_get(r, "org_code")), T_VILLAGE_A1);
	json_decref(late);
	/* Newest first, paged. */
	json_t *page;
	cr_assert_eq(stats_records(t.db, "received", T_COUNTY, "2025-09-26", "2025-09-26", 1, 0,
	                           &page, &total, &err),
	             0);
	cr_assert_eq(total, 4);
	cr_assert_eq(json_array_size(page), 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(page, 0), "no")),
	                 "20250926-000004");
	json_decref(page);
}

Test(stats, bad_input_is_refused)
{
	struct bm_error err = {0};
	struct stats_totals x;
	json_t *items;
	long total;
	cr_assert_eq(stats_records(t.db, "volume", T_COUNTY, "2025-09-01", "2025-09-30", 10, 0,
	                           &items, &total, &err),
	             -1);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "unknown_measure");
	cr_assert_eq(stats_totals_for(t.db, "999", "2025-09-01", "2025-09-30", &x, &err), -1);
	cr_assert_str_eq(err.code, "org_not_found");
	cr_assert_eq(stats_totals_for(t.db, T_COUNTY, "2025-09-31", "2025-09-30", &x, &err), -1);
	cr_assert_str_eq(err.code, "invalid_date");
	cr_assert_eq(stats_totals_for(t.db, T_COUNTY, "2025-10-01", "2025-09-30", &x, &err), -1);
	cr_assert_str_eq(err.code, "invalid_range");
}

/* The values of one series line for a figure, as "a,b,c". */
static const char *line_values(json_t *series, const char *org, const char *figure)
{
	static char out[128];
	size_t i;
	json_t *line, *v;
	out[0] = 0;
	json_array_foreach(json_object_get(series, "series"), i, line)
	{
		if (strcmp(json_string_value(json_object_get(line, "org_code")), org) != 0)
			continue;
		size_t k;
		json_array_foreach(json_object_get(line, "values"), k, v)
		{
			size_t n = strlen(out);
			snprintf(out + n, sizeof out - n, "%s%lld", k ? "," : "",
			         (long long)json_integer_value(json_object_get(v, figure)));
		}
	}
	return out;
}

Test(stats, series_bucket_by_monday_week_and_month_and_roll_up_to_the_level)
{
	struct bm_error err = {0};
	json_t *s;
	run_replay();
	cr_assert_eq(
	    stats_series(t.db, T_COUNTY, "2025-09-24", "2025-10-09", STATS_BY_WEEK, NULL, &s, &err),
	    0, "%s", err.message);
	cr_assert_str_eq(json_string_value(json_object_get(s, "level")), "town");
	cr_assert_eq(json_array_size(json_object_get(s, "buckets")), 3);
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(s, "buckets"), 0)),
	                 "2025-09-22");
	cr_assert_str_eq(line_values(s, T_TOWN_A, "received"), "3,0,0");
	/* completed Sunday 09-28 counts in the week of Monday 09-22 */
	cr_assert_str_eq(line_values(s, T_TOWN_A, "completed"), "2,0,1");
	cr_assert_str_eq(line_values(s, T_TOWN_A, "late"), "0,0,1");
	cr_assert_str_eq(line_values(s, T_TOWN_B, "received"), "1,0,0");
	json_decref(s);

	cr_assert_eq(stats_series(t.db, T_TOWN_A, "2025-09-15", "2025-10-31", STATS_BY_MONTH,
	                          "village", &s, &err),
	             0);
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(s, "buckets"), 1)),
	                 "2025-10");
	json_t *self = json_array_get(json_object_get(s, "series"), 0);
	cr_assert(json_is_true(json_object_get(self, "self")), "the town's own venue first");
	cr_assert_str_eq(line_values(s, T_TOWN_A, "received"), "2,0");
	cr_assert_str_eq(line_values(s, T_VILLAGE_A1, "received"), "1,0");
	cr_assert_str_eq(line_values(s, T_COMMUNITY_A2, "received"), "0,0");
	json_decref(s);
}

Test(stats, summary_gives_rates_per_child_org_and_null_over_nothing)
{
	struct bm_error err = {0};
	json_t *s;
	run_replay();
	cr_assert_eq(stats_summary(t.db, T_COUNTY, "2025-09-01", "2025-10-31", &s, &err), 0, "%s",
	             err.message);
	json_t *items = json_object_get(s, "items"), *a = json_array_get(items, 0);
	cr_assert_eq(json_array_size(items), 2, "two towns; the county's own line has no counters");
	cr_assert_str_eq(json_string_value(json_object_get(a, "org_code")), T_TOWN_A);
	cr_assert_eq(json_integer_value(json_object_get(a, "received")), 3);
	cr_assert_float_eq(json_real_value(json_object_get(a, "on_time_rate")), 0.667, 1e-9);
	json_t *b = json_array_get(items, 1);
	cr_assert(json_is_null(json_object_get(b, "on_time_rate")), "town B completed nothing");
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(s, "total"), "received")),
	             4);
	json_decref(s);
}

Test(stats, an_upgraded_database_gets_its_counters_once)
{
	struct bm_error err = {0};
	long rows = 0, mismatches = -1;
	/* The setup's rows went in behind the hooks' back, as if they predated migration 0012. */
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM stats_daily"), 0);
	cr_assert_eq(stats_rebuild_if_pending(t.db, &rows, &err), 1, "%s", err.message);
	cr_assert_gt(rows, 0);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM stats_daily"), rows);
	cr_assert_eq(stats_check(t.db, &mismatches, report, NULL, &err), 0);
	cr_assert_eq(mismatches, 0);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM settings WHERE key = 'stats_rebuild'"), 0);
	cr_assert_eq(stats_rebuild_if_pending(t.db, &rows, &err), 0, "only once");
}
