/*
** case_rules.c — the case state machine and deadline arithmetic (see case_rules.h).
**
** The transition table is data, one row per state, so the whole machine can be read at a
** glance and the tests can walk every (state, action) pair. Deadline functions are thin on
** purpose: the calendar already counts working days with the start day excluded, and each
** function here only states which days a rule hands to it.
*/
#include "domain/case_rules.h"

#include "core/date.h"

#include <string.h>

static const struct {
	const char *name;
	const char *label;
} state_names[CASE_STATE_COUNT] = {
	[CASE_STATE_DRAFT] = {"draft", "登记中"},
	[CASE_STATE_NOTIFIED] = {"notified", "已一次性告知"},
	[CASE_STATE_ACCEPTED] = {"accepted", "已受理"},
	[CASE_STATE_FORWARDED] = {"forwarded", "转办中"},
	[CASE_STATE_SUSPENDED] = {"suspended", "暂停计时中"},
	[CASE_STATE_COMPLETED] = {"completed", "已办结"},
	[CASE_STATE_REJECTED_AT_INTAKE] = {"rejected_at_intake", "不予受理"},
	[CASE_STATE_DELIVERED] = {"delivered", "已送达"},
	[CASE_STATE_TERMINATED] = {"terminated", "已终止"},
};

static const struct {
	const char *name;
	const char *label;
} action_names[CASE_ACTION_COUNT] = {
	[CASE_ACTION_NOTICE] = {"notice", "一次性告知"},
	[CASE_ACTION_ACCEPT] = {"accept", "受理"},
	[CASE_ACTION_REJECT] = {"reject", "不予受理"},
	[CASE_ACTION_SUSPEND] = {"suspend", "暂停计时"},
	[CASE_ACTION_RESUME] = {"resume", "恢复计时"},
	[CASE_ACTION_FORWARD] = {"forward", "转办"},
	[CASE_ACTION_COMPLETE] = {"complete", "办结"},
	[CASE_ACTION_DELIVER] = {"deliver", "送达"},
	[CASE_ACTION_TERMINATE] = {"terminate", "终止办理"},
};

/* next[from][action] is the state the move leads to, or NONE (0) when the move is illegal.
 * States are stored plus one so that the zero of the unlisted entries means "no move". */
#define TO(state) ((unsigned char)((state) + 1))
#define NONE 0

static const unsigned char next[CASE_STATE_COUNT][CASE_ACTION_COUNT] = {
	/* Intake: the materials are checked, missing ones notified once, then the case is
	 * accepted, refused, handed on (a village agent's case goes to the town window) or
	 * withdrawn. */
	[CASE_STATE_DRAFT] = {
		[CASE_ACTION_NOTICE] = TO(CASE_STATE_NOTIFIED),
		[CASE_ACTION_ACCEPT] = TO(CASE_STATE_ACCEPTED),
		[CASE_ACTION_REJECT] = TO(CASE_STATE_REJECTED_AT_INTAKE),
		[CASE_ACTION_FORWARD] = TO(CASE_STATE_FORWARDED),
		[CASE_ACTION_TERMINATE] = TO(CASE_STATE_TERMINATED),
	},
	/* Waiting for materials: the same choices. A second notice is a later request, which
	 * the rules allow but record as a breach of 一次性告知 for every new material. */
	[CASE_STATE_NOTIFIED] = {
		[CASE_ACTION_NOTICE] = TO(CASE_STATE_NOTIFIED),
		[CASE_ACTION_ACCEPT] = TO(CASE_STATE_ACCEPTED),
		[CASE_ACTION_REJECT] = TO(CASE_STATE_REJECTED_AT_INTAKE),
		[CASE_ACTION_FORWARD] = TO(CASE_STATE_FORWARDED),
		[CASE_ACTION_TERMINATE] = TO(CASE_STATE_TERMINATED),
	},
	/* The clock runs. 补正, hearings, inspections, appraisals and expert reviews suspend it;
	 * a town may forward (转报) to a county department; the case ends decided or withdrawn
	 * (or terminated when promised 容缺 materials never came). */
	[CASE_STATE_ACCEPTED] = {
		[CASE_ACTION_SUSPEND] = TO(CASE_STATE_SUSPENDED),
		[CASE_ACTION_FORWARD] = TO(CASE_STATE_FORWARDED),
		[CASE_ACTION_COMPLETE] = TO(CASE_STATE_COMPLETED),
		[CASE_ACTION_TERMINATE] = TO(CASE_STATE_TERMINATED),
	},
	/* In transit: the receiving venue takes the case on (accept), checks its materials
	 * (notice, reject: only if nobody accepted it yet, see case_check_move), passes it on,
	 * or the applicant withdraws. Deciding needs an accepted case, so no complete here. */
	[CASE_STATE_FORWARDED] = {
		[CASE_ACTION_NOTICE] = TO(CASE_STATE_NOTIFIED),
		[CASE_ACTION_ACCEPT] = TO(CASE_STATE_ACCEPTED),
		[CASE_ACTION_REJECT] = TO(CASE_STATE_REJECTED_AT_INTAKE),
		[CASE_ACTION_FORWARD] = TO(CASE_STATE_FORWARDED),
		[CASE_ACTION_TERMINATE] = TO(CASE_STATE_TERMINATED),
	},
	/* Paused: resuming is the only way back, so every pause is closed and its days are
	 * added to the due date before anything else happens; the applicant may still withdraw
	 * (or never supply the 补正 materials). */
	[CASE_STATE_SUSPENDED] = {
		[CASE_ACTION_RESUME] = TO(CASE_STATE_ACCEPTED),
		[CASE_ACTION_TERMINATE] = TO(CASE_STATE_TERMINATED),
	},
	/* Decided: the result still has to reach the applicant where they applied. */
	[CASE_STATE_COMPLETED] = {
		[CASE_ACTION_DELIVER] = TO(CASE_STATE_DELIVERED),
	},
	/* rejected_at_intake, delivered and terminated are final: no row. */
};

