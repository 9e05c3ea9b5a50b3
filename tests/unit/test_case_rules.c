/*
** test_case_rules.c — unit tests for domain/case_rules.c: the case state machine, 限时办结
** deadlines on the official 2025 and 2026 calendars (data/cn-holidays.csv, read from the
** repository root where the tests run), village hand-over, 容缺 supply dates and 一次性告知
** breaches.
**
** The legal moves are written out again below (legal_moves[]), independently of the table in
** case_rules.c, and every (state, action) pair is checked against that list.
*/
#include "core/calendar.h"
#include "core/date.h"
#include "domain/case_rules.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct calendar *official;

static void official_setup(void)
{
	official = t_official_calendar();
}

static void official_teardown(void)
{
	calendar_free(official);
}

TestSuite(case_deadline, .init = official_setup, .fini = official_teardown);
TestSuite(case_steps, .init = official_setup, .fini = official_teardown);
TestSuite(case_handover, .init = official_setup, .fini = official_teardown);
TestSuite(case_deferred, .init = official_setup, .fini = official_teardown);

static int day(const char *text)
{
	int date = 0;
	cr_assert_eq(date_parse(text, &date), 0, "bad date in test: %s", text);
	return date;
}

static const char *text_of(int date)
{
	static char text[DATE_TEXT_SIZE];
	date_format(date, text);
	return text;
}

/* ---- names ---- */

Test(case_state, names_are_the_api_words)
{
	const char *expected[CASE_STATE_COUNT] = {
		"draft",     "notified",	   "accepted",	"forwarded",  "suspended",
		"completed", "rejected_at_intake", "delivered", "terminated",
	};
	for (int s = 0; s < CASE_STATE_COUNT; s++)
		cr_assert_str_eq(case_state_name((enum case_state)s), expected[s]);
}

Test(case_state, every_name_parses_back_to_its_state_and_has_a_label)
{
	for (int s = 0; s < CASE_STATE_COUNT; s++) {
		enum case_state back = CASE_STATE_COUNT;
		cr_assert_eq(case_state_parse(case_state_name((enum case_state)s), &back), 0);
		cr_assert_eq(back, (enum case_state)s);
		cr_assert_not_null(case_state_label((enum case_state)s));
	}
}

Test(case_state, unknown_state_name_is_refused)
{
	enum case_state out = CASE_STATE_DRAFT;
	cr_assert_eq(case_state_parse("deferred_accepted", &out), -1);
	cr_assert_eq(case_state_parse(NULL, &out), -1);
	cr_assert_eq(out, CASE_STATE_DRAFT, "a refused name must leave *out untouched");
	cr_assert_null(case_state_name(CASE_STATE_COUNT));
}

Test(case_action, names_are_the_path_words_of_the_api)
{
	const char *expected[CASE_ACTION_COUNT] = {
		"notice", "accept",   "reject",	 "suspend",   "resume",
		"forward", "complete", "deliver", "terminate",
	};
	for (int a = 0; a < CASE_ACTION_COUNT; a++) {
		enum case_action back = CASE_ACTION_COUNT;
		cr_assert_str_eq(case_action_name((enum case_action)a), expected[a]);
		cr_assert_eq(case_action_parse(expected[a], &back), 0);
		cr_assert_eq(back, (enum case_action)a);
		cr_assert_not_null(case_action_label((enum case_action)a));
	}
}

Test(case_action, unknown_action_name_is_refused)
{
	enum case_action out = CASE_ACTION_NOTICE;
	cr_assert_eq(case_action_parse("approve", &out), -1);
	cr_assert_eq(case_action_parse("Accept", &out), -1);
	cr_assert_null(case_action_label(CASE_ACTION_COUNT));
}

Test(case_state, only_delivered_rejected_and_terminated_are_final)
{
	for (int s = 0; s < CASE_STATE_COUNT; s++) {
		bool final = s == CASE_STATE_DELIVERED || s == CASE_STATE_REJECTED_AT_INTAKE ||
			     s == CASE_STATE_TERMINATED;
		cr_assert_eq(case_state_is_final((enum case_state)s), final, "%s",
			     case_state_name((enum case_state)s));
	}
}

/* ---- the state machine ---- */

