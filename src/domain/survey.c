/*
** survey.c — the county survey report (see survey.h). One query per figure or list; the
** queries name their columns for row_json (db/row_json.h).
*/
#include "domain/survey.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/standard.h"

#include <string.h>

#define TOWN_HALL "v.level = 'town' AND v.kind = 'hall'"

/* Runs a one-row query into a new object. */
static int one_row(struct db *db, json_t **out, const char *types, struct bm_error *err,
                   const char *sql)
{
	struct db_stmt *st = db_query(db, err, sql, "");
	if (!st)
		return -1;
	int rc = row_json_one(st, types, out, err);
	return rc < 0 ? -1 : rc == 0 ? bm_error_internal(err, "survey: no row") : 0;
}

/* Runs a query into a new array of objects. */
static int all_rows(struct db *db, json_t **out, const char *types, struct bm_error *err,
                    const char *sql)
{
	struct db_stmt *st = db_query(db, err, sql, "");
	return st ? row_json_all(st, types, out, err) : -1;
}

/* §一.1: the town halls, large (≥ 50 m², ≥ 4 windows) and small. */
static int survey_halls(struct db *db, json_t **out, struct bm_error *err)
{
	json_t *list = NULL;
	struct db_stmt *st = db_query(
	    db, err,
	    "SELECT (SELECT COUNT(*) FROM orgs WHERE level = 'town') AS towns, "
	    "COUNT(DISTINCT v.org_code) AS with_hall, "
	    "COUNT(CASE WHEN v.area_m2 >= CAST(? AS BIGINT) AND v.window_count >= CAST(? AS "
	    "BIGINT) "
	    "THEN 1 END) AS large, "
	    "COUNT(CASE WHEN v.area_m2 < CAST(? AS BIGINT) OR v.window_count < CAST(? AS BIGINT) "
	    "THEN 1 END) AS small FROM venues v WHERE " TOWN_HALL,
	    "iiii", (int64_t)SURVEY_HALL_MIN_AREA, (int64_t)SURVEY_HALL_MIN_WINDOWS,
	    (int64_t)SURVEY_HALL_MIN_AREA, (int64_t)SURVEY_HALL_MIN_WINDOWS);
	if (!st || row_json_one(st, "iiii", out, err) < 0)
		return -1;
	st = db_query(
	    db, err,
	    "SELECT v.org_code AS org_code, o.name AS org_name, v.name AS name, "
	    "v.location AS location, v.area_m2 AS area_m2, v.window_count AS window_count, "
	    "CASE WHEN v.area_m2 >= CAST(? AS BIGINT) AND v.window_count >= CAST(? AS "
	    "BIGINT) THEN 1 ELSE 0 END AS large "
	    "FROM venues v JOIN orgs o ON o.code = v.org_code WHERE " TOWN_HALL
	    " ORDER BY v.area_m2 DESC, v.org_code",
	    "ii", (int64_t)SURVEY_HALL_MIN_AREA, (int64_t)SURVEY_HALL_MIN_WINDOWS);
	if (!st || row_json_all(st, "tttttiib", &list, err) < 0)
		return -1;
	json_object_set_new(*out, "min_area", json_integer(SURVEY_HALL_MIN_AREA));
	json_object_set_new(*out, "min_windows", json_integer(SURVEY_HALL_MIN_WINDOWS));
	json_object_set_new(*out, "list", list);
	return 0;
}

/* §一.1: villages and communities with an open service room, and those still offices. */
static int survey_villages(struct db *db, json_t **out, struct bm_error *err)
{
	return one_row(
	    db, out, "iiii", err,
	    "SELECT COUNT(*) AS total, "
	    "COUNT(CASE WHEN o.kind = 'community' THEN 1 END) AS communities, "
	    "COUNT(CASE WHEN EXISTS (SELECT 1 FROM venues v WHERE v.org_code = o.code "
	    "AND v.kind = 'room' AND v.open_to_public = 1) THEN 1 END) AS open_rooms, "
	    "COUNT(CASE WHEN NOT EXISTS (SELECT 1 FROM venues v WHERE v.org_code = o.code "
	    "AND v.kind = 'room' AND v.open_to_public = 1) THEN 1 END) AS office_only "
	    "FROM orgs o WHERE o.level = 'village'");
}

/* The rooms that meet the whole village standard (like 红花社区). */
static int survey_full_rooms(struct db *db, json_t *villages, struct bm_error *err)
{
	struct standard_filter f = {.scope_path = "/", .level = "village"};
	json_t *items = NULL, *names = json_array();
	int64_t total;
	if (standard_scores_list(db, &f, -1, 0, &items, &total, err) < 0) {
		json_decref(names);
		return -1;
	}
	size_t i;
	json_t *one;
	json_array_foreach(items, i, one)
	{
		if (json_array_size(json_object_get(one, "gaps")) == 0 &&
		    json_integer_value(json_object_get(one, "criteria")) > 0)
			json_array_append(names, json_object_get(one, "org_name"));
	}
	json_object_set_new(villages, "full_rooms",
	                    json_integer((json_int_t)json_array_size(names)));
	json_object_set_new(villages, "full_room_names", names);
	json_decref(items);
	return 0;
}

