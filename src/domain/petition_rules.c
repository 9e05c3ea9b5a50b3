/*
** petition_rules.c — the petition state machine and its time limits (see petition_rules.h).
**
** As in case_rules.c, the transition table is data, one row per state, stored plus one so that
** the zero of an unlisted entry means "no such move".
*/
#include "domain/petition_rules.h"

#include <string.h>

static const struct {
	const char *name;
	const char *label;
} state_names[PETITION_STATE_COUNT] = {
	[PETITION_REGISTERED] = {"registered", "已登记"},
	[PETITION_ACCEPTED] = {"accepted", "已受理"},
	[PETITION_TRANSFERRED] = {"transferred", "已转办"},
	[PETITION_REPLIED] = {"replied", "已答复"},
	[PETITION_CLOSED] = {"closed", "已办结"},
	[PETITION_DECLINED] = {"declined", "不予受理"},
};

static const struct {
	const char *name;
	const char *label;
} action_names[PETITION_ACTION_COUNT] = {
	[PETITION_ACCEPT] = {"accept", "受理"},
	[PETITION_DECLINE] = {"decline", "不予受理"},
	[PETITION_ASSIGN] = {"assign", "指派承办人"},
	[PETITION_MEDIATE] = {"mediate", "调处"},
	[PETITION_TRANSFER] = {"transfer", "转送交办"},
	[PETITION_REPLY] = {"reply", "答复"},
	[PETITION_CLOSE] = {"close", "办结"},
};

#define TO(state) ((unsigned char)((state) + 1))
#define NONE 0

static const unsigned char next[PETITION_STATE_COUNT][PETITION_ACTION_COUNT] = {
	/* Received: decide within the limit whether it is ours (accept), not a matter for
	 * 信访 at all (decline, with reasons), or another unit's (transfer). A handler may be
	 * named first. */
	[PETITION_REGISTERED] = {
		[PETITION_ACCEPT] = TO(PETITION_ACCEPTED),
		[PETITION_DECLINE] = TO(PETITION_DECLINED),
		[PETITION_TRANSFER] = TO(PETITION_TRANSFERRED),
		[PETITION_ASSIGN] = TO(PETITION_REGISTERED),
	},
	/* Ours: the handler mediates as often as it takes, or hands the matter to the
	 * responsible unit, and answers within the limit. */
	[PETITION_ACCEPTED] = {
		[PETITION_ASSIGN] = TO(PETITION_ACCEPTED),
		[PETITION_MEDIATE] = TO(PETITION_ACCEPTED),
		[PETITION_TRANSFER] = TO(PETITION_TRANSFERRED),
		[PETITION_REPLY] = TO(PETITION_REPLIED),
	},
	/* With the responsible unit: followed up by a named person until its answer is given. */
	[PETITION_TRANSFERRED] = {
		[PETITION_ASSIGN] = TO(PETITION_TRANSFERRED),
		[PETITION_REPLY] = TO(PETITION_REPLIED),
	},
	/* Answered: closed once the outcome and the petitioner's response are on record. */
	[PETITION_REPLIED] = {
		[PETITION_CLOSE] = TO(PETITION_CLOSED),
	},
};

static bool state_ok(enum petition_state s)
{
	return (unsigned)s < PETITION_STATE_COUNT;
}

static bool action_ok(enum petition_action a)
{
	return (unsigned)a < PETITION_ACTION_COUNT;
}

const char *petition_state_name(enum petition_state s)
{
	return state_ok(s) ? state_names[s].name : NULL;
}

const char *petition_state_label(enum petition_state s)
{
	return state_ok(s) ? state_names[s].label : NULL;
}

const char *petition_action_name(enum petition_action a)
{
	return action_ok(a) ? action_names[a].name : NULL;
}

const char *petition_action_label(enum petition_action a)
{
	return action_ok(a) ? action_names[a].label : NULL;
}

int petition_state_parse(const char *name, enum petition_state *out)
{
	for (int i = 0; name && i < PETITION_STATE_COUNT; i++)
		if (strcmp(name, state_names[i].name) == 0) {
			*out = (enum petition_state)i;
			return 0;
		}
	return -1;
}

int petition_action_parse(const char *name, enum petition_action *out)
{
	for (int i = 0; name && i < PETITION_ACTION_COUNT; i++)
		if (strcmp(name, action_names[i].name) == 0) {
			*out = (enum petition_action)i;
			return 0;
		}
	return -1;
}

bool petition_state_is_final(enum petition_state s)
{
	if (!state_ok(s))
		return false;
	for (int a = 0; a < PETITION_ACTION_COUNT; a++)
		if (next[s][a] != NONE)
			return false;
	return true;
}

int petition_transition(enum petition_state from, enum petition_action act,
			enum petition_state *to, struct bm_error *err)
{
	if (!state_ok(from) || !action_ok(act))
		return bm_error_internal(err, "petition_transition: state or action out of range");
	if (next[from][act] == NONE)
		return bm_error_set(err, 409, "illegal_transition", "信访件当前状态为“%s”，不能执行“%s”",
				    state_names[from].label, action_names[act].label);
	*to = (enum petition_state)(next[from][act] - 1);
	return 0;
}

int petition_limit_end(const struct calendar *cal, int start, int days, int *end,
		       struct bm_error *err)
{
	if (days < 1 || days > 365)
		return bm_error_set(err, 400, "invalid_time_limit", "时限应为 1 到 365 日（当前 %d）", days);
	int last = start + days;
	bool working = true;
	struct bm_error ignored = {0};
	/* Outside the loaded years the question has no answer: the plain date stands. */
	if (cal && calendar_is_working_day(cal, last, &working, &ignored) == 0 && !working &&
	    calendar_add_working_days(cal, last, 1, &last, &ignored) < 0)
		last = start + days;
	*end = last;
	return 0;
}

enum petition_overdue petition_overdue_on(enum petition_state s, int accept_due, int reply_due,
					  int today)
{
	if (s == PETITION_REGISTERED && today > accept_due)
		return PETITION_ACCEPT_OVERDUE;
	if ((s == PETITION_ACCEPTED || s == PETITION_TRANSFERRED) && reply_due != PETITION_NO_DATE &&
	    today > reply_due)
		return PETITION_REPLY_OVERDUE;
	return PETITION_ON_TIME;
}
