/*
** test_queue_rules.c — who is called next, which moves a ticket may make, and estimates
** (domain/queue_rules.h).
*/
#include "domain/queue_rules.h"

#include <criterion/criterion.h>

#define NOW 1758850000 /* any moment */

static struct queue_candidate walk_in(int64_t id, int64_t queued_at)
{
	return (struct queue_candidate){.id = id, .queued_at = queued_at};
}

Test(queue_order, oldest_walk_in_is_called_first)
{
	struct queue_candidate c[] = {walk_in(3, NOW - 60), walk_in(1, NOW - 600), walk_in(2, NOW - 300)};
	cr_assert_eq(queue_pick(c, 3, NOW), 1);
}

Test(queue_order, same_second_falls_back_to_the_lower_id)
{
	struct queue_candidate c[] = {walk_in(9, NOW - 60), walk_in(4, NOW - 60)};
	cr_assert_eq(queue_pick(c, 2, NOW), 1);
}

Test(queue_order, priority_lane_goes_before_older_walk_ins)
{
	struct queue_candidate c[] = {walk_in(1, NOW - 900), walk_in(2, NOW - 10)};
	c[1].priority = true;
	cr_assert_eq(queue_pick(c, 2, NOW), 1);
}

Test(queue_order, appointment_in_its_slot_goes_before_the_priority_lane)
{
	struct queue_candidate c[] = {walk_in(1, NOW - 900), walk_in(2, NOW - 5)};
	c[0].priority = true;
	c[1].appointment = true;
	c[1].slot_start = NOW - 60;
	c[1].slot_end = NOW + 1740;
	cr_assert_eq(queue_pick(c, 2, NOW), 1);
	cr_assert_eq(queue_tier(&c[1], NOW), 0);
}

Test(queue_order, appointment_before_its_slot_waits_like_a_walk_in)
{
	struct queue_candidate c[] = {walk_in(1, NOW - 900), walk_in(2, NOW - 1000)};
	c[0].appointment = true;
	c[0].slot_start = NOW + 600;
	c[0].slot_end = NOW + 2400;
	cr_assert_eq(queue_tier(&c[0], NOW), 3);
	cr_assert_eq(queue_pick(c, 2, NOW), 1, "the older walk-in first");
	cr_assert_eq(queue_pick(c, 2, NOW + 700), 0, "once the slot runs, the appointment first");
}

Test(queue_order, appointment_after_its_slot_loses_precedence)
{
	struct queue_candidate a = walk_in(1, NOW - 100);
	a.appointment = true;
	a.slot_start = NOW - 3600;
	a.slot_end = NOW - 1800;
	cr_assert_eq(queue_tier(&a, NOW), 3);
}

Test(queue_order, earlier_slot_first_among_appointments)
{
	struct queue_candidate c[] = {walk_in(1, NOW - 10), walk_in(2, NOW - 5)};
	for (int i = 0; i < 2; i++) {
		c[i].appointment = true;
		c[i].slot_end = NOW + 1800;
	}
	c[0].slot_start = NOW - 60;
	c[1].slot_start = NOW - 600;
	cr_assert_eq(queue_pick(c, 2, NOW), 1);
}

Test(queue_order, transferred_ticket_goes_before_the_priority_lane)
{
	struct queue_candidate c[] = {walk_in(1, NOW - 900), walk_in(2, NOW)};
	c[0].priority = true;
	c[1].transferred = true;
	cr_assert_eq(queue_pick(c, 2, NOW), 1);
}

Test(queue_order, empty_queue_picks_nobody)
{
	cr_assert_eq(queue_pick(NULL, 0, NOW), -1);
}

Test(queue_order, people_ahead_counts_those_called_before_me)
{
	struct queue_candidate c[] = {walk_in(1, NOW - 900), walk_in(2, NOW - 600), walk_in(3, NOW - 300),
				      walk_in(4, NOW - 100)};
	c[3].priority = true;
	cr_assert_eq(queue_ahead(c, 4, &c[2], NOW), 3, "two older walk-ins and one priority");
	cr_assert_eq(queue_ahead(c, 4, &c[3], NOW), 0);
	cr_assert_eq(queue_ahead(c, 4, &c[0], NOW), 1);
}

Test(queue_moves, the_legal_path_of_a_served_ticket)
{
	cr_assert_eq(queue_check_move(TICKET_WAITING, TICKET_CALL, 0, 3), QUEUE_OK);
	cr_assert_eq(queue_status_after(TICKET_WAITING, TICKET_CALL), TICKET_CALLED);
	cr_assert_eq(queue_check_move(TICKET_CALLED, TICKET_START, 1, 3), QUEUE_OK);
	cr_assert_eq(queue_status_after(TICKET_CALLED, TICKET_START), TICKET_SERVING);
	cr_assert_eq(queue_check_move(TICKET_SERVING, TICKET_FINISH, 1, 3), QUEUE_OK);
	cr_assert_eq(queue_status_after(TICKET_SERVING, TICKET_FINISH), TICKET_DONE);
}

