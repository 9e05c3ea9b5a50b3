/*
** notify.h — the outbox of messages to citizens (消息通知).
**
** Features that owe a citizen a message (a case accepted or completed, materials requested, a
** result ready for pickup, an appointment reminder, a petition accepted or answered) call
** notify_enqueue() INSIDE THEIR OWN TRANSACTION: the message is stored together with the
** change it reports, or not at all, and nothing is sent from a request thread. The delivery
** worker (http/notify_worker.h) later claims due messages (notify_claim_due), hands them to the
** sender (an operator's SMS gateway behind an HTTP webhook, http/webhook.h) and records each
** attempt (notify_record_attempt).
**
** A message is "pending" until delivered ("sent") or given up ("failed"). Failed deliveries
** are retried on the schedule of notify_retry_delay(): 1 min, 5 min, 30 min, 2 h, 12 h after
** the 1st … 5th failure; the 6th failure is final. Staff may put a failed (or waiting) message
** back to be sent now (notify_retry), which starts a fresh round of attempts. Without a
** webhook configured nothing is sent: messages stay pending and staff see them in the list.
**
** Delivery is at least once: a message is leased for NOTIFY_LEASE_SECONDS while it is being
** sent, so a process that dies mid-send leaves it to be sent again; the gateway can drop
** duplicates by the message id it receives.
*/
#ifndef BM_NOTIFY_H
#define BM_NOTIFY_H

#include "core/error.h"
#include "domain/audit.h"
#include "domain/phone.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Kinds of message; NULL-terminated. notify_kind_label() gives the Chinese name. */
extern const char *const notify_kinds[];
const char *notify_kind_label(const char *kind); /* NULL for an unknown kind */

#define NOTIFY_TEXT_MAX 500 /* characters */

/* What a feature hands to the outbox. All strings are read during the call only. */
struct notify_message {
	const char *kind;      /* one of notify_kinds */
	const char *phone;     /* a mobile number (phone_is_mobile) */
	const char *text;      /* 1..NOTIFY_TEXT_MAX characters, Chinese */
	const char *entity;    /* what it is about: "case", "appointment", "petition" … */
	const char *entity_id; /* its number or id, as text */
	const char *org_code;  /* the org whose staff see the message (scope) */
};

/* Stores a pending message, due at once, and audits it. Must run inside the caller's
 * transaction. 400 "invalid_notification_kind", 400 "invalid_phone" (not a mobile number: no
 * text message can reach it — callers check phone_is_mobile() first when the number may be a
 * landline), 400 "invalid_field" for an empty or too long text. *id (may be NULL) receives the
 * message id. */
int notify_enqueue(struct db *db, const struct notify_message *msg,
		   const struct audit_actor *actor, int64_t now, int64_t *id, struct bm_error *err);

/* ---- the retry schedule ---- */

#define NOTIFY_MAX_ATTEMPTS 6

/* Seconds to wait after the `failed`-th failed attempt of a round before the next one: 60,
 * 300, 1800, 7200, 43200 for failed = 1..5; -1 from failed = NOTIFY_MAX_ATTEMPTS on (give up:
 * the message becomes "failed"); 0 for failed < 1. Pure. */
int64_t notify_retry_delay(int64_t failed);

/* ---- staff views ---- */

/* Messages of orgs under scope_path, newest first; status NULL for all. Items:
 * {id, kind, kind_label, phone, text, entity, entity_id, org_code, org_name, status,
 *  status_label, attempts, next_attempt_at, last_error, created_at, sent_at}. */
int notify_list(struct db *db, const char *scope_path, const char *status, int64_t limit,
		int64_t offset, json_t **items, int64_t *total, struct bm_error *err);

/* One message (same shape). 1 when found, 0 when not, -1 on error. org_path receives the
 * message's org path for the caller's scope check. */
int notify_get(struct db *db, int64_t id, json_t **out, char org_path[256], struct bm_error *err);

/* Puts a pending or failed message up for delivery now, with a fresh round of attempts.
 * 404 "notification_not_found"; 409 "notification_already_sent". Audited. */
int notify_retry(struct db *db, int64_t id, const struct audit_actor *actor, int64_t now,
		 struct bm_error *err);

/* ---- delivery (used by the worker) ---- */

#define NOTIFY_LEASE_SECONDS 120

struct notify_outgoing {
	int64_t id;
	char kind[32];
	char phone[PHONE_SIZE];
	char *text; /* owned; notify_outgoing_free() */
};

/* Claims up to max pending messages whose time has come (oldest due first), leasing each for
 * NOTIFY_LEASE_SECONDS so no other worker takes it meanwhile. Must run inside a transaction.
 * *n receives the count; out[0..*n) must be freed with notify_outgoing_free(). */
int notify_claim_due(struct db *db, int64_t now, struct notify_outgoing *out, size_t max,
		     size_t *n, struct bm_error *err);
void notify_outgoing_free(struct notify_outgoing *msgs, size_t n);

/* Records one delivery attempt of message id: delivered → "sent"; otherwise attempts + 1, the
 * error kept, and either the next attempt scheduled (notify_retry_delay) or, past the last,
 * "failed". Audited as the system. Must run inside a transaction. A message no longer pending
 * (retried or changed meanwhile) is left alone. */
int notify_record_attempt(struct db *db, int64_t id, int64_t now, bool delivered,
			  const char *error, struct bm_error *err);

/* The JSON body the webhook receives: {"id","phone","text","kind"}. Caller frees (free()). */
char *notify_payload(const struct notify_outgoing *msg);

/* ---- where messages go (operator configuration) ---- */

#define NOTIFY_URL_MAX 500
#define NOTIFY_SECRET_MAX 200

struct notify_config {
	char webhook_url[NOTIFY_URL_MAX + 1]; /* "" when none: nothing is sent */
	char secret[NOTIFY_SECRET_MAX + 1];   /* "" when none: requests are not signed */
	const char *source;                   /* "settings", "config" or "none" */
};

/* The webhook in effect: the one stored by notify_config_store() when there is one, else
 * `fallback` (the server's configuration file or --notify-webhook; may be NULL). */
int notify_config_load(struct db *db, const struct notify_config *fallback,
		       struct notify_config *out, struct bm_error *err);

/* Stores (or, with an empty or NULL url, clears) the webhook set at run time. The URL must be
 * http:// or https:// (400 "invalid_webhook_url"); a NULL secret keeps the stored one, "" clears
 * it. Audited without the secret. Must run inside a transaction. */
int notify_config_store(struct db *db, const char *url, const char *secret,
			const struct audit_actor *actor, int64_t now, struct bm_error *err);

#endif