static bool state_ok(enum case_state s)
{
	return (unsigned)s < CASE_STATE_COUNT;
}

static bool action_ok(enum case_action a)
{
	return (unsigned)a < CASE_ACTION_COUNT;
}

const char *case_state_name(enum case_state state)
{
	return state_ok(state) ? state_names[state].name : NULL;
}

const char *case_state_label(enum case_state state)
{
	return state_ok(state) ? state_names[state].label : NULL;
}

const char *case_action_name(enum case_action action)
{
	return action_ok(action) ? action_names[action].name : NULL;
}

const char *case_action_label(enum case_action action)
{
	return action_ok(action) ? action_names[action].label : NULL;
}

int case_state_parse(const char *name, enum case_state *out)
{
	for (int i = 0; name && i < CASE_STATE_COUNT; i++) {
		if (strcmp(name, state_names[i].name) == 0) {
			*out = (enum case_state)i;
			return 0;
		}
	}
	return -1;
}

int case_action_parse(const char *name, enum case_action *out)
{
	for (int i = 0; name && i < CASE_ACTION_COUNT; i++) {
		if (strcmp(name, action_names[i].name) == 0) {
			*out = (enum case_action)i;
			return 0;
		}
	}
	return -1;
}

bool case_state_is_final(enum case_state state)
{
	if (!state_ok(state))
		return false;
	for (int a = 0; a < CASE_ACTION_COUNT; a++)
		if (next[state][a] != NONE)
			return false;
	return true;
}

int case_transition(enum case_state from, enum case_action act, enum case_state *to,
		    struct bm_error *err)
{
	if (!state_ok(from) || !action_ok(act))
		return bm_error_internal(err, "case_transition: state or action out of range");
	if (next[from][act] == NONE)
		return bm_error_set(err, 409, "illegal_transition",
				    "办件当前状态为“%s”，不能执行“%s”", state_names[from].label,
				    action_names[act].label);
	*to = (enum case_state)(next[from][act] - 1);
	return 0;
}

int case_check_move(enum case_state from, enum case_action act, bool accepted_before,
		    enum case_state *to, struct bm_error *err)
{
	enum case_state target = from;
	if (case_transition(from, act, &target, err) < 0)
		return -1;
	/* Intake decisions belong to the venue that first examines the application; once a
	 * venue accepted it, the case is in the decision stage wherever it travels. */
	if (accepted_before && act == CASE_ACTION_NOTICE)
		return bm_error_set(err, 409, "already_accepted",
				    "办件已受理，不能再出具一次性告知书；需补正材料请“暂停计时”");
	if (accepted_before && act == CASE_ACTION_REJECT)
		return bm_error_set(err, 409, "already_accepted",
				    "办件已受理，不能不予受理；不予批准请以“办结”记录");
	*to = target;
	return 0;
}

int case_check_completion(bool approved, bool deferred_outstanding, struct bm_error *err)
{
	/* The promise was to supply the materials before the result; an approval issued without
	 * them could not be withdrawn by the termination that the missed date calls for. */
	if (approved && deferred_outstanding)
		return bm_error_set(err, 409, "deferred_materials_outstanding",
				    "容缺材料尚未补齐，不能准予办结；"
				    "请先补齐，逾期未补齐的应终止办理");
	return 0;
}

/* ---- deadlines ---- */

