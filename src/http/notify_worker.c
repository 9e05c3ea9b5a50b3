/*
** notify_worker.c — the outbox delivery thread (see notify_worker.h).
**
** Each round claims a batch of due messages in one short transaction, sends them with no
** transaction open (a slow gateway must not hold the database's write lock), and records each
** outcome in a transaction of its own. A woken flag under the mutex makes sure a wake that
** arrives while a round is running is not lost: the next wait returns at once.
*/
#include "http/notify_worker.h"
#include "core/clock.h"
#include "core/log.h"
#include "domain/notify.h"
#include "http/webhook.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 16

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool running, stopping, woken;
	struct db_config db;
	struct notify_config fallback;
} worker = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

void notify_worker_wake(void)
{
	pthread_mutex_lock(&worker.lock);
	worker.woken = true;
	pthread_cond_signal(&worker.cond);
	pthread_mutex_unlock(&worker.lock);
}

struct claim_ctx {
	struct notify_outgoing *msgs;
	size_t n;
};

static int claim_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct claim_ctx *ctx = vctx;
	return notify_claim_due(db, clock_now(), ctx->msgs, BATCH, &ctx->n, err);
}

struct record_ctx {
	int64_t id;
	bool delivered;
	const char *error;
};

static int record_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct record_ctx *ctx = vctx;
	return notify_record_attempt(db, ctx->id, clock_now(), ctx->delivered, ctx->error, err);
}

/* Sends one batch. Returns the number of messages claimed, or -1 on a database error. */
static int deliver_batch(struct db *db, const struct notify_config *cfg)
{
	struct notify_outgoing msgs[BATCH];
	struct claim_ctx claim = {msgs, 0};
	struct bm_error err = {0};
	if (db_transaction(db, claim_txn, &claim, &err) < 0) {
		log_error("notify: claiming messages failed: %s", err.message);
		return -1;
	}
	for (size_t i = 0; i < claim.n; i++) {
		char error[WEBHOOK_ERROR_SIZE] = "";
		char *body = notify_payload(&msgs[i]);
		int sent = body ? webhook_post(cfg->webhook_url, cfg->secret, body, clock_now(), error)
				: -1;
		free(body);
		struct record_ctx rec = {msgs[i].id, sent == 0, error[0] ? error : "无法生成请求内容"};
		if (db_transaction(db, record_txn, &rec, &err) < 0)
			log_error("notify: recording message %lld failed: %s", (long long)msgs[i].id,
				  err.message);
		else if (sent != 0)
			log_info("notify: message %lld not delivered: %s", (long long)msgs[i].id, error);
	}
	notify_outgoing_free(msgs, claim.n);
	return (int)claim.n;
}

/* One round: every due message, batch after batch, unless no webhook is configured. */
static void deliver_due(struct db *db)
{
	struct notify_config cfg;
	struct bm_error err = {0};
	if (notify_config_load(db, &worker.fallback, &cfg, &err) < 0) {
		log_error("notify: reading the webhook configuration failed: %s", err.message);
		return;
	}
	if (!cfg.webhook_url[0])
		return;
	int n;
	do {
		pthread_mutex_lock(&worker.lock);
		bool stop = worker.stopping;
		pthread_mutex_unlock(&worker.lock);
		if (stop)
			return;
		n = deliver_batch(db, &cfg);
	} while (n == BATCH);
}

/* Waits until woken, stopped or the poll interval passed. Returns false when stopping. */
static bool wait_for_work(void)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += NOTIFY_WORKER_POLL_SECONDS;
	pthread_mutex_lock(&worker.lock);
	while (!worker.woken && !worker.stopping)
		if (pthread_cond_timedwait(&worker.cond, &worker.lock, &until) != 0)
			break;
	worker.woken = false;
	bool go_on = !worker.stopping;
	pthread_mutex_unlock(&worker.lock);
	return go_on;
}

static void *worker_main(void *arg)
{
	struct db *db = NULL;
	do {
		struct bm_error err = {0};
		if (!db && db_open(&worker.db, &db, &err) < 0) {
			log_error("notify: cannot open the database: %s", err.message);
			db = NULL;
			continue;
		}
		deliver_due(db);
		if (db_connection_lost(db)) {
			db_close(db);
			db = NULL;
		}
	} while (wait_for_work());
	if (db)
		db_close(db);
	return NULL;
}

int notify_worker_start(const struct notify_worker_config *cfg)
{
	worker.db = cfg->db;
	memset(&worker.fallback, 0, sizeof worker.fallback);
	if (cfg->webhook_url)
		snprintf(worker.fallback.webhook_url, sizeof worker.fallback.webhook_url, "%s",
			 cfg->webhook_url);
	if (cfg->webhook_secret)
		snprintf(worker.fallback.secret, sizeof worker.fallback.secret, "%s",
			 cfg->webhook_secret);
	if (webhook_global_init() < 0) {
		log_error("notify: cannot initialise the HTTP client");
		return -1;
	}
	/* The thread inherits this mask: SIGINT/SIGTERM stay with the main thread's sigwait. */
	sigset_t sigs, old;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	worker.stopping = false;
	int rc = pthread_create(&worker.thread, NULL, worker_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		log_error("notify: cannot start the delivery thread");
		webhook_global_cleanup();
		return -1;
	}
	worker.running = true;
	return 0;
}

void notify_worker_fallback(struct notify_config *out)
{
	pthread_mutex_lock(&worker.lock);
	*out = worker.fallback;
	pthread_mutex_unlock(&worker.lock);
}

void notify_worker_stop(void)
{
	if (!worker.running)
		return;
	pthread_mutex_lock(&worker.lock);
	worker.stopping = true;
	pthread_cond_signal(&worker.cond);
	pthread_mutex_unlock(&worker.lock);
	pthread_join(worker.thread, NULL);
	worker.running = false;
	webhook_global_cleanup();
}