struct move {
	enum case_state from;
	enum case_action act;
	enum case_state to;
};

/* The legal moves of case_rules.h, written out again by hand. */
static const struct move legal_moves[] = {
	{CASE_STATE_DRAFT, CASE_ACTION_NOTICE, CASE_STATE_NOTIFIED},
	{CASE_STATE_DRAFT, CASE_ACTION_ACCEPT, CASE_STATE_ACCEPTED},
	{CASE_STATE_DRAFT, CASE_ACTION_REJECT, CASE_STATE_REJECTED_AT_INTAKE},
	{CASE_STATE_DRAFT, CASE_ACTION_FORWARD, CASE_STATE_FORWARDED},
	{CASE_STATE_DRAFT, CASE_ACTION_TERMINATE, CASE_STATE_TERMINATED},

	{CASE_STATE_NOTIFIED, CASE_ACTION_NOTICE, CASE_STATE_NOTIFIED},
	{CASE_STATE_NOTIFIED, CASE_ACTION_ACCEPT, CASE_STATE_ACCEPTED},
	{CASE_STATE_NOTIFIED, CASE_ACTION_REJECT, CASE_STATE_REJECTED_AT_INTAKE},
	{CASE_STATE_NOTIFIED, CASE_ACTION_FORWARD, CASE_STATE_FORWARDED},
	{CASE_STATE_NOTIFIED, CASE_ACTION_TERMINATE, CASE_STATE_TERMINATED},

	{CASE_STATE_ACCEPTED, CASE_ACTION_SUSPEND, CASE_STATE_SUSPENDED},
	{CASE_STATE_ACCEPTED, CASE_ACTION_FORWARD, CASE_STATE_FORWARDED},
	{CASE_STATE_ACCEPTED, CASE_ACTION_COMPLETE, CASE_STATE_COMPLETED},
	{CASE_STATE_ACCEPTED, CASE_ACTION_TERMINATE, CASE_STATE_TERMINATED},

	{CASE_STATE_FORWARDED, CASE_ACTION_NOTICE, CASE_STATE_NOTIFIED},
	{CASE_STATE_FORWARDED, CASE_ACTION_ACCEPT, CASE_STATE_ACCEPTED},
	{CASE_STATE_FORWARDED, CASE_ACTION_REJECT, CASE_STATE_REJECTED_AT_INTAKE},
	{CASE_STATE_FORWARDED, CASE_ACTION_FORWARD, CASE_STATE_FORWARDED},
	{CASE_STATE_FORWARDED, CASE_ACTION_TERMINATE, CASE_STATE_TERMINATED},

	{CASE_STATE_SUSPENDED, CASE_ACTION_RESUME, CASE_STATE_ACCEPTED},
	{CASE_STATE_SUSPENDED, CASE_ACTION_TERMINATE, CASE_STATE_TERMINATED},

	{CASE_STATE_COMPLETED, CASE_ACTION_DELIVER, CASE_STATE_DELIVERED},
};
#define N_LEGAL (sizeof legal_moves / sizeof legal_moves[0])

static void assert_move(enum case_state from, enum case_action act, enum case_state expected)
{
	struct bm_error err = {0};
	enum case_state to = CASE_STATE_COUNT;
	cr_assert_eq(case_transition(from, act, &to, &err), 0, "%s + %s refused: %s",
		     case_state_name(from), case_action_name(act), err.message);
	cr_assert_eq(to, expected, "%s + %s: expected %s, got %s", case_state_name(from),
		     case_action_name(act), case_state_name(expected), case_state_name(to));
}

static void assert_illegal(enum case_state from, enum case_action act)
{
	struct bm_error err = {0};
	enum case_state to = CASE_STATE_COUNT;
	cr_assert_eq(case_transition(from, act, &to, &err), -1, "%s + %s was allowed",
		     case_state_name(from), case_action_name(act));
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.code, "illegal_transition");
	cr_assert_eq(to, CASE_STATE_COUNT, "a refused move must leave *to untouched");
}

