/*
** test_petition_rules.c — unit tests for domain/petition_rules.c: the petition state machine,
** walked over every (state, action) pair against an independent list of the legal moves, and
** the time limits (calendar days, extended past weekends and holidays on the official 2025
** calendar; plain dates where no calendar covers them), and which limit a petition missed.
*/
#include "core/calendar.h"
#include "core/date.h"
#include "domain/petition_rules.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

static int day(const char *text)
{
	int d = 0;
	cr_assert_eq(date_parse(text, &d), 0, "bad date in test: %s", text);
	return d;
}

static const char *text_of(int d)
{
	static char text[DATE_TEXT_SIZE];
	date_format(d, text);
	return text;
}

/* ---- the state machine ---- */

static const struct {
	enum petition_state from;
	enum petition_action act;
	enum petition_state to;
} legal[] = {
	{PETITION_REGISTERED, PETITION_ACCEPT, PETITION_ACCEPTED},
	{PETITION_REGISTERED, PETITION_DECLINE, PETITION_DECLINED},
	{PETITION_REGISTERED, PETITION_TRANSFER, PETITION_TRANSFERRED},
	{PETITION_REGISTERED, PETITION_ASSIGN, PETITION_REGISTERED},
	{PETITION_ACCEPTED, PETITION_ASSIGN, PETITION_ACCEPTED},
	{PETITION_ACCEPTED, PETITION_MEDIATE, PETITION_ACCEPTED},
	{PETITION_ACCEPTED, PETITION_TRANSFER, PETITION_TRANSFERRED},
	{PETITION_ACCEPTED, PETITION_REPLY, PETITION_REPLIED},
	{PETITION_TRANSFERRED, PETITION_ASSIGN, PETITION_TRANSFERRED},
	{PETITION_TRANSFERRED, PETITION_REPLY, PETITION_REPLIED},
	{PETITION_REPLIED, PETITION_CLOSE, PETITION_CLOSED},
};

Test(petition_state, every_state_and_action_pair_follows_the_list_of_legal_moves)
{
	for (int s = 0; s < PETITION_STATE_COUNT; s++)
		for (int a = 0; a < PETITION_ACTION_COUNT; a++) {
			int expected = -1;
			for (size_t i = 0; i < sizeof legal / sizeof legal[0]; i++)
				if (legal[i].from == (enum petition_state)s &&
				    legal[i].act == (enum petition_action)a)
					expected = (int)legal[i].to;
			enum petition_state to = PETITION_STATE_COUNT;
			struct bm_error err = {0};
			int rc = petition_transition(s, a, &to, &err);
			if (expected < 0) {
				cr_assert_eq(rc, -1, "%s --%s--> should be illegal",
					     petition_state_name(s), petition_action_name(a));
				cr_assert_str_eq(err.code, "illegal_transition");
				cr_assert_eq(err.http_status, 409);
				cr_assert_eq(to, PETITION_STATE_COUNT, "*to untouched on failure");
			} else {
				cr_assert_eq(rc, 0, "%s --%s--> should be legal: %s",
					     petition_state_name(s), petition_action_name(a), err.message);
				cr_assert_eq((int)to, expected);
			}
		}
}

Test(petition_state, closed_and_declined_are_final_and_nothing_else_is)
{
	for (int s = 0; s < PETITION_STATE_COUNT; s++)
		cr_assert_eq(petition_state_is_final(s), s == PETITION_CLOSED || s == PETITION_DECLINED,
			     "%s", petition_state_name(s));
}

Test(petition_state, the_refusal_names_both_in_chinese)
{
	enum petition_state to;
	struct bm_error err = {0};
	cr_assert_eq(petition_transition(PETITION_CLOSED, PETITION_REPLY, &to, &err), -1);
	cr_assert_str_eq(err.message, "信访件当前状态为“已办结”，不能执行“答复”");
}

Test(petition_state, names_parse_back_and_unknown_names_do_not)
{
	for (int s = 0; s < PETITION_STATE_COUNT; s++) {
		enum petition_state back;
		cr_assert_eq(petition_state_parse(petition_state_name(s), &back), 0);
		cr_assert_eq((int)back, s);
		cr_assert_not_null(petition_state_label(s));
	}
	for (int a = 0; a < PETITION_ACTION_COUNT; a++) {
		enum petition_action back;
		cr_assert_eq(petition_action_parse(petition_action_name(a), &back), 0);
		cr_assert_eq((int)back, a);
	}
	enum petition_action act;
	cr_assert_eq(petition_action_parse("escalate", &act), -1);
	cr_assert_eq(petition_action_parse(NULL, &act), -1);
	cr_assert_null(petition_state_name(PETITION_STATE_COUNT));
}

/* ---- time limits ---- */

static struct calendar *official;

