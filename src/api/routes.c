/*
** routes.c — the API, one line per endpoint (see http/router.h for the pattern syntax).
** docs/api.md documents each of them.
*/
#include "api/handlers.h"
#include "http/router.h"

const struct route api_routes[] = {
	{"GET", "/healthz", api_healthz, ROUTE_PUBLIC},

	{"POST", "/api/v1/session", api_session_create, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"GET", "/api/v1/session", api_session_get, 0},
	{"DELETE", "/api/v1/session", api_session_delete, 0},

	{"GET", "/api/v1/orgs", api_orgs_list, 0},
	{"GET", "/api/v1/orgs/{code}", api_org_get, 0},

	{"GET", "/api/v1/venues", api_venues_list, 0},
	{"GET", "/api/v1/venues/{id}", api_venue_get, 0},
	{"PATCH", "/api/v1/venues/{id}", api_venue_patch, 0},

	{"GET", "/api/v1/venues/{id}/items", api_venue_items, ROUTE_PUBLIC},
	{"POST", "/api/v1/venues/{id}/claims", api_claim_add, 0},
	{"DELETE", "/api/v1/venues/{id}/claims/{code}", api_claim_remove, 0},

	{"GET", "/api/v1/venues/{id}/groups", api_groups_list, 0},
	{"POST", "/api/v1/venues/{id}/groups", api_group_create, 0},
	{"GET", "/api/v1/groups/{id}", api_group_get, 0},
	{"PATCH", "/api/v1/groups/{id}", api_group_patch, 0},
	{"GET", "/api/v1/venues/{id}/windows", api_windows_list, 0},
	{"POST", "/api/v1/venues/{id}/windows", api_window_create, 0},
	{"GET", "/api/v1/windows/{id}", api_window_get, 0},
	{"PATCH", "/api/v1/windows/{id}", api_window_patch, 0},
	{"GET", "/api/v1/venues/{id}/staff", api_venue_staff, 0},
	{"GET", "/api/v1/venues/{id}/hours", api_venue_hours_get, 0},
	{"PUT", "/api/v1/venues/{id}/hours", api_venue_hours_put, 0},
	{"GET", "/api/v1/venues/{id}/duty", api_venue_duty, 0},
	{"GET", "/api/v1/venues/{id}/duty/history", api_venue_duty_history, 0},
	{"POST", "/api/v1/absences", api_absence_book, 0},
	{"GET", "/api/v1/absences", api_absences_list, 0},
	{"DELETE", "/api/v1/absences/{id}", api_absence_cancel, 0},
	{"GET", "/api/v1/duty/gaps", api_duty_gaps, 0},
	{"GET", "/api/v1/duty/settings", api_duty_settings_get, 0},
	{"PUT", "/api/v1/duty/settings", api_duty_settings_put, 0},

	{"GET", "/api/v1/items", api_items_search, ROUTE_PUBLIC},
	{"POST", "/api/v1/items", api_item_create, 0},
	{"GET", "/api/v1/items/{code}", api_item_get, ROUTE_PUBLIC},
	{"PUT", "/api/v1/items/{code}", api_item_revise, 0},
	{"GET", "/api/v1/items/{code}/versions", api_item_versions, ROUTE_PUBLIC},
	{"GET", "/api/v1/items/{code}/versions/{version}", api_item_version_get, ROUTE_PUBLIC},
	{"GET", "/api/v1/items/{code}/venues", api_item_venues, ROUTE_PUBLIC},
	{"GET", "/api/v1/items/{code}/where", api_item_where, ROUTE_PUBLIC},

	{"GET", "/api/v1/life-events", api_life_events_list, ROUTE_PUBLIC},
	{"GET", "/api/v1/life-events/{code}", api_life_event_get, ROUTE_PUBLIC},
	{"PUT", "/api/v1/life-events/{code}", api_life_event_put, 0},
	{"GET", "/api/v1/life-events/{code}/where", api_life_event_where, ROUTE_PUBLIC},
	{"GET", "/api/v1/catalog/visits", api_catalog_visits, 0},

	{"GET", "/api/v1/public/venues", api_public_venues, ROUTE_PUBLIC},
	{"GET", "/api/v1/public/venues/{id}", api_public_venue, ROUTE_PUBLIC},
	{"GET", "/api/v1/public/venues/{id}/posts", api_public_posts, ROUTE_PUBLIC},
	{"GET", "/api/v1/public/orgs", api_public_orgs, ROUTE_PUBLIC},

	{"GET", "/api/v1/calendar/add", api_calendar_add, ROUTE_PUBLIC},
	{"GET", "/api/v1/calendar/between", api_calendar_between, ROUTE_PUBLIC},
	{"GET", "/api/v1/calendar/years", api_calendar_years, ROUTE_PUBLIC},
	{"POST", "/api/v1/calendar/days", api_calendar_load, 0},

	{"POST", "/api/v1/inquiries", api_inquiry_create, 0},
	{"GET", "/api/v1/inquiries", api_inquiries_list, 0},
	{"GET", "/api/v1/inquiries/{id}", api_inquiry_get, 0},
	{"POST", "/api/v1/inquiries/{id}/answer", api_inquiry_answer, 0},
	{"POST", "/api/v1/inquiries/{id}/hand-over", api_inquiry_hand_over, 0},

	{"POST", "/api/v1/cases", api_case_create, 0},
	{"GET", "/api/v1/cases", api_cases_list, 0},
	{"GET", "/api/v1/cases/{no}", api_case_get, 0},
	{"GET", "/api/v1/cases/{no}/qr.svg", api_case_qr, 0},
	{"GET", "/api/v1/cases/{no}/rate-qr.svg", api_case_rate_qr, 0},
	{"POST", "/api/v1/cases/{no}/materials", api_case_materials, 0},
	{"POST", "/api/v1/cases/{no}/advance", api_case_advance, 0},
	{"POST", "/api/v1/cases/{no}/{action}", api_case_action, 0},
	{"GET", "/api/v1/track/{no}", api_track, ROUTE_PUBLIC},
	{"GET", "/api/v1/notifications", api_notifications_list, 0},
	{"GET", "/api/v1/notifications/{id}", api_notification_get, 0},
	{"POST", "/api/v1/notifications/{id}/retry", api_notification_retry, 0},
	{"GET", "/api/v1/settings/notify", api_settings_notify_get, 0},
	{"PUT", "/api/v1/settings/notify", api_settings_notify_put, 0},
	{"GET", "/api/v1/settings/petitions", api_settings_petitions_get, 0},
	{"PUT", "/api/v1/settings/petitions", api_settings_petitions_put, 0},

	{"GET", "/api/v1/calls", api_calls_list, 0},
	{"POST", "/api/v1/calls", api_call_create, 0},
	{"GET", "/api/v1/calls/{id}", api_call_get, 0},
	{"POST", "/api/v1/calls/{id}/callback-done", api_call_callback_done, 0},

	{"GET", "/api/v1/petitions", api_petitions_list, 0},
	{"POST", "/api/v1/petitions", api_petition_create, 0},
	{"GET", "/api/v1/petitions/{no}", api_petition_get, 0},
	{"POST", "/api/v1/petitions/{no}/{action}", api_petition_action, 0},
	/* The queue (排队叫号): taking a number and following it are public (no session, hence no
	 * CSRF token; the JSON content type is still required); calling is staff's. */
	{"POST", "/api/v1/venues/{id}/tickets", api_ticket_take, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"GET", "/api/v1/tickets/{id}", api_ticket_get, ROUTE_PUBLIC},
	{"GET", "/api/v1/tickets/{id}/qr.svg", api_ticket_qr, ROUTE_PUBLIC},
	{"POST", "/api/v1/tickets/{id}/{action}", api_ticket_action, 0},
	{"POST", "/api/v1/windows/{id}/call-next", api_window_call_next, 0},
	{"GET", "/api/v1/venues/{id}/queue", api_queue_state, ROUTE_PUBLIC},
	{"GET", "/api/v1/venues/{id}/queue/stats", api_queue_stats, 0},
	{"GET", "/api/v1/venues/{id}/events", api_queue_events, ROUTE_PUBLIC},

	{"GET", "/api/v1/supervision/alerts", api_supervision_alerts, 0},
	{"GET", "/api/v1/supervision/alerts/{id}", api_supervision_alert, 0},
	{"POST", "/api/v1/supervision/alerts/{id}/accountability", api_accountability_create, 0},
	{"GET", "/api/v1/supervision/summary", api_supervision_summary, 0},
	{"GET", "/api/v1/accountability", api_accountability_list, 0},

	/* business training (业务培训, issue 8) */
	{"GET", "/api/v1/training/sessions", api_training_sessions_list, 0},
	{"POST", "/api/v1/training/sessions", api_training_session_create, 0},
	{"GET", "/api/v1/training/sessions/{id}", api_training_session_get, 0},
	{"PATCH", "/api/v1/training/sessions/{id}", api_training_session_patch, 0},
	{"DELETE", "/api/v1/training/sessions/{id}", api_training_session_delete, 0},
	{"GET", "/api/v1/training/sessions/{id}/attendance", api_training_roll, 0},
	{"PUT", "/api/v1/training/sessions/{id}/attendance", api_training_attendance_put, 0},
	{"GET", "/api/v1/training/attendance/mine", api_training_my_attendance, 0},
	{"GET", "/api/v1/training/plans", api_training_plans_list, 0},
	{"PUT", "/api/v1/training/plans/{venue}/{year}", api_training_plan_put, 0},
	{"GET", "/api/v1/training/coverage", api_training_coverage, 0},
	{"GET", "/api/v1/training/summary", api_training_summary, 0},
	/* Statistics (issue 8): the dashboard's figures and the records behind one figure. */
	{"GET", "/api/v1/stats/records", api_stats_records, 0},
	{"GET", "/api/v1/stats/series", api_stats_series, 0},
	{"GET", "/api/v1/stats/summary", api_stats_summary, 0},
	/* 好差评: citizens rate without a session (paper forms check the CSRF token themselves). */
	{"POST", "/api/v1/ratings", api_rating_create, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"GET", "/api/v1/ratings", api_ratings_list, 0},
	{"GET", "/api/v1/ratings/stats", api_rating_stats, 0},
	{"GET", "/api/v1/ratings/{id}", api_rating_get, 0},
	{"POST", "/api/v1/ratings/{id}/appeal", api_rating_appeal, 0},
	{"GET", "/api/v1/appeals", api_appeals_list, 0},
	{"POST", "/api/v1/appeals/{id}/decide", api_appeal_decide, 0},
	{"GET", "/api/v1/rectifications", api_rectifications_list, 0},
	{"GET", "/api/v1/rectifications/{id}", api_rectification_get, 0},
	{"POST", "/api/v1/rectifications/{id}/{action}", api_rectification_action, 0},
	{"GET", "/api/v1/public/venues/{id}/ratings", api_public_venue_ratings, ROUTE_PUBLIC},
	{"GET", "/api/v1/settings/ratings", api_settings_ratings_get, 0},
	{"PUT", "/api/v1/settings/ratings", api_settings_ratings_put, 0},
	/* Appointments: citizens book, look up, cancel and check in without an account (phone +
	 * code); the day's list and closures are staff's. */
	{"GET", "/api/v1/venues/{id}/appointment-slots", api_appointment_slots, ROUTE_PUBLIC},
	{"POST", "/api/v1/appointments", api_appointment_book, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"GET", "/api/v1/appointments/mine", api_appointment_mine, ROUTE_PUBLIC},
	{"DELETE", "/api/v1/appointments/mine", api_appointment_cancel, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"POST", "/api/v1/appointments/{id}/check-in", api_appointment_check_in,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"GET", "/api/v1/venues/{id}/appointments", api_appointments_day, 0},
	{"POST", "/api/v1/venues/{id}/appointment-closures", api_appointment_close, 0},
	{"GET", "/api/v1/venues/{id}/appointment-rules", api_appointment_rules_get, ROUTE_PUBLIC},
	{"PUT", "/api/v1/venues/{id}/appointment-rules", api_appointment_rules_put, 0},

	{"GET", "/api/v1/visits", api_visits_list, 0},
	{"POST", "/api/v1/visits", api_visit_create, 0},
	{"GET", "/api/v1/visits/{id}", api_visit_get, 0},
	{"POST", "/api/v1/visits/{id}/{action}", api_visit_action, 0},

	/* issue 8: assessment (目标责任考核) and bulletins (督查通报) */
	{"GET", "/api/v1/assessment", api_assessment_get, 0},
	{"GET", "/api/v1/assessment/models/{kind}", api_assessment_model_get, 0},
	{"PUT", "/api/v1/assessment/models/{kind}", api_assessment_model_put, 0},
	{"GET", "/api/v1/bulletins", api_bulletins_list, 0},
	{"POST", "/api/v1/bulletins", api_bulletin_create, 0},
	{"GET", "/api/v1/bulletins/{id}", api_bulletin_get, 0}, /* {id} or {id}.xlsx */
	/* venue standardisation (标准化) and the county survey report */
	{"GET", "/api/v1/standard/checklists/{level}", api_standard_checklist_get, 0},
	{"PUT", "/api/v1/standard/checklists/{level}", api_standard_checklist_put, 0},
	{"GET", "/api/v1/standard/scores", api_standard_scores, 0},
	{"GET", "/api/v1/standard/gaps", api_standard_gaps, 0},
	{"GET", "/api/v1/venues/{id}/standard", api_venue_standard, 0},
	{"PUT", "/api/v1/venues/{id}/pilot", api_venue_pilot, 0},
	{"GET", "/api/v1/reports/survey", api_survey_report, 0},

	/* Public like login: tests and demos set the clock without logging in first (a CSRF
	 * token needs a session, so a public route that demanded one could never be used). It
	 * exists only under --test-clock, and the JSON content type is still required. */
	{"POST", "/api/v1/test/clock", api_test_clock_set,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF | ROUTE_TEST_CLOCK},

	{NULL, NULL, NULL, 0},
};