Test(queue_moves, finished_and_no_show_tickets_are_final)
{
	for (int a = 0; a < TICKET_ACTION_COUNT; a++) {
		cr_assert_eq(queue_check_move(TICKET_DONE, (enum ticket_action)a, 3, 3), QUEUE_ILLEGAL);
		cr_assert_eq(queue_check_move(TICKET_NO_SHOW, (enum ticket_action)a, 3, 3), QUEUE_ILLEGAL);
	}
}

/* One move and what the rules say about it. */
struct move_case {
	enum ticket_status from;
	enum ticket_action action;
	int64_t calls, max_calls;
	enum queue_verdict want;
};

static void check_moves(const struct move_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(queue_check_move(c[i].from, c[i].action, c[i].calls, c[i].max_calls),
			     c[i].want, "case %zu: %s after %lld of %lld calls", i,
			     ticket_action_name(c[i].action), (long long)c[i].calls,
			     (long long)c[i].max_calls);
}

Test(queue_moves, cannot_start_or_finish_out_of_turn)
{
	static const struct move_case c[] = {
		{TICKET_CALLED, TICKET_FINISH, 1, 3, QUEUE_ILLEGAL},
		{TICKET_WAITING, TICKET_START, 0, 3, QUEUE_ILLEGAL},
		{TICKET_SERVING, TICKET_CALL, 1, 3, QUEUE_ILLEGAL},
	};
	check_moves(c, sizeof c / sizeof *c);
}

Test(queue_no_show, needs_n_calls_first_and_recall_stops_there)
{
	static const struct move_case c[] = {
		{TICKET_CALLED, TICKET_NO_SHOW_ACTION, 1, 3, QUEUE_TOO_FEW_CALLS},
		{TICKET_CALLED, TICKET_NO_SHOW_ACTION, 2, 3, QUEUE_TOO_FEW_CALLS},
		{TICKET_CALLED, TICKET_NO_SHOW_ACTION, 3, 3, QUEUE_OK},
		{TICKET_CALLED, TICKET_RECALL, 2, 3, QUEUE_OK},
		{TICKET_CALLED, TICKET_RECALL, 3, 3, QUEUE_RECALL_LIMIT},
		{TICKET_WAITING, TICKET_NO_SHOW_ACTION, 3, 3, QUEUE_ILLEGAL},
	};
	check_moves(c, sizeof c / sizeof *c);
	cr_assert_eq(queue_status_after(TICKET_CALLED, TICKET_NO_SHOW_ACTION), TICKET_NO_SHOW);
}

Test(queue_no_show, n_is_configurable_and_at_least_one)
{
	static const struct move_case c[] = {
		{TICKET_CALLED, TICKET_NO_SHOW_ACTION, 1, 1, QUEUE_OK},
		{TICKET_CALLED, TICKET_NO_SHOW_ACTION, 1, 0, QUEUE_OK},
		{TICKET_CALLED, TICKET_NO_SHOW_ACTION, 4, 5, QUEUE_TOO_FEW_CALLS},
	};
	check_moves(c, sizeof c / sizeof *c);
}

Test(queue_moves, transfer_from_any_open_status_requeues)
{
	static const struct move_case c[] = {
		{TICKET_WAITING, TICKET_TRANSFER, 0, 3, QUEUE_OK},
		{TICKET_CALLED, TICKET_TRANSFER, 1, 3, QUEUE_OK},
		{TICKET_SERVING, TICKET_TRANSFER, 1, 3, QUEUE_OK},
	};
	check_moves(c, sizeof c / sizeof *c);
	cr_assert_eq(queue_status_after(TICKET_SERVING, TICKET_TRANSFER), TICKET_WAITING);
}

Test(queue_estimate, minutes_round_up_and_share_the_windows)
{
	cr_assert_eq(queue_estimate_minutes(0, 300, 2), 0);
	cr_assert_eq(queue_estimate_minutes(3, 300, 1), 15);
	cr_assert_eq(queue_estimate_minutes(3, 300, 2), 8, "7.5 minutes rounds up");
	cr_assert_eq(queue_estimate_minutes(1, 0, 0), 5, "no history: 5 minutes a person");
}

Test(queue_number, prefix_and_three_digits)
{
	char n[16];
	queue_format_number("A", 12, n);
	cr_assert_str_eq(n, "A012");
	queue_format_number("SB", 1234, n);
	cr_assert_str_eq(n, "SB1234");
}

Test(queue_status, names_round_trip)
{
	for (int s = 0; s < TICKET_STATUS_COUNT; s++) {
		enum ticket_status back;
		cr_assert_eq(ticket_status_parse(ticket_status_name((enum ticket_status)s), &back), 0);
		cr_assert_eq(back, s);
	}
	enum ticket_status x;
	cr_assert_eq(ticket_status_parse("transferred", &x), -1);
}
