/*
** handlers.h — every API endpoint's handler, one file per resource under api/.
**
** The route table (routes.c) maps method + path to these. A handler parses and validates its
** input, authorises (domain/auth.h), calls the domain inside db_transaction() when it writes,
** and renders JSON. It returns 0, or -1 with rs->err set.
*/
#ifndef BM_HANDLERS_H
#define BM_HANDLERS_H

#include "http/request.h"

int api_healthz(struct request *rq, struct response *rs);

int api_session_create(struct request *rq, struct response *rs);
int api_session_get(struct request *rq, struct response *rs);
int api_session_delete(struct request *rq, struct response *rs);

int api_orgs_list(struct request *rq, struct response *rs);
int api_org_get(struct request *rq, struct response *rs);

int api_venues_list(struct request *rq, struct response *rs);
int api_venue_get(struct request *rq, struct response *rs);
int api_venue_patch(struct request *rq, struct response *rs);

int api_calendar_add(struct request *rq, struct response *rs);
int api_calendar_between(struct request *rq, struct response *rs);
int api_calendar_years(struct request *rq, struct response *rs);
int api_calendar_load(struct request *rq, struct response *rs);

int api_test_clock_set(struct request *rq, struct response *rs);

int api_items_search(struct request *rq, struct response *rs);
int api_item_get(struct request *rq, struct response *rs);
int api_item_versions(struct request *rq, struct response *rs);
int api_item_version_get(struct request *rq, struct response *rs);
int api_item_venues(struct request *rq, struct response *rs);
int api_item_where(struct request *rq, struct response *rs);
int api_item_create(struct request *rq, struct response *rs);
int api_item_revise(struct request *rq, struct response *rs);

int api_venue_items(struct request *rq, struct response *rs);
int api_claim_add(struct request *rq, struct response *rs);
int api_claim_remove(struct request *rq, struct response *rs);

int api_life_events_list(struct request *rq, struct response *rs);
int api_life_event_get(struct request *rq, struct response *rs);
int api_life_event_put(struct request *rq, struct response *rs);
int api_life_event_where(struct request *rq, struct response *rs);
int api_catalog_visits(struct request *rq, struct response *rs);

int api_public_venues(struct request *rq, struct response *rs);
int api_public_venue(struct request *rq, struct response *rs);
int api_public_orgs(struct request *rq, struct response *rs);

int api_groups_list(struct request *rq, struct response *rs);
int api_group_create(struct request *rq, struct response *rs);
int api_group_get(struct request *rq, struct response *rs);
int api_group_patch(struct request *rq, struct response *rs);
int api_windows_list(struct request *rq, struct response *rs);
int api_window_create(struct request *rq, struct response *rs);
int api_window_get(struct request *rq, struct response *rs);
int api_window_patch(struct request *rq, struct response *rs);
int api_venue_staff(struct request *rq, struct response *rs);
int api_absence_book(struct request *rq, struct response *rs);
int api_absence_cancel(struct request *rq, struct response *rs);
int api_absences_list(struct request *rq, struct response *rs);
int api_venue_duty(struct request *rq, struct response *rs);
int api_venue_duty_history(struct request *rq, struct response *rs);
int api_duty_gaps(struct request *rq, struct response *rs);
int api_duty_settings_get(struct request *rq, struct response *rs);
int api_duty_settings_put(struct request *rq, struct response *rs);
int api_venue_hours_get(struct request *rq, struct response *rs);
int api_venue_hours_put(struct request *rq, struct response *rs);
int api_public_posts(struct request *rq, struct response *rs);
int api_inquiry_create(struct request *rq, struct response *rs);
int api_inquiries_list(struct request *rq, struct response *rs);
int api_inquiry_get(struct request *rq, struct response *rs);
int api_inquiry_answer(struct request *rq, struct response *rs);
int api_inquiry_hand_over(struct request *rq, struct response *rs);

int api_case_create(struct request *rq, struct response *rs);
int api_cases_list(struct request *rq, struct response *rs);
int api_case_get(struct request *rq, struct response *rs);
int api_case_qr(struct request *rq, struct response *rs);
int api_case_action(struct request *rq, struct response *rs);
int api_case_materials(struct request *rq, struct response *rs);
int api_case_advance(struct request *rq, struct response *rs);
int api_track(struct request *rq, struct response *rs);
int api_notifications_list(struct request *rq, struct response *rs);
int api_notification_get(struct request *rq, struct response *rs);
int api_notification_retry(struct request *rq, struct response *rs);

int api_settings_notify_get(struct request *rq, struct response *rs);
int api_settings_notify_put(struct request *rq, struct response *rs);
int api_settings_petitions_get(struct request *rq, struct response *rs);
int api_settings_petitions_put(struct request *rq, struct response *rs);

int api_calls_list(struct request *rq, struct response *rs);
int api_call_create(struct request *rq, struct response *rs);
int api_call_get(struct request *rq, struct response *rs);
int api_call_callback_done(struct request *rq, struct response *rs);

int api_petitions_list(struct request *rq, struct response *rs);
int api_petition_create(struct request *rq, struct response *rs);
int api_petition_get(struct request *rq, struct response *rs);
int api_petition_action(struct request *rq, struct response *rs);