static void official_setup(void)
{
	official = t_official_calendar();
}

static void official_teardown(void)
{
	calendar_free(official);
}

TestSuite(petition_limit, .init = official_setup, .fini = official_teardown);

static const char *limit_end(const struct calendar *cal, const char *start, int days)
{
	int end;
	struct bm_error err = {0};
	cr_assert_eq(petition_limit_end(cal, day(start), days, &end, &err), 0, "%s", err.message);
	return text_of(end);
}

Test(petition_limit, fifteen_calendar_days_not_counting_the_day_of_receipt)
{
	/* Received Mon 2025-09-01: the 15th day after is Tue 2025-09-16, a working day. */
	cr_assert_str_eq(limit_end(official, "2025-09-01", 15), "2025-09-16");
}

Test(petition_limit, a_limit_ending_on_a_weekend_ends_on_the_next_working_day)
{
	/* 2025-09-05 + 15 = Sat 2025-09-20 → Mon 2025-09-22. */
	cr_assert_str_eq(limit_end(official, "2025-09-05", 15), "2025-09-22");
}

Test(petition_limit, a_limit_ending_in_the_national_day_holiday_ends_after_it)
{
	/* 2025-09-16 + 15 = Wed 2025-10-01, off until 10-08: the limit ends Thu 2025-10-09. */
	cr_assert_str_eq(limit_end(official, "2025-09-16", 15), "2025-10-09");
}

Test(petition_limit, a_make_up_working_saturday_is_a_working_day)
{
	/* 2025-09-13 + 15 = Sun 2025-09-28, a make-up working day (国庆节调休): it stands. */
	cr_assert_str_eq(limit_end(official, "2025-09-13", 15), "2025-09-28");
}

Test(petition_limit, without_a_calendar_for_the_year_the_plain_date_stands)
{
	cr_assert_str_eq(limit_end(official, "2030-03-20", 15), "2030-04-04");
	cr_assert_str_eq(limit_end(NULL, "2025-09-05", 15), "2025-09-20");
	/* Sixty days from late 2026 run into 2027, which is not loaded. */
	cr_assert_str_eq(limit_end(official, "2026-11-26", 60), "2027-01-25");
}

Test(petition_limit, the_limit_is_1_to_365_days)
{
	int end = 7;
	struct bm_error err = {0};
	cr_assert_eq(petition_limit_end(NULL, day("2025-09-01"), 0, &end, &err), -1);
	cr_assert_str_eq(err.code, "invalid_time_limit");
	cr_assert_eq(petition_limit_end(NULL, day("2025-09-01"), 366, &end, &err), -1);
	cr_assert_eq(end, 7, "*end untouched on failure");
	cr_assert_eq(petition_limit_end(NULL, day("2025-09-01"), 365, &end, &err), 0);
}

/* ---- overdue ---- */

Test(petition_overdue, acceptance_is_overdue_the_day_after_its_limit_not_on_it)
{
	int due = day("2025-09-16");
	cr_assert_eq(petition_overdue_on(PETITION_REGISTERED, due, PETITION_NO_DATE, due),
		     PETITION_ON_TIME);
	cr_assert_eq(petition_overdue_on(PETITION_REGISTERED, due, PETITION_NO_DATE, due + 1),
		     PETITION_ACCEPT_OVERDUE);
}

Test(petition_overdue, the_reply_is_overdue_while_accepted_or_transferred_past_its_limit)
{
	int accept_due = day("2025-09-16"), reply_due = day("2025-11-15");
	cr_assert_eq(petition_overdue_on(PETITION_ACCEPTED, accept_due, reply_due, reply_due),
		     PETITION_ON_TIME);
	cr_assert_eq(petition_overdue_on(PETITION_ACCEPTED, accept_due, reply_due, reply_due + 1),
		     PETITION_REPLY_OVERDUE);
	cr_assert_eq(petition_overdue_on(PETITION_TRANSFERRED, accept_due, reply_due, reply_due + 9),
		     PETITION_REPLY_OVERDUE);
	cr_assert_eq(petition_overdue_on(PETITION_TRANSFERRED, accept_due, PETITION_NO_DATE,
					 reply_due + 9),
		     PETITION_ON_TIME);
}

Test(petition_overdue, answered_closed_and_declined_petitions_are_never_overdue)
{
	int due = day("2025-09-16"), late = day("2026-01-01");
	cr_assert_eq(petition_overdue_on(PETITION_REPLIED, due, due, late), PETITION_ON_TIME);
	cr_assert_eq(petition_overdue_on(PETITION_CLOSED, due, due, late), PETITION_ON_TIME);
	cr_assert_eq(petition_overdue_on(PETITION_DECLINED, due, PETITION_NO_DATE, late),
		     PETITION_ON_TIME);
}
