/*
** survey.h — the county survey report (调研报告, F1): the statistics of the 2020 survey's §一
** and §二, regenerated from the live tables.
**
** Every figure is a query over orgs, venues, item_claims, windows and the standard scores
** (standard.h); nothing is stored or hard-coded, so the report follows the reform: a hall
** enlarged, an item moved into a hall, a B holder named, a sign put up, and the next report
** says so. On the demo seed it states the survey's figures (11 halls, 5 ≥ 50 m² with ≥ 4
** windows, 6 smaller, 121 villages, 104 open rooms, 17 offices …).
*/
#ifndef BM_SURVEY_H
#define BM_SURVEY_H

#include "core/error.h"

#include <jansson.h>

struct db;

/* The survey's yardstick for a large hall (§一.1): at least 50 m² and at least 4 windows. */
#define SURVEY_HALL_MIN_AREA    50
#define SURVEY_HALL_MIN_WINDOWS 4

/* The whole report as one object (caller owns *out):
 *   "halls":      {"towns", "with_hall", "large", "small", "min_area", "min_windows",
 *                  "list": [{org_code, org_name, name, location, area_m2, window_count, large}]}
 *   "villages":   {"total", "communities", "open_rooms", "office_only", "full_rooms",
 *                  "full_room_names": [...]}  (full: meets the whole village standard)
 *   "facilities": town halls with and without each item of §二.1: {"halls", "no_sign",
 *                  "no_item_screen", "no_zones", "no_cctv_inside", "no_cctv_outside",
 *                  "no_post_board", "no_disclosure_board"}
 *   "items_in_halls":  [{code, name, halls}]  items the town halls claim, most claimed first
 *   "items_scattered": [{code, name, kind ("office" | "dept_hall"), venues, sample_venue}]
 *                      items claimed by the towns' own offices and departments' town halls
 *   "posts":      {"windows", "without_b", "towns_without_b",
 *                  "by_town": [{org_code, org_name, windows, without_b}]}  (active town-hall
 *                  windows, 窗口无B岗)
 *   "standard":   standard_gap_counts() over the whole county */
int survey_report_json(struct db *db, json_t **out, struct bm_error *err);

#endif