/* Every legal move out of `from` in legal_moves[] is allowed and leads where it says. */
static void assert_moves_from(enum case_state from, size_t expected_count)
{
	size_t seen = 0;
	for (size_t i = 0; i < N_LEGAL; i++) {
		if (legal_moves[i].from != from)
			continue;
		assert_move(from, legal_moves[i].act, legal_moves[i].to);
		seen++;
	}
	cr_assert_eq(seen, expected_count);
}

Test(case_transition, draft_may_be_notified_accepted_rejected_forwarded_or_terminated)
{
	assert_moves_from(CASE_STATE_DRAFT, 5);
}

Test(case_transition, notified_case_may_be_notified_again_accepted_rejected_forwarded_ended)
{
	assert_moves_from(CASE_STATE_NOTIFIED, 5);
}

Test(case_transition, accepted_case_may_be_suspended_forwarded_completed_or_terminated)
{
	assert_moves_from(CASE_STATE_ACCEPTED, 4);
}

Test(case_transition, forwarded_case_is_taken_on_checked_passed_on_or_terminated)
{
	assert_moves_from(CASE_STATE_FORWARDED, 5);
}

Test(case_transition, suspended_case_may_only_resume_to_accepted_or_be_terminated)
{
	assert_moves_from(CASE_STATE_SUSPENDED, 2);
}

Test(case_transition, completed_case_may_only_be_delivered)
{
	assert_moves_from(CASE_STATE_COMPLETED, 1);
}

Test(case_transition, final_states_allow_no_action_at_all)
{
	enum case_state finals[] = {CASE_STATE_REJECTED_AT_INTAKE, CASE_STATE_DELIVERED,
				    CASE_STATE_TERMINATED};
	for (size_t i = 0; i < 3; i++)
		for (int a = 0; a < CASE_ACTION_COUNT; a++)
			assert_illegal(finals[i], (enum case_action)a);
}

Test(case_transition, every_state_and_action_is_legal_exactly_when_listed)
{
	for (int s = 0; s < CASE_STATE_COUNT; s++) {
		for (int a = 0; a < CASE_ACTION_COUNT; a++) {
			const struct move *listed = NULL;
			for (size_t i = 0; i < N_LEGAL; i++)
				if (legal_moves[i].from == (enum case_state)s &&
				    legal_moves[i].act == (enum case_action)a)
					listed = &legal_moves[i];
			if (listed)
				assert_move(listed->from, listed->act, listed->to);
			else
				assert_illegal((enum case_state)s, (enum case_action)a);
		}
	}
}

Test(case_transition, illegal_move_names_the_state_and_the_action_in_chinese)
{
	struct bm_error err = {0};
	enum case_state to;
	cr_assert_eq(case_transition(CASE_STATE_COMPLETED, CASE_ACTION_SUSPEND, &to, &err), -1);
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.code, "illegal_transition");
	cr_assert_str_eq(err.message, "办件当前状态为“已办结”，不能执行“暂停计时”");
}

Test(case_transition, accepted_case_cannot_be_accepted_again)
{
	assert_illegal(CASE_STATE_ACCEPTED, CASE_ACTION_ACCEPT);
}

Test(case_transition, accepted_case_gets_no_one_time_notice_since_补正_suspends_instead)
{
	assert_illegal(CASE_STATE_ACCEPTED, CASE_ACTION_NOTICE);
}

Test(case_transition, accepted_case_cannot_be_rejected_at_intake)
{
	assert_illegal(CASE_STATE_ACCEPTED, CASE_ACTION_REJECT);
}

Test(case_transition, draft_cannot_be_completed_without_acceptance)
{
	assert_illegal(CASE_STATE_DRAFT, CASE_ACTION_COMPLETE);
}

Test(case_transition, suspended_case_cannot_be_completed_before_it_resumes)
{
	assert_illegal(CASE_STATE_SUSPENDED, CASE_ACTION_COMPLETE);
}

Test(case_transition, suspended_case_cannot_be_suspended_again)
{
	assert_illegal(CASE_STATE_SUSPENDED, CASE_ACTION_SUSPEND);
}

Test(case_transition, running_case_cannot_resume)
{
	assert_illegal(CASE_STATE_ACCEPTED, CASE_ACTION_RESUME);
}

