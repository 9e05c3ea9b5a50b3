/*
** petition.h — petitions and disputes (信访调处) as the system keeps them.
**
** A town hall or village room registers what a petitioner brought (parties, subject, content,
** channel, the receiving org), decides within the time limit whether to accept it, names a
** handler, records mediation sessions, hands it to the responsible unit, answers it and closes
** it with the outcome and the petitioner's response. The moves and time limits are the pure
** rules of petition_rules.h; this module stores them: one row per petition, one timeline event
** per action, one audit entry per change, all in the caller's transaction. Accepting,
** declining and answering also queue a text message to the petitioner (notify.h) when the
** number given is a mobile one.
**
** Scope: a petition belongs to its receiving org; users see and act on those in their
** subtree (auth.h). Reading a whole petition (personal data) is audited too.
*/
#ifndef BM_PETITION_H
#define BM_PETITION_H

#include "core/calendar.h"
#include "core/error.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/petition_rules.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The time limits in effect: settings petition_accept_days and petition_reply_days, else the
 * defaults (15 and 60 calendar days). */
struct petition_limits {
	int accept_days;
	int reply_days;
};
int petition_limits_load(struct db *db, struct petition_limits *out, struct bm_error *err);
/* Stores both (1..365 each, 400 "invalid_time_limit"); audited. Inside a transaction. */
int petition_limits_store(struct db *db, const struct petition_limits *limits,
			  const struct audit_actor *actor, int64_t now, struct bm_error *err);

/* Registers a petition from the request body {kind, channel, org_code?, subject, content,
 * parties:[{name, role, phone?, address?}], received_on?} (the table in petition.c; org_code
 * defaults to the caller's org and must lie in their scope; received_on defaults to today and
 * may not be in the future nor more than a year back). Writes the new number ("XF20250926-0001")
 * into no. cal may be NULL (see petition_limit_end). Inside a transaction. */
int petition_register(struct db *db, json_t *body, const struct principal *who,
		      const struct calendar *cal, int64_t now, char no[32], struct bm_error *err);

/* The whole petition with its timeline (shape in docs/api.md). 404 "petition_not_found",
 * 403 "out_of_scope". The read is audited, so this runs inside a transaction. */
int petition_read(struct db *db, const char *no, const struct principal *who, int64_t now,
		  json_t **out, struct bm_error *err);

struct petition_filter {
	const char *scope_path; /* the caller's org path */
	const char *view;       /* NULL/"all", "open", "overdue", "mine" */
	const char *status;     /* NULL or a state name */
	const char *org_code;   /* NULL or one receiving org */
	int64_t user_id;        /* for "mine" */
};

/* Summaries, newest first (overdue: oldest deadline first). 400 "invalid_query" for an
 * unknown view or status. */
int petition_list(struct db *db, const struct petition_filter *f, int64_t now, int64_t limit,
		  int64_t offset, json_t **items, int64_t *total, struct bm_error *err);

/* The permission an action needs: deciding (accept, decline, assign, transfer) is
 * ACT_PETITION_DECIDE, handling (mediate, reply, close) ACT_PETITION_HANDLE. */
enum action petition_action_permission(enum petition_action act);

/* Performs one action with its body (see docs/api.md): checks scope and the move, validates
 * the body, updates the petition, appends the timeline event and the audit entry, and queues
 * the petitioner's message. Inside a transaction. */
int petition_act(struct db *db, const char *no, enum petition_action act, json_t *body,
		 const struct principal *who, const struct calendar *cal, int64_t now,
		 struct bm_error *err);

#endif
