/*
** hub.c — the in-process event hub (see hub.h).
**
** One mutex and one doubly linked list of subscribers. A publish walks the whole list: with a
** few hundred displays per process that is a few hundred comparisons, far cheaper than the
** socket writes that follow, and it keeps subscribe/unsubscribe O(1) without per-topic tables.
*/
#include "core/hub.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct hub {
	pthread_mutex_t lock;
	struct hub_subscriber *head;
	size_t count;
};

struct hub *hub_new(void)
{
	struct hub *hub = calloc(1, sizeof *hub);
	if (hub)
		pthread_mutex_init(&hub->lock, NULL);
	return hub;
}

void hub_free(struct hub *hub)
{
	if (!hub)
		return;
	pthread_mutex_destroy(&hub->lock);
	free(hub);
}

void hub_subscribe(struct hub *hub, struct hub_subscriber *sub)
{
	pthread_mutex_lock(&hub->lock);
	sub->prev = NULL;
	sub->next = hub->head;
	if (hub->head)
		hub->head->prev = sub;
	hub->head = sub;
	hub->count++;
	pthread_mutex_unlock(&hub->lock);
}

void hub_unsubscribe(struct hub *hub, struct hub_subscriber *sub)
{
	pthread_mutex_lock(&hub->lock);
	if (sub->prev)
		sub->prev->next = sub->next;
	else if (hub->head == sub)
		hub->head = sub->next;
	if (sub->next)
		sub->next->prev = sub->prev;
	sub->prev = sub->next = NULL;
	hub->count--;
	pthread_mutex_unlock(&hub->lock);
}

size_t hub_subscriber_count(struct hub *hub)
{
	pthread_mutex_lock(&hub->lock);
	size_t n = hub->count;
	pthread_mutex_unlock(&hub->lock);
	return n;
}

void hub_publish(struct hub *hub, const struct hub_event *ev)
{
	pthread_mutex_lock(&hub->lock);
	for (struct hub_subscriber *s = hub->head; s; s = s->next)
		if (ev->topic == HUB_ALL || s->topic == ev->topic)
			s->deliver(s, ev);
	pthread_mutex_unlock(&hub->lock);
}

void hub_event_encode(const struct hub_event *ev, struct buf *out)
{
	buf_printf(out, "%lld %lld %s %s", (long long)ev->topic, (long long)ev->id, ev->type,
		   ev->data);
}

/* Reads a positive decimal number ending at a space; advances *p past the space. */
static int read_number(char **p, int64_t *out)
{
	char *end;
	long long v = strtoll(*p, &end, 10);
	if (end == *p || *end != ' ' || v <= 0)
		return -1;
	*out = v;
	*p = end + 1;
	return 0;
}

int hub_event_decode(const char *text, struct hub_event *ev, struct buf *scratch)
{
	buf_reset(scratch);
	buf_puts(scratch, text);
	char *p = scratch->data;
	memset(ev, 0, sizeof *ev);
	ev->kind = HUB_EVENT;
	if (read_number(&p, &ev->topic) < 0 || read_number(&p, &ev->id) < 0)
		return -1;
	char *space = strchr(p, ' ');
	if (!space || space == p || strchr(space + 1, '\n'))
		return -1;
	*space = '\0';
	for (const char *c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || *c == '_'))
			return -1;
	ev->type = p;
	ev->data = space + 1;
	return 0;
}
