/*
** test_notify.c — unit tests for the outbox (domain/notify.c): the retry schedule, the
** webhook signature (http/webhook.c), telephone numbers (domain/phone.c), and the life of a
** message in the database: enqueued, claimed under a lease, failed and rescheduled, given up
** after the last attempt, put back by staff, delivered.
*/
#include "db/db.h"
#include "domain/notify.h"
#include "domain/phone.h"
#include "helpers.h"
#include "http/webhook.h"

#include <criterion/criterion.h>
#include <string.h>

/* ---- the retry schedule ---- */

Test(notify_retry, waits_1_min_5_min_30_min_2_h_12_h_after_the_1st_to_5th_failure)
{
	cr_assert_eq(notify_retry_delay(1), 60);
	cr_assert_eq(notify_retry_delay(2), 5 * 60);
	cr_assert_eq(notify_retry_delay(3), 30 * 60);
	cr_assert_eq(notify_retry_delay(4), 2 * 3600);
	cr_assert_eq(notify_retry_delay(5), 12 * 3600);
}

Test(notify_retry, gives_up_at_the_sixth_failure_and_after)
{
	cr_assert_eq(NOTIFY_MAX_ATTEMPTS, 6);
	cr_assert_eq(notify_retry_delay(6), -1);
	cr_assert_eq(notify_retry_delay(7), -1);
	cr_assert_eq(notify_retry_delay(INT64_MAX), -1);
}

Test(notify_retry, no_failure_yet_means_no_wait)
{
	cr_assert_eq(notify_retry_delay(0), 0);
	cr_assert_eq(notify_retry_delay(-3), 0);
}

/* ---- the webhook signature ---- */

Test(webhook, signature_is_hmac_sha256_of_timestamp_dot_body)
{
	/* python3: hmac.new(b's3cret', b'1758848400.{"id":1}', hashlib.sha256).hexdigest() */
	char sig[WEBHOOK_SIGNATURE_SIZE];
	const char *body = "{\"id\":1}";
	webhook_signature("s3cret", 1758848400, body, strlen(body), sig);
	cr_assert_str_eq(sig, "sha256=8ec7ab34b24c87ac1c33abd798d29a26b3dd8c5e1b4433da04e97f8405f99079");
}

Test(webhook, secret_longer_than_a_block_and_empty_body_sign_correctly)
{
	char key[101], sig[WEBHOOK_SIGNATURE_SIZE];
	memset(key, 'k', 100);
	key[100] = '\0';
	webhook_signature(key, 0, "", 0, sig);
	cr_assert_str_eq(sig, "sha256=243c2f8200e1d4ee892e7a7ded377a65e2beb1c64b997c54b8b0f516216d4b0f");
}

Test(webhook, a_changed_timestamp_or_body_changes_the_signature)
{
	char a[WEBHOOK_SIGNATURE_SIZE], b[WEBHOOK_SIGNATURE_SIZE], c[WEBHOOK_SIGNATURE_SIZE];
	webhook_signature("k", 100, "{}", 2, a);
	webhook_signature("k", 101, "{}", 2, b);
	webhook_signature("k", 100, "{ }", 3, c);
	cr_assert_str_neq(a, b);
	cr_assert_str_neq(a, c);
}

/* ---- telephone numbers ---- */

Test(phone, mobile_numbers_are_11_digits_starting_13_to_19)
{
	cr_assert(phone_is_mobile("13800001234"));
	cr_assert(phone_is_mobile("19912345678"));
	cr_assert_not(phone_is_mobile("12800001234"));
	cr_assert_not(phone_is_mobile("1380000123"));
	cr_assert_not(phone_is_mobile("138000012345"));
	cr_assert_not(phone_is_mobile("1380000123a"));
	cr_assert_not(phone_is_mobile("0915-7800000"));
	cr_assert_not(phone_is_mobile(NULL));
}

Test(phone, landlines_need_their_area_code)
{
	cr_assert(phone_is_valid("0915-7800000"));
	cr_assert(phone_is_valid("09157800000"));
	cr_assert(phone_is_valid("029-88888888"));
	cr_assert(phone_is_valid("13800001234"));
	cr_assert_not(phone_is_valid("7800000"));
	cr_assert_not(phone_is_valid("0915-78000"));
	cr_assert_not(phone_is_valid("09-7800000"));
	cr_assert_not(phone_is_valid("0915--7800000"));
	cr_assert_not(phone_is_valid(""));
}

Test(phone, masks_keep_the_first_3_and_last_4)
{
	char out[PHONE_SIZE];
	phone_mask("13800001234", out);
	cr_assert_str_eq(out, "138****1234");
	phone_mask("0915-7800000", out);
	cr_assert_str_eq(out, "091*****0000");
	phone_mask("1234567", out);
	cr_assert_str_eq(out, "***4567");
	phone_mask("", out);
	cr_assert_str_eq(out, "");
	phone_mask(NULL, out);
	cr_assert_str_eq(out, "");
}

/* ---- the outbox in the database ---- */

static struct t_db t;

static void outbox_setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
}

static void outbox_teardown(void)
{
	t_db_close(&t);
}

TestSuite(outbox, .init = outbox_setup, .fini = outbox_teardown);

struct enqueue_ctx {
	struct notify_message msg;
	int64_t id;
};

static int enqueue_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct enqueue_ctx *ctx = vctx;
	return notify_enqueue(db, &ctx->msg, &t_actor, T_NOW, &ctx->id, err);
}

