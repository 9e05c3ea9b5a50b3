/*
** sse.c — Server-Sent Events streams on suspended MHD connections (see sse.h).
**
** Locking. A stream's mutex guards its queue and its `suspended` flag. The content reader
** (an MHD worker thread) takes it to copy bytes out or, when there are none, to suspend the
** connection; deliver() (the publisher's thread, under the hub's lock) takes it to queue
** bytes and resume. Because the reader sets `suspended` and calls MHD_suspend_connection()
** under the same lock — and MHD suspends synchronously inside the callback — a publisher
** that sees `suspended` always resumes a connection that really is suspended, and exactly one
** of them resumes it. Lock order: hub, then stream.
**
** Lifetime. The response owns the stream; MHD calls free_stream() when the connection is done
** with the response (client gone, stream ended, daemon stopping). free_stream() unsubscribes
** first, so no publisher can reach the stream afterwards.
*/
#include "http/sse.h"
#include "core/buf.h"
#include "core/log.h"

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sse_service {
	struct hub *hub;
	atomic_int open_streams;
	atomic_bool stopping;
	pthread_t heartbeat;
	pthread_mutex_t lock; /* guards the heartbeat's sleep */
	pthread_cond_t wake;
};

struct held_event {
	int64_t id;
	char *text; /* rendered */
	struct held_event *next;
};

struct sse_stream {
	struct hub_subscriber sub; /* first: deliver() gets &sub */
	struct sse_service *svc;
	pthread_mutex_t lock;
	struct buf queue;          /* rendered bytes not yet given to MHD */
	size_t sent;               /* bytes of queue already given */
	int64_t last_id;           /* highest event id queued */
	bool replaying;            /* live events go to `held` */
	struct held_event *held, **held_tail;
	bool suspended;
	bool closing;              /* end the response once the queue is drained */
	struct MHD_Connection *conn;
};

/* --- rendering ---------------------------------------------------------------------------- */

static void render_event(struct buf *out, int64_t id, const char *type, const char *data)
{
	buf_printf(out, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)id, type, data);
}

/* --- the queue (stream lock held) --------------------------------------------------------- */