Test(case_transition, undecided_case_cannot_be_delivered)
{
	assert_illegal(CASE_STATE_ACCEPTED, CASE_ACTION_DELIVER);
	assert_illegal(CASE_STATE_FORWARDED, CASE_ACTION_DELIVER);
}

Test(case_transition, completed_case_cannot_be_terminated)
{
	assert_illegal(CASE_STATE_COMPLETED, CASE_ACTION_TERMINATE);
}

Test(case_transition, out_of_range_values_are_an_internal_error)
{
	struct bm_error err = {0};
	enum case_state to;
	cr_assert_eq(case_transition(CASE_STATE_COUNT, CASE_ACTION_ACCEPT, &to, &err), -1);
	cr_assert_eq(err.http_status, 500);
	cr_assert_eq(case_transition(CASE_STATE_DRAFT, CASE_ACTION_COUNT, &to, &err), -1);
	cr_assert_eq(err.http_status, 500);
}

Test(case_transition, village_agency_case_travels_to_the_town_and_back_to_the_applicant)
{
	/* 村代办: logged, handed to the town window, accepted, decided, result delivered. */
	enum case_state s = CASE_STATE_DRAFT;
	enum case_action path[] = {CASE_ACTION_FORWARD, CASE_ACTION_ACCEPT,
				   CASE_ACTION_SUSPEND, CASE_ACTION_RESUME,
				   CASE_ACTION_FORWARD, CASE_ACTION_ACCEPT,
				   CASE_ACTION_COMPLETE, CASE_ACTION_DELIVER};
	bool accepted = false;
	for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
		struct bm_error err = {0};
		cr_assert_eq(case_check_move(s, path[i], accepted, &s, &err), 0, "step %zu: %s",
			     i + 1, err.message);
		accepted = accepted || s == CASE_STATE_ACCEPTED;
	}
	cr_assert_eq(s, CASE_STATE_DELIVERED);
}

/* ---- moves that depend on history ---- */

Test(case_move, forwarded_case_not_yet_accepted_may_be_refused_at_intake)
{
	struct bm_error err = {0};
	enum case_state to;
	cr_assert_eq(case_check_move(CASE_STATE_FORWARDED, CASE_ACTION_REJECT, false, &to, &err),
		     0, "%s", err.message);
	cr_assert_eq(to, CASE_STATE_REJECTED_AT_INTAKE);
}

Test(case_move, forwarded_case_accepted_earlier_cannot_be_refused_at_intake)
{
	struct bm_error err = {0};
	enum case_state to = CASE_STATE_COUNT;
	cr_assert_eq(case_check_move(CASE_STATE_FORWARDED, CASE_ACTION_REJECT, true, &to, &err),
		     -1);
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.code, "already_accepted");
	cr_assert_eq(to, CASE_STATE_COUNT);
}

Test(case_move, forwarded_case_accepted_earlier_gets_no_new_one_time_notice)
{
	struct bm_error err = {0};
	enum case_state to;
	cr_assert_eq(case_check_move(CASE_STATE_FORWARDED, CASE_ACTION_NOTICE, true, &to, &err),
		     -1);
	cr_assert_str_eq(err.code, "already_accepted");
}

Test(case_move, forwarded_case_accepted_earlier_is_taken_on_by_the_county)
{
	struct bm_error err = {0};
	enum case_state to;
	cr_assert_eq(case_check_move(CASE_STATE_FORWARDED, CASE_ACTION_ACCEPT, true, &to, &err),
		     0, "%s", err.message);
	cr_assert_eq(to, CASE_STATE_ACCEPTED);
}

Test(case_move, illegal_move_is_refused_before_history_is_looked_at)
{
	struct bm_error err = {0};
	enum case_state to;
	cr_assert_eq(case_check_move(CASE_STATE_DELIVERED, CASE_ACTION_REJECT, true, &to, &err),
		     -1);
	cr_assert_str_eq(err.code, "illegal_transition");
}

Test(case_move, approval_waits_for_outstanding_deferred_materials)
{
	struct bm_error err = {0};
	cr_assert_eq(case_check_completion(true, true, &err), -1);
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.code, "deferred_materials_outstanding");
}

Test(case_move, disapproval_or_supplied_materials_allow_completion)
{
	cr_assert_eq(case_check_completion(false, true, NULL), 0);
	cr_assert_eq(case_check_completion(true, false, NULL), 0);
}