/* §二.1: the town halls lacking each facility. */
static int survey_facilities(struct db *db, json_t **out, struct bm_error *err)
{
	return one_row(db, out, "iiiiiiii", err,
	               "SELECT COUNT(*) AS halls, "
	               "COUNT(CASE WHEN v.outdoor_sign = 0 THEN 1 END) AS no_sign, "
	               "COUNT(CASE WHEN v.item_screen = 0 THEN 1 END) AS no_item_screen, "
	               "COUNT(CASE WHEN v.zones = '' THEN 1 END) AS no_zones, "
	               "COUNT(CASE WHEN v.cctv_inside = 0 THEN 1 END) AS no_cctv_inside, "
	               "COUNT(CASE WHEN v.cctv_outside = 0 THEN 1 END) AS no_cctv_outside, "
	               "COUNT(CASE WHEN v.post_board = 0 THEN 1 END) AS no_post_board, "
	               "COUNT(CASE WHEN v.disclosure_board = 0 THEN 1 END) AS no_disclosure_board "
	               "FROM venues v WHERE " TOWN_HALL);
}

/* §一.3 and §二.2: what the halls handle, and what is still handled elsewhere in the towns. */
static int survey_items(struct db *db, json_t *report, struct bm_error *err)
{
	json_t *in_halls = NULL, *scattered = NULL;
	if (all_rows(db, &in_halls, "tti", err,
	             "SELECT c.item_code AS code, s.name AS name, COUNT(*) AS halls "
	             "FROM item_claims c JOIN venues v ON v.id = c.venue_id "
	             "JOIN item_search s ON s.code = c.item_code WHERE " TOWN_HALL
	             " GROUP BY c.item_code, s.name ORDER BY COUNT(*) DESC, c.item_code") < 0)
		return -1;
	json_object_set_new(report, "items_in_halls", in_halls);
	if (all_rows(
	        db, &scattered, "tttit", err,
	        "SELECT c.item_code AS code, s.name AS name, v.kind AS kind, COUNT(*) AS venues, "
	        "MIN(v.name) AS sample_venue FROM item_claims c "
	        "JOIN venues v ON v.id = c.venue_id JOIN item_search s ON s.code = c.item_code "
	        "WHERE v.level = 'town' AND v.kind IN ('office', 'dept_hall') "
	        "GROUP BY c.item_code, s.name, v.kind ORDER BY v.kind DESC, COUNT(*) DESC, "
	        "c.item_code") < 0)
		return -1;
	json_object_set_new(report, "items_scattered", scattered);
	return 0;
}

/* §二.3: town-hall posts (windows) with no B holder. */
static int survey_posts(struct db *db, json_t **out, struct bm_error *err)
{
	json_t *by_town = NULL;
	if (one_row(
	        db, out, "iii", err,
	        "SELECT COUNT(*) AS windows, COUNT(CASE WHEN w.b_user_id IS NULL THEN 1 END) "
	        "AS without_b, COUNT(DISTINCT CASE WHEN w.b_user_id IS NULL THEN v.org_code END) "
	        "AS towns_without_b FROM windows w JOIN venues v ON v.id = w.venue_id "
	        "WHERE w.active = 1 AND " TOWN_HALL) < 0)
		return -1;
	if (all_rows(db, &by_town, "ttii", err,
	             "SELECT v.org_code AS org_code, o.name AS org_name, COUNT(*) AS windows, "
	             "COUNT(CASE WHEN w.b_user_id IS NULL THEN 1 END) AS without_b "
	             "FROM windows w JOIN venues v ON v.id = w.venue_id "
	             "JOIN orgs o ON o.code = v.org_code WHERE w.active = 1 AND " TOWN_HALL
	             " GROUP BY v.org_code, o.name ORDER BY v.org_code") < 0)
		return -1;
	json_object_set_new(*out, "by_town", by_town);
	return 0;
}

int survey_report_json(struct db *db, json_t **out, struct bm_error *err)
{
	json_t *halls = NULL, *villages = NULL, *facilities = NULL, *posts = NULL, *standard = NULL;
	json_t *report = json_object();
	if (!report)
		return bm_error_oom(err);
	int rc = 0;
	if (survey_halls(db, &halls, err) < 0)
		rc = -1;
	if (rc == 0 &&
	    (survey_villages(db, &villages, err) < 0 || survey_full_rooms(db, villages, err) < 0))
		rc = -1;
	if (rc == 0 &&
	    (survey_facilities(db, &facilities, err) < 0 || survey_items(db, report, err) < 0 ||
	     survey_posts(db, &posts, err) < 0 || standard_gap_counts(db, "/", &standard, err) < 0))
		rc = -1;
	json_object_set_new(report, "halls", halls ? halls : json_null());
	json_object_set_new(report, "villages", villages ? villages : json_null());
	json_object_set_new(report, "facilities", facilities ? facilities : json_null());
	json_object_set_new(report, "posts", posts ? posts : json_null());
	json_object_set_new(report, "standard", standard ? standard : json_null());
	if (rc < 0) {
		json_decref(report);
		return -1;
	}
	*out = report;
	return 0;
}