/* Wakes the connection when its reader is waiting for bytes. */
static void wake_locked(struct sse_stream *s)
{
	if (s->suspended && s->conn) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

static void queue_locked(struct sse_stream *s, const char *text, size_t len)
{
	if (s->closing)
		return;
	if (s->queue.len - s->sent + len > SSE_QUEUE_LIMIT) {
		/* The client stopped reading: end the stream rather than grow without bound. */
		s->closing = true;
		wake_locked(s);
		return;
	}
	buf_add(&s->queue, text, len);
	wake_locked(s);
}

static void queue_event_locked(struct sse_stream *s, int64_t id, const char *type,
			       const char *data)
{
	if (id <= s->last_id)
		return; /* already sent (replayed from the database) */
	struct buf text = BUF_INIT;
	render_event(&text, id, type, data);
	s->last_id = id;
	queue_locked(s, text.data, text.len);
	buf_free(&text);
}

static void hold_event_locked(struct sse_stream *s, int64_t id, const char *type,
			      const char *data)
{
	struct held_event *h = calloc(1, sizeof *h);
	if (!h)
		return;
	struct buf text = BUF_INIT;
	render_event(&text, id, type, data);
	h->id = id;
	h->text = buf_detach(&text);
	*s->held_tail = h;
	s->held_tail = &h->next;
}

static void free_held(struct sse_stream *s)
{
	for (struct held_event *h = s->held, *next; h; h = next) {
		next = h->next;
		free(h->text);
		free(h);
	}
	s->held = NULL;
	s->held_tail = &s->held;
}

/* hub_subscriber.deliver: runs in the publisher's thread. */
static void deliver(struct hub_subscriber *sub, const struct hub_event *ev)
{
	struct sse_stream *s = (struct sse_stream *)sub;
	static const char heartbeat[] = ": keep-alive\n\n";
	static const char reset[] = "event: reset\ndata: {}\n\n";
	pthread_mutex_lock(&s->lock);
	switch (ev->kind) {
	case HUB_EVENT:
		if (s->replaying)
			hold_event_locked(s, ev->id, ev->type, ev->data);
		else
			queue_event_locked(s, ev->id, ev->type, ev->data);
		break;
	case HUB_HEARTBEAT:
		if (s->queue.len == s->sent)
			queue_locked(s, heartbeat, sizeof heartbeat - 1);
		break;
	case HUB_RESET:
		queue_locked(s, reset, sizeof reset - 1);
		break;
	case HUB_CLOSE:
		s->closing = true;
		wake_locked(s);
		break;
	}
	pthread_mutex_unlock(&s->lock);
}

/* --- streams ------------------------------------------------------------------------------ */

struct sse_stream *sse_stream_open(struct sse_service *svc, int64_t topic, bool replay)
{
	struct sse_stream *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	s->svc = svc;
	s->sub.topic = topic;
	s->sub.deliver = deliver;
	s->replaying = replay;
	s->held_tail = &s->held;
	buf_printf(&s->queue, "retry: %d\n: bianmin queue events\n\n", SSE_RETRY_MS);
	atomic_fetch_add(&svc->open_streams, 1);
	hub_subscribe(svc->hub, &s->sub);
	if (atomic_load(&svc->stopping))
		s->closing = true;
	return s;
}

void sse_stream_push(struct sse_stream *s, int64_t id, const char *type, const char *data)
{
	pthread_mutex_lock(&s->lock);
	queue_event_locked(s, id, type, data);
	pthread_mutex_unlock(&s->lock);
}

void sse_stream_go_live(struct sse_stream *s)
{
	pthread_mutex_lock(&s->lock);
	for (struct held_event *h = s->held; h; h = h->next)
		if (h->id > s->last_id) {
			s->last_id = h->id;
			queue_locked(s, h->text, strlen(h->text));
		}
	free_held(s);
	s->replaying = false;
	pthread_mutex_unlock(&s->lock);
}

static void free_stream(void *cls)
{
	struct sse_stream *s = cls;
	hub_unsubscribe(s->svc->hub, &s->sub);
	free_held(s);
	buf_free(&s->queue);
	pthread_mutex_destroy(&s->lock);
	atomic_fetch_sub(&s->svc->open_streams, 1);
	free(s);
}

void sse_stream_discard(struct sse_stream *s)
{
	if (s)
		free_stream(s);
}

/* MHD's content reader: the next bytes, or suspend until there are some. */
static ssize_t read_stream(void *cls, uint64_t pos, char *out, size_t max)
{
	struct sse_stream *s = cls;
	ssize_t n;
	pthread_mutex_lock(&s->lock);
	size_t pending = s->queue.len - s->sent;
	if (pending > 0) {
		n = (ssize_t)(pending < max ? pending : max);
		memcpy(out, s->queue.data + s->sent, (size_t)n);
		s->sent += (size_t)n;
		if (s->sent == s->queue.len) {
			buf_reset(&s->queue);
			s->sent = 0;
		}
	} else if (s->closing) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		s->suspended = true;
		MHD_suspend_connection(s->conn);
		n = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}

struct MHD_Response *sse_stream_response(struct sse_stream *s, struct MHD_Connection *conn)
{
	s->conn = conn;
	struct MHD_Response *resp =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, read_stream, s, free_stream);
	if (!resp) {
		free_stream(s);
		return NULL;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache, no-store");
	MHD_add_response_header(resp, "X-Accel-Buffering", "no"); /* nginx: do not buffer */
	return resp;
}

/* --- the service -------------------------------------------------------------------------- */

static void *heartbeat_main(void *arg)
{
	struct sse_service *svc = arg;
	pthread_mutex_lock(&svc->lock);
	while (!atomic_load(&svc->stopping)) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SSE_HEARTBEAT_SECONDS;
		int rc = 0;
		while (!atomic_load(&svc->stopping) && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&svc->wake, &svc->lock, &until);
		if (atomic_load(&svc->stopping))
			break;
		pthread_mutex_unlock(&svc->lock);
		hub_publish(svc->hub, &(struct hub_event){.kind = HUB_HEARTBEAT, .topic = HUB_ALL});
		pthread_mutex_lock(&svc->lock);
	}
	pthread_mutex_unlock(&svc->lock);
	return NULL;
}

struct sse_service *sse_service_start(struct hub *hub)
{
	struct sse_service *svc = calloc(1, sizeof *svc);
	if (!svc)
		return NULL;
	svc->hub = hub;
	pthread_mutex_init(&svc->lock, NULL);
	pthread_cond_init(&svc->wake, NULL);
	if (pthread_create(&svc->heartbeat, NULL, heartbeat_main, svc) != 0) {
		pthread_cond_destroy(&svc->wake);
		pthread_mutex_destroy(&svc->lock);
		free(svc);
		return NULL;
	}
	return svc;
}

void sse_service_stop(struct sse_service *svc, int wait_ms)
{
	if (!svc)
		return;
	pthread_mutex_lock(&svc->lock);
	atomic_store(&svc->stopping, true);
	pthread_cond_signal(&svc->wake);
	pthread_mutex_unlock(&svc->lock);
	pthread_join(svc->heartbeat, NULL);

	hub_publish(svc->hub, &(struct hub_event){.kind = HUB_CLOSE, .topic = HUB_ALL});
	for (int waited = 0; atomic_load(&svc->open_streams) > 0 && waited < wait_ms; waited += 10)
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	int left = atomic_load(&svc->open_streams);
	if (left > 0) {
		/* Their free callbacks still point at svc: leak it rather than free it under them. */
		log_error("%d event streams still open at shutdown", left);
		return;
	}
	pthread_cond_destroy(&svc->wake);
	pthread_mutex_destroy(&svc->lock);
	free(svc);
}
