/*
** queue.h — queue numbers (排队叫号): taking a number, calling at windows, the moves of a
** ticket, and what the hall display and a ticket holder's phone read.
**
** The rules themselves (call order, legal moves, no-show after N calls, estimates) are in
** queue_rules.h; this module reads and writes tickets (schema 0005) around them, against the
** venue's groups and windows (schema 0004, domain/window.h).
**
** Every change runs inside the caller's db_transaction(): it writes the ticket, one
** ticket_events row (the history, and the event the live pages get), an audit entry, and queues
** the event with db_notify(), so it reaches the displays of every server process only once it
** has committed. Two windows calling at the same moment cannot get the same ticket because
** write transactions run one at a time on both engines (db.h) and the ticket is chosen and
** marked in the same transaction.
**
** Days: a ticket belongs to the China-time date it was taken on (service_date); numbers
** restart at 1 each day per group; only today's waiting tickets can be called.
**
** Ownership: every json_t ** out parameter receives a new reference the caller owns.
*/
#ifndef BM_QUEUE_H
#define BM_QUEUE_H

#include "core/error.h"
#include "domain/audit.h"
#include "domain/queue_rules.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* Settings key for N, the calls before a no-show may be recorded (default 3). */
#define QUEUE_SETTING_MAX_CALLS "queue_max_calls"

/* Events kept for a display that reconnects; older gaps answer "reset" (reload). */
#define QUEUE_REPLAY_LIMIT 200

struct queue_take_input {
	int64_t venue_id;
	int64_t group_id;           /* one of the venue's active groups */
	const char *priority_kind;  /* NULL: ordinary; elderly, disabled, military, pregnant, other */
	bool appointment;           /* from an appointment: slot_start < slot_end */
	int64_t slot_start, slot_end;
};

/* Takes a number. 404 venue_not_found / group_not_found; 409 daily_cap_reached. *out is the
 * ticket (queue_ticket_json) plus people_ahead, estimated_wait_minutes, waiting_alert and key. */
int queue_take(struct db *db, const struct queue_take_input *in, const struct audit_actor *actor,
	       int64_t now, json_t **out, struct bm_error *err);

/* Calls the next ticket for a window (call order in queue_rules.h). *out is the ticket, or JSON
 * null when nobody waits. 404 window_not_found; 409 window_inactive, window_busy (the window
 * still has a ticket called or being served). */
int queue_call_next(struct db *db, int64_t window_id, const struct audit_actor *actor, int64_t now,
		    json_t **out, struct bm_error *err);

/* Arguments of the other moves (fields not used by a move are ignored). */
struct queue_move_input {
	const char *case_no;        /* finish: the case created, if any */
	int64_t to_window_id;       /* transfer: to this window (0: none) ... */
	int64_t to_group_id;        /* ... or to this group (0: none); exactly one of them */
	const char *note;           /* transfer: why (may be NULL) */
};

/* recall, start, finish, no_show, transfer (not call: queue_call_next). 404 ticket_not_found;
 * 409 illegal_transition, recall_limit, too_few_calls, ticket_not_today; 400/404 for a bad
 * transfer target. *out is the ticket after the move. */
int queue_move(struct db *db, int64_t ticket_id, enum ticket_action action,
	       const struct queue_move_input *in, const struct audit_actor *actor, int64_t now,
	       json_t **out, struct bm_error *err);

/* The venue of a ticket / a window, for scope checks. 1 found, 0 not, -1 error. */
int queue_ticket_venue(struct db *db, int64_t ticket_id, int64_t *venue_id, struct bm_error *err);
int queue_window_venue(struct db *db, int64_t window_id, int64_t *venue_id, struct bm_error *err);

/* A ticket as staff see it. 404 ticket_not_found. */
int queue_ticket_get(struct db *db, int64_t ticket_id, int64_t now, json_t **out,
		     struct bm_error *err);
/* What the holder's phone shows: no personal or internal data; a wrong key is the same 404
 * ticket_not_found as a wrong id. Once done, a ticket that led to a case carries `rating`
 * {case_no, key}: the proof the rating page needs (else null). */
int queue_ticket_public(struct db *db, int64_t ticket_id, const char *key, int64_t now,
			json_t **out, struct bm_error *err);

/* 1 when `key` is the ticket's key, 0 when not (or no such ticket), -1 on error. */
int queue_ticket_key_ok(struct db *db, int64_t ticket_id, const char *key, struct bm_error *err);

/* The venue's queue now: groups with waiting counts (and alerts), the tickets being called or
 * served, the last calls, and last_event_id (what a display subscribes from). */
int queue_venue_state(struct db *db, int64_t venue_id, int64_t now, json_t **out,
		      struct bm_error *err);

/* Events of the venue after `after_id`, oldest first: [{id, type, data (JSON text)}]. When
 * more than QUEUE_REPLAY_LIMIT were missed, *complete is false and the list holds the first
 * QUEUE_REPLAY_LIMIT + 1 of them: the page should reload the state instead of replaying. */
int queue_events_since(struct db *db, int64_t venue_id, int64_t after_id, json_t **out,
		       bool *complete, struct bm_error *err);

/* Statistics of one day ('YYYY-MM-DD'): for the venue, per group, per window and per hour of
 * taking: tickets taken, served, no-shows, still waiting, and mean waiting, walk-to-counter,
 * service and total times in seconds. 404 venue_not_found. */
int queue_stats(struct db *db, int64_t venue_id, const char *date, json_t **out,
		struct bm_error *err);

#endif