/* ---- due dates ---- */

/* The due date of a 承诺件 accepted on `accepted` with `days` promised working days. */
static const char *due_of(const char *accepted, int days)
{
	struct bm_error err = {0};
	int due = 0;
	cr_assert_eq(case_due_date(official, day(accepted), days, CASE_KIND_PROMISED, &due, &err),
		     1, "%s + %d: %s", accepted, days, err.message);
	return text_of(due);
}

Test(case_deadline, labour_day_2025_is_skipped_and_acceptance_day_not_counted)
{
	/* Accepted Wednesday 2025-04-30; 05-01..05 are off, so one working day ends on 05-06. */
	cr_assert_str_eq(due_of("2025-04-30", 1), "2025-05-06");
}

Test(case_deadline, national_day_2025_is_skipped_and_its_makeup_saturday_counts)
{
	/* Accepted Tuesday 2025-09-30; 10-01..08 are off; Thu 09 and Fri 10 are days 1 and 2,
	 * Saturday 10-11 is a make-up working day (3), then Mon 13 (4) and Tue 14 (5). */
	cr_assert_str_eq(due_of("2025-09-30", 5), "2025-10-14");
}

Test(case_deadline, spring_festival_2026_counts_the_makeup_saturday_before_it)
{
	/* Accepted Thursday 2026-02-12: Fri 13 (1), make-up Sat 14 (2), 15..23 off,
	 * then Tue 24 (3), Wed 25 (4), Thu 26 (5). */
	cr_assert_str_eq(due_of("2026-02-12", 5), "2026-02-26");
}

Test(case_deadline, spring_festival_2026_makeup_saturday_after_it_can_be_the_due_date)
{
	/* Accepted Tuesday 2026-02-24: Wed 25, Thu 26, Fri 27, then make-up Saturday 28. */
	cr_assert_str_eq(due_of("2026-02-24", 4), "2026-02-28");
}

Test(case_deadline, instant_item_has_no_due_date)
{
	struct bm_error err = {0};
	int due = 12345;
	cr_assert_eq(case_due_date(official, day("2025-04-30"), 0, CASE_KIND_INSTANT, &due, &err),
		     0);
	cr_assert_eq(due, 12345, "a 即办件 must leave *due untouched");
}

Test(case_deadline, promised_item_without_promised_days_is_refused)
{
	struct bm_error err = {0};
	int due;
	cr_assert_eq(case_due_date(official, day("2025-04-30"), 0, CASE_KIND_PROMISED, &due, &err),
		     -1);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "invalid_promised_days");
}

Test(case_deadline, due_date_beyond_the_loaded_years_is_an_error_not_a_guess)
{
	struct bm_error err = {0};
	int due;
	cr_assert_eq(case_due_date(official, day("2026-12-28"), 20, CASE_KIND_PROMISED, &due,
				   &err),
		     -1);
	cr_assert_str_eq(err.code, "calendar_year_not_loaded");
}

Test(case_deadline, item_kinds_parse_as_item_documents_spell_them)
{
	enum case_kind k = CASE_KIND_PROMISED;
	cr_assert_eq(case_kind_parse("instant", &k), 0);
	cr_assert_eq(k, CASE_KIND_INSTANT);
	cr_assert_eq(case_kind_parse("promised", &k), 0);
	cr_assert_eq(k, CASE_KIND_PROMISED);
	cr_assert_eq(case_kind_parse("即办件", &k), -1);
}

/* ---- suspensions ---- */

static int paused(const char *from, const char *to)
{
	struct bm_error err = {0};
	int days = -1;
	cr_assert_eq(case_paused_days(official, day(from), day(to), &days, &err), 0, "%s",
		     err.message);
	return days;
}

static const char *extended(const char *due, const char *from, const char *to)
{
	struct bm_error err = {0};
	int out = 0;
	cr_assert_eq(case_extend_for_pause(official, day(due), day(from), day(to), &out, &err), 0,
		     "%s", err.message);
	return text_of(out);
}

