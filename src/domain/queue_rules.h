/*
** queue_rules.h — the rules of the queue (排队叫号) without storage: who is called next, which
** moves a ticket may make, when a no-show may be recorded, and the waiting-time estimate.
**
** Call order, for the waiting tickets a window may call (its groups' tickets, and tickets
** transferred to that window):
**   1. appointment tickets whose slot is running now (slot_start <= now < slot_end): they were
**      promised that slot — earliest slot first;
**   2. tickets transferred here: they already waited once;
**   3. the priority lane (老年人、残疾人、军人、孕妇 …);
**   4. everybody else.
** Within each tier the ticket that has been waiting longest comes first (queued_at, then id:
** ids increase with time, so equal seconds still have a fixed order). An appointment ticket
** outside its slot (early or late) waits like a walk-in.
**
** Ticket moves (status × action), anything else is illegal:
**   waiting  --call-->      called      called --recall-->  called (fewer than N calls so far)
**   called   --start-->     serving     called --no_show--> no_show (after N calls)
**   serving  --finish-->    done
**   waiting/called/serving --transfer--> waiting (in another group or at another window)
** N, the calls before a ticket may be given up, is configurable (default 3).
*/
#ifndef BM_QUEUE_RULES_H
#define BM_QUEUE_RULES_H

#include <stdbool.h>
#include <stdint.h>

#define QUEUE_DEFAULT_MAX_CALLS 3
/* Without history, a service is assumed to take this long. */
#define QUEUE_DEFAULT_SERVICE_SECONDS 300

enum ticket_status {
	TICKET_WAITING,
	TICKET_CALLED,
	TICKET_SERVING,
	TICKET_DONE,
	TICKET_NO_SHOW,
	TICKET_STATUS_COUNT
};

enum ticket_action {
	TICKET_CALL,
	TICKET_RECALL,
	TICKET_START,
	TICKET_FINISH,
	TICKET_NO_SHOW_ACTION,
	TICKET_TRANSFER,
	TICKET_ACTION_COUNT
};

const char *ticket_status_name(enum ticket_status s);   /* "waiting" */
const char *ticket_status_label(enum ticket_status s);  /* "等候中" */
int ticket_status_parse(const char *name, enum ticket_status *out); /* 0 or -1 */
const char *ticket_action_name(enum ticket_action a);   /* "no_show", as stored in ticket_events */

/* What the rules say about one move. */
enum queue_verdict {
	QUEUE_OK,
	QUEUE_ILLEGAL,        /* not a legal move from this status */
	QUEUE_RECALL_LIMIT,   /* called N times already: record a no-show instead */
	QUEUE_TOO_FEW_CALLS,  /* a no-show needs N calls first */
};
enum queue_verdict queue_check_move(enum ticket_status from, enum ticket_action action,
				    int64_t call_count, int64_t max_calls);
/* The status after a legal move. */
enum ticket_status queue_status_after(enum ticket_status from, enum ticket_action action);

/* One waiting ticket as the ordering sees it. */
struct queue_candidate {
	int64_t id;
	bool priority;
	bool transferred;                /* queued again by a transfer */
	bool appointment;
	int64_t slot_start, slot_end;    /* appointment slot, epoch seconds */
	int64_t queued_at;               /* taken, or transferred */
};

/* 0 (appointment in its slot) .. 3 (ordinary), as listed above. */
int queue_tier(const struct queue_candidate *c, int64_t now);
/* True when a is called before b. */
bool queue_before(const struct queue_candidate *a, const struct queue_candidate *b, int64_t now);
/* Index of the ticket to call next, or -1 when n is 0. */
int queue_pick(const struct queue_candidate *c, int n, int64_t now);
/* How many of c[0..n) are called before `me` (which need not be in c). */
int queue_ahead(const struct queue_candidate *c, int n, const struct queue_candidate *me, int64_t now);

/* Minutes until `ahead` people are served by `windows` windows taking `avg_service_seconds`
 * each (rounded up; 0 when nobody is ahead; windows < 1 counts as 1). */
int64_t queue_estimate_minutes(int64_t ahead, int64_t avg_service_seconds, int64_t windows);

/* "A012": the group's prefix and the day's sequence number, at least 3 digits. */
void queue_format_number(const char *prefix, int64_t seq, char out[16]);

#endif