int api_supervision_alerts(struct request *rq, struct response *rs);
int api_supervision_alert(struct request *rq, struct response *rs);
int api_supervision_summary(struct request *rq, struct response *rs);
int api_accountability_create(struct request *rq, struct response *rs);
int api_accountability_list(struct request *rq, struct response *rs);

/* business training (业务培训, issue 8): training_sessions.c, training_attendance.c,
 * training_plans.c, training_coverage.c */
int api_training_sessions_list(struct request *rq, struct response *rs);
int api_training_session_create(struct request *rq, struct response *rs);
int api_training_session_get(struct request *rq, struct response *rs);
int api_training_session_patch(struct request *rq, struct response *rs);
int api_training_session_delete(struct request *rq, struct response *rs);
int api_training_roll(struct request *rq, struct response *rs);
int api_training_attendance_put(struct request *rq, struct response *rs);
int api_training_my_attendance(struct request *rq, struct response *rs);
int api_training_plans_list(struct request *rq, struct response *rs);
int api_training_plan_put(struct request *rq, struct response *rs);
int api_training_coverage(struct request *rq, struct response *rs);
int api_training_summary(struct request *rq, struct response *rs);
int api_stats_records(struct request *rq, struct response *rs);
int api_stats_series(struct request *rq, struct response *rs);
int api_stats_summary(struct request *rq, struct response *rs);

/* The absolute address of a public page `path` ("/portal/track.html?no=…") for QR codes: under
 * the configured public URL, else under the Host the caller reached this server by (what a phone
 * on the same network can open). Writes it to out (size bytes) and returns 1; when there is no
 * public URL and the Host is not a plain host[:port], writes `path` itself and returns 0. */
int api_public_link(struct request *rq, const char *path, char *out, size_t size);

/* The numeric id in path argument `index` (a positive decimal without sign or leading zero);
 * otherwise 404 with the given code and message (a malformed id names no resource). */
int api_path_id(const struct request *rq, int index, const char *code, const char *message,
		int64_t *id, struct bm_error *err);
int api_ticket_take(struct request *rq, struct response *rs);
int api_ticket_get(struct request *rq, struct response *rs);
int api_ticket_qr(struct request *rq, struct response *rs);
int api_ticket_action(struct request *rq, struct response *rs);
int api_window_call_next(struct request *rq, struct response *rs);
int api_queue_state(struct request *rq, struct response *rs);
int api_queue_stats(struct request *rq, struct response *rs);
int api_queue_events(struct request *rq, struct response *rs);
/* The optional positive integer query argument `name` into *id (0 when absent); 400
 * "invalid_query" when it is something else. */
int api_query_id(struct request *rq, const char *name, int64_t *id, struct bm_error *err);

int api_case_rate_qr(struct request *rq, struct response *rs);
int api_rating_create(struct request *rq, struct response *rs);
int api_ratings_list(struct request *rq, struct response *rs);
int api_rating_get(struct request *rq, struct response *rs);
int api_rating_stats(struct request *rq, struct response *rs);
int api_public_venue_ratings(struct request *rq, struct response *rs);
int api_rating_appeal(struct request *rq, struct response *rs);
int api_appeals_list(struct request *rq, struct response *rs);
int api_appeal_decide(struct request *rq, struct response *rs);
int api_rectifications_list(struct request *rq, struct response *rs);
int api_rectification_get(struct request *rq, struct response *rs);
int api_rectification_action(struct request *rq, struct response *rs);
int api_settings_ratings_get(struct request *rq, struct response *rs);
int api_settings_ratings_put(struct request *rq, struct response *rs);

int api_appointment_slots(struct request *rq, struct response *rs);
int api_appointment_book(struct request *rq, struct response *rs);
int api_appointment_mine(struct request *rq, struct response *rs);
int api_appointment_cancel(struct request *rq, struct response *rs);
int api_appointment_check_in(struct request *rq, struct response *rs);
int api_appointments_day(struct request *rq, struct response *rs);
int api_appointment_close(struct request *rq, struct response *rs);
int api_appointment_rules_get(struct request *rq, struct response *rs);
int api_appointment_rules_put(struct request *rq, struct response *rs);

int api_visits_list(struct request *rq, struct response *rs);
int api_visit_create(struct request *rq, struct response *rs);
int api_visit_get(struct request *rq, struct response *rs);
int api_visit_action(struct request *rq, struct response *rs);

/* issue 8: assessment (api/assessment.c) and bulletins (api/bulletins.c) */
int api_assessment_get(struct request *rq, struct response *rs);
int api_assessment_model_get(struct request *rq, struct response *rs);
int api_assessment_model_put(struct request *rq, struct response *rs);
int api_bulletins_list(struct request *rq, struct response *rs);
int api_bulletin_create(struct request *rq, struct response *rs);
int api_bulletin_get(struct request *rq, struct response *rs);
int api_standard_checklist_get(struct request *rq, struct response *rs);
int api_standard_checklist_put(struct request *rq, struct response *rs);
int api_standard_scores(struct request *rq, struct response *rs);
int api_standard_gaps(struct request *rq, struct response *rs);
int api_venue_standard(struct request *rq, struct response *rs);
int api_venue_pilot(struct request *rq, struct response *rs);
int api_survey_report(struct request *rq, struct response *rs);

/* The audit actor for the caller of rq. */
#include "domain/audit.h"
struct audit_actor api_actor(const struct request *rq);

#endif
