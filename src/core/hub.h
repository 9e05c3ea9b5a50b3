/*
** hub.h — the in-process event hub: publish(topic, event) reaches every subscriber of the topic.
**
** Live pages (the hall display, a ticket holder's phone) subscribe to a topic — a venue's id —
** and every change to that venue's queue is published to it. The hub is the fan-out inside one
** process; across processes the events travel through the database (db_notify()/db_listen():
** PostgreSQL LISTEN/NOTIFY), and each process's listener republishes what it hears here.
**
** Ownership. The hub does not own its subscribers: the caller embeds a struct hub_subscriber
** in its own object, hub_subscribe()s it, and must hub_unsubscribe() it before freeing it.
** After hub_unsubscribe() returns, deliver() is never called for it again (publishing and
** unsubscribing take the same lock).
**
** deliver() runs in the publisher's thread while the hub's lock is held: it must be quick, must
** not block and must not call back into the hub. (An SSE stream copies the event into its own
** queue and wakes its connection; see http/sse.c.)
**
** Events are plain data; the hub copies nothing and keeps nothing — the strings of an event
** only need to live until hub_publish() returns. Replay after a reconnect comes from the
** database, not from here, so that it survives restarts and works on any process.
*/
#ifndef BM_HUB_H
#define BM_HUB_H

#include "core/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The topic that reaches every subscriber (heartbeats, resets, shutdown). */
#define HUB_ALL 0

enum hub_kind {
	HUB_EVENT,     /* an event: id, type, data */
	HUB_HEARTBEAT, /* nothing happened; keep the line open */
	HUB_RESET,     /* events may have been lost (a listener reconnected): reload the state */
	HUB_CLOSE,     /* the server is stopping: end the stream */
};

struct hub_event {
	enum hub_kind kind;
	int64_t topic;    /* HUB_ALL or a topic (a venue id) */
	int64_t id;       /* HUB_EVENT: increasing per topic, > 0 */
	const char *type; /* HUB_EVENT: event name ("call"), [a-z_]+ */
	const char *data; /* HUB_EVENT: one line of text (JSON) */
};

struct hub_subscriber {
	int64_t topic; /* receives events of this topic and of HUB_ALL */
	void (*deliver)(struct hub_subscriber *self, const struct hub_event *ev);
	struct hub_subscriber *prev, *next; /* the hub's list; owned by the hub while subscribed */
};

struct hub;

/* A new hub; the caller owns it and frees it with hub_free() once nobody is subscribed. */
struct hub *hub_new(void);
void hub_free(struct hub *hub);

void hub_subscribe(struct hub *hub, struct hub_subscriber *sub);
void hub_unsubscribe(struct hub *hub, struct hub_subscriber *sub);
/* Subscribers at the moment (all topics). */
size_t hub_subscriber_count(struct hub *hub);

/* Calls deliver() of every subscriber of ev->topic (all of them for HUB_ALL). */
void hub_publish(struct hub *hub, const struct hub_event *ev);

/* --- the wire form, for carrying an event through the database ----------------------------
 * "TOPIC ID TYPE DATA": three decimal/identifier words and the rest of the line. */

/* Appends the wire form of ev (a HUB_EVENT) to out. */
void hub_event_encode(const struct hub_event *ev, struct buf *out);
/* Parses a wire form into ev, whose type and data point into `scratch` (a copy of the text the
 * caller owns and frees). Returns 0, or -1 when the text is not one. */
int hub_event_decode(const char *text, struct hub_event *ev, struct buf *scratch);

#endif
