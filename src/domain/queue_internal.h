/*
** queue_internal.h — what queue.c, queue_view.c and queue_stats.c share: one ticket row as a
** struct, loading it, rendering it, and the day's waiting counts. Not for other modules.
*/
#ifndef BM_QUEUE_INTERNAL_H
#define BM_QUEUE_INTERNAL_H

#include "domain/queue.h"

struct ticket {
	int64_t id, venue_id, group_id, seq;
	char venue_name[128];
	char group_code[16], group_name[64];
	char service_date[16];
	char number[16];
	bool priority;
	char priority_kind[16];     /* "" when none */
	bool appointment;
	int64_t slot_start, slot_end;
	enum ticket_status status;
	int64_t window_id;          /* 0: none */
	int64_t window_number;
	char window_name[64];
	int64_t target_window_id;   /* 0: none */
	int64_t transfers, call_count;
	int64_t taken_at, queued_at, first_called_at, called_at, started_at, finished_at; /* 0: not yet */
	char case_no[40];
	char key[72];
};

/* Loads a ticket. 1 found, 0 not, -1 error. */
int ticket_load(struct db *db, int64_t id, struct ticket *t, struct bm_error *err);

/* The staff view of a ticket (new reference). */
json_t *ticket_json(const struct ticket *t);

/* The ordering's view of a ticket. */
struct queue_candidate ticket_candidate(const struct ticket *t);

/* Today's waiting tickets that a window — or, with window_id 0, a group — may call: for a
 * window its groups' tickets and those transferred to it; for a group that group's tickets.
 * *out is malloc'd (caller frees), *n its length. */
int queue_candidates(struct db *db, int64_t venue_id, const char *date, int64_t window_id,
		     int64_t group_id, struct queue_candidate **out, int *n, struct bm_error *err);

/* People ahead of a waiting ticket in its line (0 unless waiting). */
int queue_people_ahead(struct db *db, const struct ticket *t, int64_t now, int64_t *ahead,
		       struct bm_error *err);

/* Minutes until `ahead` people of the group are served: the mean service time of the group's
 * last 20 finished tickets, shared by the active windows serving it. */
int queue_group_estimate(struct db *db, int64_t group_id, int64_t ahead, int64_t *minutes,
			 struct bm_error *err);

/* {"A": 3, "B": 0, ...}: waiting tickets today per group code of the venue (active groups). */
int queue_waiting_counts(struct db *db, int64_t venue_id, const char *date, json_t **out,
			 struct bm_error *err);

/* "YYYY-MM-DD" of `now` in China. */
void queue_today(int64_t now, char out[16]);

/* RFC 3339 text of t, or JSON null for 0. */
json_t *queue_time_json(int64_t t);

#endif