Test(case_deadline, pause_counts_the_resume_day_but_not_the_suspend_day)
{
	/* Suspended Tuesday 2025-03-11, resumed Thursday 03-13: Wed 12 and Thu 13 are paused;
	 * Tuesday was worked on before the clock stopped. */
	cr_assert_eq(paused("2025-03-11", "2025-03-13"), 2);
}

Test(case_deadline, pause_suspended_and_resumed_the_same_day_pauses_nothing)
{
	cr_assert_eq(paused("2025-03-11", "2025-03-11"), 0);
	cr_assert_str_eq(extended("2025-03-17", "2025-03-11", "2025-03-11"), "2025-03-17");
}

Test(case_deadline, pause_over_a_weekend_counts_only_working_days)
{
	/* Suspended Friday 2025-03-14, resumed Monday 03-17: only the Monday is paused. */
	cr_assert_eq(paused("2025-03-14", "2025-03-17"), 1);
}

Test(case_deadline, pause_spanning_national_day_2025_extends_by_working_days_only)
{
	/* Accepted Mon 2025-09-22 with 10 days: due Sat 10-11 (make-up day; Sun 09-28 counts).
	 * Suspended Mon 09-29, resumed Fri 10-10: paused Tue 09-30, Thu 10-09, Fri 10-10 = 3
	 * (the eight holidays cost nothing), so the due date moves to Mon 13, Tue 14, Wed 15. */
	cr_assert_str_eq(due_of("2025-09-22", 10), "2025-10-11");
	cr_assert_eq(paused("2025-09-29", "2025-10-10"), 3);
	cr_assert_str_eq(extended("2025-10-11", "2025-09-29", "2025-10-10"), "2025-10-15");
}

Test(case_deadline, pause_spanning_spring_festival_2026_counts_the_makeup_saturday)
{
	/* Suspended Fri 2026-02-13, resumed Tue 02-24: make-up Sat 14 and Tue 24 are paused.
	 * A due date of Thu 02-26 moves to Fri 27 and then the make-up Saturday 02-28. */
	cr_assert_eq(paused("2026-02-13", "2026-02-24"), 2);
	cr_assert_str_eq(extended("2026-02-26", "2026-02-13", "2026-02-24"), "2026-02-28");
}

Test(case_deadline, two_pauses_add_up)
{
	/* Due Mon 2025-03-17; pauses (03-04, 03-05] and (03-07, 03-11] cost 1 + 2 days. */
	const char *once = extended("2025-03-17", "2025-03-04", "2025-03-05");
	cr_assert_str_eq(once, "2025-03-18");
	cr_assert_str_eq(extended("2025-03-18", "2025-03-07", "2025-03-11"), "2025-03-20");
}

Test(case_deadline, pause_ending_after_the_old_due_date_still_extends_by_the_paused_days)
{
	/* Due Mon 2025-03-17, suspended Fri 03-14 with one working day left (the 17th),
	 * resumed Wed 03-19: Mon 17, Tue 18, Wed 19 paused, so the day left is Thu 03-20. */
	cr_assert_str_eq(extended("2025-03-17", "2025-03-14", "2025-03-19"), "2025-03-20");
}

Test(case_deadline, pause_ending_before_it_started_is_refused)
{
	struct bm_error err = {0};
	int out;
	cr_assert_eq(case_extend_for_pause(official, day("2025-03-17"), day("2025-03-12"),
					   day("2025-03-11"), &out, &err),
		     -1);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "invalid_pause");
	cr_assert_str_eq(err.message, "恢复计时日期 2025-03-11 早于暂停计时日期 2025-03-12");
}

/* ---- steps ---- */

