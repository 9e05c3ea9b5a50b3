/*
** petition_rules.h — the rules a petition or dispute (信访调处) obeys, without storage: which
** moves are legal and when each decision is due.
**
** Pure functions of their arguments (and of the working-day calendar for the end of a time
** limit), so petition.c calls them inside its transaction and the rules are tested alone.
** Dates are day numbers (core/date.h); nothing here reads the clock.
**
** The moves (the table in petition_rules.c is the authority):
**
**   registered   accept → accepted, decline → declined (不予受理, with reasons),
**                transfer → transferred (转送 to the unit with the power to handle it),
**                assign → registered
**   accepted     assign → accepted, mediate → accepted (one session 调处, recorded),
**                transfer → transferred (交办 to the responsible unit), reply → replied
**   transferred  assign → transferred (who follows it up), reply → replied (the unit's answer
**                as given to the petitioner)
**   replied      close → closed (outcome, and the petitioner's response: satisfied,
**                unsatisfied or no response)
**   closed, declined   none (final)
**
** Time limits (《信访工作条例》, 2022): whether a petition is accepted must be decided within 15
** days of receiving it, and an accepted one answered within 60 days of acceptance; both are
** settings (petition_accept_days, petition_reply_days). They are CALENDAR days, not working
** days: the day of receipt (or acceptance) is not counted, and a limit whose last day is a
** weekend or public holiday ends on the next working day (the general rule for periods of days
** in Chinese law, 民法典 art. 201 and 203). That extension needs the working-day calendar of the
** year; where the year is not loaded the plain calendar date stands (earlier, so stricter).
*/
#ifndef BM_PETITION_RULES_H
#define BM_PETITION_RULES_H

#include "core/calendar.h"
#include "core/error.h"

#include <limits.h>
#include <stdbool.h>

enum petition_state {
	PETITION_REGISTERED,  /* "registered" 已登记: acceptance to be decided */
	PETITION_ACCEPTED,    /* "accepted" 已受理: being handled (assigned, mediated) */
	PETITION_TRANSFERRED, /* "transferred" 已转办: the responsible unit handles it */
	PETITION_REPLIED,     /* "replied" 已答复: the answer reached the petitioner */
	PETITION_CLOSED,      /* "closed" 已办结: outcome and the petitioner's response recorded */
	PETITION_DECLINED,    /* "declined" 不予受理: with stated reasons */
	PETITION_STATE_COUNT
};

enum petition_action {
	PETITION_ACCEPT,   /* "accept" 受理 */
	PETITION_DECLINE,  /* "decline" 不予受理 */
	PETITION_ASSIGN,   /* "assign" 指派承办人 */
	PETITION_MEDIATE,  /* "mediate" 调处（记录一次调解） */
	PETITION_TRANSFER, /* "transfer" 转送/交办 */
	PETITION_REPLY,    /* "reply" 答复 */
	PETITION_CLOSE,    /* "close" 办结 */
	PETITION_ACTION_COUNT
};

/* Stable snake_case names (API and database) and Chinese labels; NULL out of range. */
const char *petition_state_name(enum petition_state s);
const char *petition_state_label(enum petition_state s);
const char *petition_action_name(enum petition_action a);
const char *petition_action_label(enum petition_action a);
int petition_state_parse(const char *name, enum petition_state *out);   /* 0 or -1 */
int petition_action_parse(const char *name, enum petition_action *out); /* 0 or -1 */

/* True for closed and declined. */
bool petition_state_is_final(enum petition_state s);

/* The state `act` leads to from `from`; 409 "illegal_transition" ("信访件当前状态为“已办结”，不能
 *执行“答复”") when the table has no such move, 500 for values out of range. */
int petition_transition(enum petition_state from, enum petition_action act,
			enum petition_state *to, struct bm_error *err);

/* ---- time limits ---- */

#define PETITION_ACCEPT_DAYS_DEFAULT 15
#define PETITION_REPLY_DAYS_DEFAULT 60
#define PETITION_NO_DATE INT_MIN

/* The last day of a limit of `days` calendar days starting the day after `start`: start + days,
 * moved to the next working day when that is a weekend or holiday and `cal` (may be NULL)
 * covers it. days must be 1..365 (400 "invalid_time_limit"). Returns 0 or -1. */
int petition_limit_end(const struct calendar *cal, int start, int days, int *end,
		       struct bm_error *err);

enum petition_overdue {
	PETITION_ON_TIME,
	PETITION_ACCEPT_OVERDUE, /* still registered after accept_due */
	PETITION_REPLY_OVERDUE,  /* accepted or transferred, not answered after reply_due */
};

/* Which time limit a petition in state s has missed on `today` (working on the last day is on
 * time). reply_due may be PETITION_NO_DATE (not yet accepted). */
enum petition_overdue petition_overdue_on(enum petition_state s, int accept_due, int reply_due,
					  int today);

#endif
