/*
** queue_rules.c — call order, ticket moves and estimates (see queue_rules.h). No storage here:
** queue.c reads the candidates and applies the verdicts.
*/
#include "domain/queue_rules.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[TICKET_STATUS_COUNT] = {
	[TICKET_WAITING] = "waiting", [TICKET_CALLED] = "called", [TICKET_SERVING] = "serving",
	[TICKET_DONE] = "done",       [TICKET_NO_SHOW] = "no_show",
};

static const char *const status_labels[TICKET_STATUS_COUNT] = {
	[TICKET_WAITING] = "等候中", [TICKET_CALLED] = "已叫号", [TICKET_SERVING] = "办理中",
	[TICKET_DONE] = "已办结",    [TICKET_NO_SHOW] = "过号",
};

static const char *const action_names[TICKET_ACTION_COUNT] = {
	[TICKET_CALL] = "call",       [TICKET_RECALL] = "recall",   [TICKET_START] = "start",
	[TICKET_FINISH] = "finish",   [TICKET_NO_SHOW_ACTION] = "no_show",
	[TICKET_TRANSFER] = "transfer",
};

const char *ticket_status_name(enum ticket_status s)
{
	return s < TICKET_STATUS_COUNT ? status_names[s] : "unknown";
}

const char *ticket_status_label(enum ticket_status s)
{
	return s < TICKET_STATUS_COUNT ? status_labels[s] : "未知";
}

int ticket_status_parse(const char *name, enum ticket_status *out)
{
	for (int s = 0; s < TICKET_STATUS_COUNT; s++)
		if (name && strcmp(name, status_names[s]) == 0) {
			*out = (enum ticket_status)s;
			return 0;
		}
	return -1;
}

const char *ticket_action_name(enum ticket_action a)
{
	return a < TICKET_ACTION_COUNT ? action_names[a] : "unknown";
}

/* The legal moves: from-status → status after, or -1. */
static const int moves[TICKET_STATUS_COUNT][TICKET_ACTION_COUNT] = {
	[TICKET_WAITING] = {[TICKET_CALL] = TICKET_CALLED, [TICKET_RECALL] = -1, [TICKET_START] = -1,
			    [TICKET_FINISH] = -1, [TICKET_NO_SHOW_ACTION] = -1,
			    [TICKET_TRANSFER] = TICKET_WAITING},
	[TICKET_CALLED] = {[TICKET_CALL] = -1, [TICKET_RECALL] = TICKET_CALLED,
			   [TICKET_START] = TICKET_SERVING, [TICKET_FINISH] = -1,
			   [TICKET_NO_SHOW_ACTION] = TICKET_NO_SHOW, [TICKET_TRANSFER] = TICKET_WAITING},
	[TICKET_SERVING] = {[TICKET_CALL] = -1, [TICKET_RECALL] = -1, [TICKET_START] = -1,
			    [TICKET_FINISH] = TICKET_DONE, [TICKET_NO_SHOW_ACTION] = -1,
			    [TICKET_TRANSFER] = TICKET_WAITING},
	[TICKET_DONE] = {-1, -1, -1, -1, -1, -1},
	[TICKET_NO_SHOW] = {-1, -1, -1, -1, -1, -1},
};

enum queue_verdict queue_check_move(enum ticket_status from, enum ticket_action action,
				    int64_t call_count, int64_t max_calls)
{
	if (from >= TICKET_STATUS_COUNT || action >= TICKET_ACTION_COUNT || moves[from][action] < 0)
		return QUEUE_ILLEGAL;
	if (max_calls < 1)
		max_calls = 1;
	if (action == TICKET_RECALL && call_count >= max_calls)
		return QUEUE_RECALL_LIMIT;
	if (action == TICKET_NO_SHOW_ACTION && call_count < max_calls)
		return QUEUE_TOO_FEW_CALLS;
	return QUEUE_OK;
}

enum ticket_status queue_status_after(enum ticket_status from, enum ticket_action action)
{
	return (enum ticket_status)moves[from][action];
}

int queue_tier(const struct queue_candidate *c, int64_t now)
{
	if (c->appointment && c->slot_start <= now && now < c->slot_end)
		return 0;
	if (c->transferred)
		return 1;
	return c->priority ? 2 : 3;
}

bool queue_before(const struct queue_candidate *a, const struct queue_candidate *b, int64_t now)
{
	int ta = queue_tier(a, now), tb = queue_tier(b, now);
	if (ta != tb)
		return ta < tb;
	if (ta == 0 && a->slot_start != b->slot_start)
		return a->slot_start < b->slot_start;
	if (a->queued_at != b->queued_at)
		return a->queued_at < b->queued_at;
	return a->id < b->id;
}

int queue_pick(const struct queue_candidate *c, int n, int64_t now)
{
	int best = -1;
	for (int i = 0; i < n; i++)
		if (best < 0 || queue_before(&c[i], &c[best], now))
			best = i;
	return best;
}

int queue_ahead(const struct queue_candidate *c, int n, const struct queue_candidate *me, int64_t now)
{
	int ahead = 0;
	for (int i = 0; i < n; i++)
		if (c[i].id != me->id && queue_before(&c[i], me, now))
			ahead++;
	return ahead;
}

int64_t queue_estimate_minutes(int64_t ahead, int64_t avg_service_seconds, int64_t windows)
{
	if (ahead <= 0)
		return 0;
	if (windows < 1)
		windows = 1;
	if (avg_service_seconds <= 0)
		avg_service_seconds = QUEUE_DEFAULT_SERVICE_SECONDS;
	int64_t seconds = ahead * avg_service_seconds / windows;
	return (seconds + 59) / 60;
}

void queue_format_number(const char *prefix, int64_t seq, char out[16])
{
	snprintf(out, 16, "%.2s%03lld", prefix, (long long)seq);
}