Test(case_steps, step_is_late_while_the_case_ends_on_time)
{
	/* Accepted Mon 2025-03-03 with 10 promised days: due Mon 03-17. Steps: 受理审查 1 day
	 * (due Tue 03-04, finished Thu 03-06: late), 审核 3 days from 03-06 (due Tue 03-11,
	 * finished 03-10), 决定 2 days from 03-10 (due Wed 03-12, finished 03-12). */
	struct bm_error err = {0};
	struct case_step_time steps[] = {
		{.days = 1, .finished = day("2025-03-06")},
		{.days = 3, .finished = day("2025-03-10")},
		{.days = 2, .finished = day("2025-03-12")},
	};
	cr_assert_eq(case_steps_due(official, day("2025-03-03"), steps, 3, &err), 0, "%s",
		     err.message);
	cr_assert_str_eq(text_of(steps[0].due), "2025-03-04");
	cr_assert_str_eq(text_of(steps[1].due), "2025-03-11");
	cr_assert_str_eq(text_of(steps[2].due), "2025-03-12");
	cr_assert(case_step_is_late(steps[0].due, steps[0].finished));
	cr_assert_not(case_step_is_late(steps[1].due, steps[1].finished));
	cr_assert_not(case_step_is_late(steps[2].due, steps[2].finished));
	cr_assert_str_eq(due_of("2025-03-03", 10), "2025-03-17");
	cr_assert_not(case_is_late(day("2025-03-17"), steps[2].finished));
}

Test(case_steps, open_steps_are_planned_from_the_previous_due_date)
{
	/* Nothing finished yet: 2 days from Mon 2025-03-03 (Wed 05), then 3 more (Mon 10). */
	struct bm_error err = {0};
	struct case_step_time steps[] = {
		{.days = 2, .finished = CASE_NO_DATE},
		{.days = 3, .finished = CASE_NO_DATE},
	};
	cr_assert_eq(case_steps_due(official, day("2025-03-03"), steps, 2, &err), 0, "%s",
		     err.message);
	cr_assert_str_eq(text_of(steps[0].due), "2025-03-05");
	cr_assert_str_eq(text_of(steps[1].due), "2025-03-10");
}

Test(case_steps, step_due_date_is_extended_by_its_paused_days)
{
	/* 3 days from Mon 2025-03-03 is Thu 03-06; paused 2 working days: Mon 03-10. */
	struct bm_error err = {0};
	struct case_step_time step = {.days = 3, .paused = 2, .finished = CASE_NO_DATE};
	cr_assert_eq(case_steps_due(official, day("2025-03-03"), &step, 1, &err), 0, "%s",
		     err.message);
	cr_assert_str_eq(text_of(step.due), "2025-03-10");
}

Test(case_steps, step_across_national_day_2025_skips_the_holiday)
{
	/* Accepted Tue 2025-09-30, a 2-day step: Thu 10-09, Fri 10-10. */
	struct bm_error err = {0};
	struct case_step_time step = {.days = 2, .finished = CASE_NO_DATE};
	cr_assert_eq(case_steps_due(official, day("2025-09-30"), &step, 1, &err), 0, "%s",
		     err.message);
	cr_assert_str_eq(text_of(step.due), "2025-10-10");
}

Test(case_steps, step_finished_on_its_due_date_is_on_time)
{
	cr_assert_not(case_step_is_late(day("2025-03-04"), day("2025-03-04")));
	cr_assert(case_step_is_late(day("2025-03-04"), day("2025-03-05")));
}

Test(case_steps, negative_step_days_are_refused)
{
	struct bm_error err = {0};
	struct case_step_time steps[] = {
		{.days = 1, .finished = CASE_NO_DATE},
		{.days = -1, .finished = CASE_NO_DATE},
	};
	cr_assert_eq(case_steps_due(official, day("2025-03-03"), steps, 2, &err), -1);
	cr_assert_str_eq(err.code, "invalid_step_days");
	cr_assert_str_eq(err.message, "第 2 个办理环节的时限或暂停天数不能为负数");
}

/* ---- village agency ---- */

static const char *handover(const char *received, bool urgent)
{
	struct bm_error err = {0};
	int due = 0;
	cr_assert_eq(case_handover_due(official, day(received), urgent, &due, &err), 0, "%s",
		     err.message);
	return text_of(due);
}

Test(case_handover, three_working_days_over_a_weekend)
{
	/* Received Thursday 2025-03-13: Fri 14, Mon 17, Tue 18. */
	cr_assert_str_eq(handover("2025-03-13", false), "2025-03-18");
}

Test(case_handover, three_working_days_over_national_day_end_on_the_makeup_saturday)
{
	/* Received Tue 2025-09-30: Thu 10-09, Fri 10-10, make-up Sat 10-11. */
	cr_assert_str_eq(handover("2025-09-30", false), "2025-10-11");
}