int case_kind_parse(const char *name, enum case_kind *out)
{
	if (name && strcmp(name, "instant") == 0)
		*out = CASE_KIND_INSTANT;
	else if (name && strcmp(name, "promised") == 0)
		*out = CASE_KIND_PROMISED;
	else
		return -1;
	return 0;
}

int case_due_date(const struct calendar *cal, int accept_date, int promised_days,
		  enum case_kind kind, int *due, struct bm_error *err)
{
	if (kind == CASE_KIND_INSTANT)
		return 0;
	if (promised_days < 1)
		return bm_error_set(err, 400, "invalid_promised_days",
				    "承诺件的承诺办结时限应至少为 1 个工作日");
	if (calendar_add_working_days(cal, accept_date, promised_days, due, err) < 0)
		return -1;
	return 1;
}

int case_paused_days(const struct calendar *cal, int pause_start, int pause_end, int *days,
		     struct bm_error *err)
{
	if (pause_end < pause_start) {
		char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
		date_format(pause_start, from);
		date_format(pause_end, to);
		return bm_error_set(err, 400, "invalid_pause",
				    "恢复计时日期 %s 早于暂停计时日期 %s", to, from);
	}
	/* (pause_start, pause_end]: exactly what the calendar counts; see case_rules.h. */
	return calendar_working_days_between(cal, pause_start, pause_end, days, err);
}

int case_extend_for_pause(const struct calendar *cal, int due, int pause_start, int pause_end,
			  int *new_due, struct bm_error *err)
{
	int paused;
	if (case_paused_days(cal, pause_start, pause_end, &paused, err) < 0)
		return -1;
	return calendar_add_working_days(cal, due, paused, new_due, err);
}

int case_steps_due(const struct calendar *cal, int accept_date, struct case_step_time *steps,
		   size_t n, struct bm_error *err)
{
	int start = accept_date;
	for (size_t i = 0; i < n; i++) {
		struct case_step_time *st = &steps[i];
		if (st->days < 0 || st->paused < 0)
			return bm_error_set(err, 400, "invalid_step_days",
					    "第 %zu 个办理环节的时限或暂停天数不能为负数", i + 1);
		/* Adding days and paused days at once equals extending the plain due date by the
		 * pause (case_extend_for_pause): both count working days from the same start. */
		if (calendar_add_working_days(cal, start, st->days + st->paused, &st->due, err) < 0)
			return -1;
		start = st->finished != CASE_NO_DATE ? st->finished : st->due;
	}
	return 0;
}

bool case_step_is_late(int step_due, int date)
{
	return date > step_due;
}

bool case_is_late(int due, int date)
{
	return date > due;
}

/* ---- village agency ---- */

int case_handover_due(const struct calendar *cal, int received_date, bool urgent, int *due,
		      struct bm_error *err)
{
	/* Urgent means at once: the day of receipt, whatever kind of day it is. */
	if (urgent) {
		*due = received_date;
		return 0;
	}
	return calendar_add_working_days(cal, received_date, CASE_HANDOVER_DAYS, due, err);
}

/* ---- 容缺受理 ---- */

int case_deferred_supply_valid(const struct calendar *cal, int accept_date, int promised_days,
			       int supply_date, struct bm_error *err)
{
	int due;
	if (case_due_date(cal, accept_date, promised_days, CASE_KIND_PROMISED, &due, err) < 0)
		return -1;
	if (supply_date < accept_date || supply_date > due) {
		char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE], got[DATE_TEXT_SIZE];
		date_format(accept_date, from);
		date_format(due, to);
		date_format(supply_date, got);
		return bm_error_set(err, 400, "invalid_supply_date",
				    "容缺材料承诺补齐日期 %s 应在受理日期 %s "
				    "至承诺办结日期 %s 之间",
				    got, from, to);
	}
	return 0;
}

bool case_deferred_expired(int supply_date, int today)
{
	return today > supply_date;
}

/* ---- 一次性告知 ---- */

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The start of s without leading ASCII white space; *len its length without trailing. */
static const char *trimmed(const char *s, size_t *len)
{
	while (blank(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && blank(s[n - 1]))
		n--;
	*len = n;
	return s;
}

bool case_request_is_breach(json_t *notice_materials, const char *material_name)
{
	if (!material_name)
		return false;
	size_t len;
	const char *name = trimmed(material_name, &len);
	if (len == 0)
		return false;
	if (!json_is_array(notice_materials))
		return true;

	size_t i;
	json_t *m;
	json_array_foreach(notice_materials, i, m) {
		json_t *name_json = json_is_object(m) ? json_object_get(m, "name") : m;
		const char *listed = json_string_value(name_json);
		if (!listed)
			continue;
		size_t listed_len;
		listed = trimmed(listed, &listed_len);
		if (listed_len == len && memcmp(listed, name, len) == 0)
			return false;
	}
	return true;
}