static int64_t enqueue(const char *phone, struct bm_error *err)
{
	struct enqueue_ctx ctx = {{"case_accepted", phone, "您的办件已受理。", "case",
				   "20250926-000001", T_TOWN_A},
				  0};
	return db_transaction(t.db, enqueue_txn, &ctx, err) < 0 ? -1 : ctx.id;
}

struct claim_ctx {
	int64_t now;
	struct notify_outgoing msgs[4];
	size_t n;
};

static int claim_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct claim_ctx *ctx = vctx;
	return notify_claim_due(db, ctx->now, ctx->msgs, 4, &ctx->n, err);
}

static size_t claim(int64_t now)
{
	struct claim_ctx ctx = {.now = now};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, claim_txn, &ctx, &err), 0, "%s", err.message);
	notify_outgoing_free(ctx.msgs, ctx.n);
	return ctx.n;
}

struct record_ctx {
	int64_t id, now;
	bool delivered;
};

static int record_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct record_ctx *ctx = vctx;
	return notify_record_attempt(db, ctx->id, ctx->now, ctx->delivered, "HTTP 500", err);
}

static void record(int64_t id, int64_t now, bool delivered)
{
	struct record_ctx ctx = {id, now, delivered};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, record_txn, &ctx, &err), 0, "%s", err.message);
}

static const char *status_of(int64_t id)
{
	static char status[16];
	json_t *msg;
	char path[256];
	struct bm_error err = {0};
	cr_assert_eq(notify_get(t.db, id, &msg, path, &err), 1, "%s", err.message);
	snprintf(status, sizeof status, "%s", json_string_value(json_object_get(msg, "status")));
	json_decref(msg);
	return status;
}

Test(outbox, a_landline_cannot_receive_a_text_and_nothing_is_stored)
{
	struct bm_error err = {0};
	cr_assert_eq(enqueue("0915-7800000", &err), -1);
	cr_assert_str_eq(err.code, "invalid_phone");
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM notifications"), 0);
}

Test(outbox, a_message_is_due_at_once_and_leased_while_it_is_sent)
{
	struct bm_error err = {0};
	int64_t id = enqueue("13800001234", &err);
	cr_assert_gt(id, 0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'notification.enqueue'"), 1);
	cr_assert_eq(claim(T_NOW), 1);
	cr_assert_eq(claim(T_NOW + 1), 0, "leased: no second worker takes it");
	cr_assert_eq(claim(T_NOW + NOTIFY_LEASE_SECONDS), 1, "a lost worker's lease runs out");
}

Test(outbox, failures_follow_the_schedule_and_the_sixth_is_final)
{
	struct bm_error err = {0};
	int64_t id = enqueue("13800001234", &err), now = T_NOW;
	for (int failed = 1; failed < NOTIFY_MAX_ATTEMPTS; failed++) {
		cr_assert_eq(claim(now), 1, "attempt %d is due", failed);
		record(id, now, false);
		cr_assert_str_eq(status_of(id), "pending");
		int64_t wait = notify_retry_delay(failed);
		cr_assert_eq(claim(now + wait - 1), 0, "not before %lld s", (long long)wait);
		now += wait;
	}
	cr_assert_eq(claim(now), 1);
	record(id, now, false);
	cr_assert_str_eq(status_of(id), "failed");
	cr_assert_eq(t_int(t.db, "SELECT attempts FROM notifications"), NOTIFY_MAX_ATTEMPTS);
	cr_assert_eq(claim(now + 86400 * 30), 0, "a failed message is never sent again by itself");
}

struct retry_ctx {
	int64_t id;
};

static int retry_txn(struct db *db, void *vctx, struct bm_error *err)
{
	return notify_retry(db, ((struct retry_ctx *)vctx)->id, &t_actor, T_NOW + 10, err);
}

Test(outbox, staff_put_a_failed_message_back_and_a_sent_one_is_not_sent_twice)
{
	struct bm_error err = {0};
	int64_t id = enqueue("13800001234", &err);
	t_sql(t.db, "UPDATE notifications SET status = 'failed', attempts = 6");
	struct retry_ctx ctx = {id};
	cr_assert_eq(db_transaction(t.db, retry_txn, &ctx, &err), 0, "%s", err.message);
	cr_assert_str_eq(status_of(id), "pending");
	cr_assert_eq(t_int(t.db, "SELECT attempts FROM notifications"), 0);
	cr_assert_eq(claim(T_NOW + 10), 1);
	record(id, T_NOW + 11, true);
	cr_assert_str_eq(status_of(id), "sent");
	cr_assert_eq(t_int(t.db, "SELECT sent_at FROM notifications"), T_NOW + 11);
	cr_assert_eq(db_transaction(t.db, retry_txn, &ctx, &err), -1);
	cr_assert_str_eq(err.code, "notification_already_sent");
	ctx.id = id + 100;
	cr_assert_eq(db_transaction(t.db, retry_txn, &ctx, &err), -1);
	cr_assert_str_eq(err.code, "notification_not_found");
}

Test(outbox, the_webhook_payload_carries_id_phone_text_and_kind)
{
	struct notify_outgoing m = {42, "petition_reply", "13800001234", (char *)"答复内容"};
	char *payload = notify_payload(&m);
	json_t *body = json_loads(payload, 0, NULL);
	cr_assert_not_null(body);
	cr_assert_eq(json_integer_value(json_object_get(body, "id")), 42);
	cr_assert_str_eq(json_string_value(json_object_get(body, "phone")), "13800001234");
	cr_assert_str_eq(json_string_value(json_object_get(body, "text")), "答复内容");
	cr_assert_str_eq(json_string_value(json_object_get(body, "kind")), "petition_reply");
	cr_assert_eq(json_object_size(body), 4);
	json_decref(body);
	free(payload);
}