Test(case_handover, urgent_is_the_same_day)
{
	cr_assert_str_eq(handover("2025-03-13", true), "2025-03-13");
}

Test(case_handover, urgent_on_a_holiday_is_still_the_same_day)
{
	cr_assert_str_eq(handover("2025-10-01", true), "2025-10-01");
}

/* ---- 容缺受理 ---- */

static int supply_check(const char *accepted, int days, const char *supply, struct bm_error *err)
{
	return case_deferred_supply_valid(official, day(accepted), days, day(supply), err);
}

Test(case_deferred, supply_date_on_the_due_date_is_accepted)
{
	/* Accepted 2025-04-30 with 1 day: due 2025-05-06. */
	struct bm_error err = {0};
	cr_assert_eq(supply_check("2025-04-30", 1, "2025-05-06", &err), 0, "%s", err.message);
}

Test(case_deferred, supply_date_on_the_acceptance_day_is_accepted)
{
	struct bm_error err = {0};
	cr_assert_eq(supply_check("2025-04-30", 1, "2025-04-30", &err), 0, "%s", err.message);
}

Test(case_deferred, supply_date_after_the_due_date_is_refused)
{
	struct bm_error err = {0};
	cr_assert_eq(supply_check("2025-04-30", 1, "2025-05-07", &err), -1);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "invalid_supply_date");
	cr_assert_str_eq(err.message, "容缺材料承诺补齐日期 2025-05-07 应在受理日期 2025-04-30 "
				      "至承诺办结日期 2025-05-06 之间");
}

Test(case_deferred, supply_date_before_the_acceptance_is_refused)
{
	struct bm_error err = {0};
	cr_assert_eq(supply_check("2025-04-30", 1, "2025-04-29", &err), -1);
	cr_assert_str_eq(err.code, "invalid_supply_date");
}

Test(case_deferred, instant_item_has_no_limit_to_promise_against)
{
	struct bm_error err = {0};
	cr_assert_eq(supply_check("2025-04-30", 0, "2025-04-30", &err), -1);
	cr_assert_str_eq(err.code, "invalid_promised_days");
}

Test(case_deferred, promise_expires_the_day_after_the_supply_date)
{
	cr_assert_not(case_deferred_expired(day("2025-05-06"), day("2025-05-06")));
	cr_assert(case_deferred_expired(day("2025-05-06"), day("2025-05-07")));
}

/* ---- 一次性告知 ---- */

static json_t *notice(void)
{
	return json_pack("[{s:s, s:s}, {s:s, s:s}]", "name", "户口簿", "basis", "《户口登记条例》",
			 "name", "结婚证", "basis", "《婚姻登记条例》");
}

Test(case_notice, material_listed_on_the_notice_is_no_breach)
{
	json_t *n = notice();
	cr_assert_not(case_request_is_breach(n, "结婚证"));
	json_decref(n);
}

Test(case_notice, material_missing_from_the_notice_is_a_breach)
{
	json_t *n = notice();
	cr_assert(case_request_is_breach(n, "收入证明"));
	json_decref(n);
}

Test(case_notice, names_compare_exactly_after_trimming_white_space)
{
	json_t *n = notice();
	cr_assert_not(case_request_is_breach(n, " 户口簿 "));
	cr_assert(case_request_is_breach(n, "户口簿复印件"));
	json_decref(n);
}

Test(case_notice, notice_may_list_names_as_plain_strings)
{
	json_t *n = json_pack("[s, s]", "身份证", "户口簿");
	cr_assert_not(case_request_is_breach(n, "户口簿"));
	cr_assert(case_request_is_breach(n, "结婚证"));
	json_decref(n);
}

Test(case_notice, without_a_notice_every_later_request_is_a_breach)
{
	json_t *empty = json_array();
	cr_assert(case_request_is_breach(NULL, "户口簿"));
	cr_assert(case_request_is_breach(empty, "户口簿"));
	json_decref(empty);
}

Test(case_notice, request_without_a_name_asks_for_nothing)
{
	json_t *n = notice();
	cr_assert_not(case_request_is_breach(n, ""));
	cr_assert_not(case_request_is_breach(n, "  "));
	cr_assert_not(case_request_is_breach(n, NULL));
	json_decref(n);
}
