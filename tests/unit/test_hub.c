/*
** test_hub.c — the event hub's fan-out and its wire form (core/hub.h).
*/
#include "core/hub.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

struct recorder {
	struct hub_subscriber sub; /* first */
	int events, heartbeats;
	int64_t last_id;
	char last_type[32];
};

static void record(struct hub_subscriber *s, const struct hub_event *ev)
{
	struct recorder *r = (struct recorder *)s;
	if (ev->kind == HUB_HEARTBEAT) {
		r->heartbeats++;
		return;
	}
	r->events++;
	r->last_id = ev->id;
	snprintf(r->last_type, sizeof r->last_type, "%s", ev->type);
}

Test(hub, an_event_reaches_only_its_topic)
{
	struct hub *hub = hub_new();
	struct recorder a = {.sub = {.topic = 7, .deliver = record}};
	struct recorder b = {.sub = {.topic = 8, .deliver = record}};
	hub_subscribe(hub, &a.sub);
	hub_subscribe(hub, &b.sub);
	hub_publish(hub, &(struct hub_event){HUB_EVENT, 7, 41, "call", "{}"});
	cr_assert_eq(a.events, 1);
	cr_assert_eq(a.last_id, 41);
	cr_assert_str_eq(a.last_type, "call");
	cr_assert_eq(b.events, 0);
	hub_publish(hub, &(struct hub_event){.kind = HUB_HEARTBEAT, .topic = HUB_ALL});
	cr_assert_eq(a.heartbeats + b.heartbeats, 2, "HUB_ALL reaches everybody");
	hub_unsubscribe(hub, &a.sub);
	hub_unsubscribe(hub, &b.sub);
	cr_assert_eq(hub_subscriber_count(hub), 0);
	hub_free(hub);
}

Test(hub, nothing_is_delivered_after_unsubscribing)
{
	struct hub *hub = hub_new();
	struct recorder r[3];
	for (int i = 0; i < 3; i++) {
		memset(&r[i], 0, sizeof r[i]);
		r[i].sub = (struct hub_subscriber){.topic = 1, .deliver = record};
		hub_subscribe(hub, &r[i].sub);
	}
	hub_unsubscribe(hub, &r[1].sub); /* from the middle of the list */
	hub_publish(hub, &(struct hub_event){HUB_EVENT, 1, 5, "take", "{}"});
	cr_assert_eq(r[0].events + r[2].events, 2);
	cr_assert_eq(r[1].events, 0);
	hub_unsubscribe(hub, &r[0].sub);
	hub_unsubscribe(hub, &r[2].sub);
	hub_free(hub);
}

Test(hub, wire_form_round_trips)
{
	struct buf wire = BUF_INIT, scratch = BUF_INIT;
	hub_event_encode(&(struct hub_event){HUB_EVENT, 12, 3456, "no_show", "{\"a\":\"b c\"}"}, &wire);
	cr_assert_str_eq(buf_cstr(&wire), "12 3456 no_show {\"a\":\"b c\"}");
	struct hub_event ev;
	cr_assert_eq(hub_event_decode(buf_cstr(&wire), &ev, &scratch), 0);
	cr_assert_eq(ev.topic, 12);
	cr_assert_eq(ev.id, 3456);
	cr_assert_str_eq(ev.type, "no_show");
	cr_assert_str_eq(ev.data, "{\"a\":\"b c\"}");
	buf_free(&wire);
	buf_free(&scratch);
}

Test(hub, malformed_wire_forms_are_refused)
{
	struct buf scratch = BUF_INIT;
	struct hub_event ev;
	const char *bad[] = {"", "12", "12 34", "12 34 call", "x 34 call {}", "0 34 call {}",
			     "12 34 Call {}", "12 -1 call {}", "12 34 call {}\nmore"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_assert_eq(hub_event_decode(bad[i], &ev, &scratch), -1, "%s", bad[i]);
	buf_free(&scratch);
}
