/*
** queue_events.c — the live event stream of a venue's queue (Server-Sent Events).
**   GET /api/v1/venues/{id}/events    public (hall displays, ticket holders' phones)
**
** Events: take, call, recall, start, finish, no_show, transfer — `id:` is the ticket event's
** id, `data:` its JSON ({kind, ticket, waiting, at}); `reset` asks the page to reload the state
** (more was missed than can be replayed, or the server's listener lost events). A reconnecting
** EventSource sends Last-Event-ID and gets what it missed from the database first; a page may
** also pass ?last_event_id= (from GET …/queue) on its first connection.
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "db/db.h"
#include "domain/queue.h"
#include "domain/venue.h"
#include "http/sse.h"

#include <stdlib.h>

/* Last-Event-ID (header) or ?last_event_id=, or 0 when neither is a positive number. */
static int64_t last_event_id(struct request *rq)
{
	const char *text = request_header(rq, "Last-Event-ID");
	if (!text)
		text = request_query(rq, "last_event_id");
	if (!text)
		return 0;
	char *end;
	long long v = strtoll(text, &end, 10);
	return *text && !*end && v > 0 ? v : 0;
}

/* Queues the missed events on the stream; asks for a reload when too many were missed. */
static int replay(struct request *rq, struct sse_stream *s, int64_t venue_id, int64_t after,
		  struct bm_error *err)
{
	json_t *events;
	bool complete;
	if (queue_events_since(rq->db, venue_id, after, &events, &complete, err) < 0)
		return -1;
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e)
		if (complete)
			sse_stream_push(s, json_integer_value(json_object_get(e, "id")),
					json_string_value(json_object_get(e, "type")),
					json_string_value(json_object_get(e, "data")));
	if (!complete) /* the page reloads everything; live events continue after these */
		sse_stream_push(s, json_integer_value(json_object_get(json_array_get(events, i - 1), "id")),
				"reset", "{}");
	json_decref(events);
	return 0;
}

int api_queue_events(struct request *rq, struct response *rs)
{
	int64_t venue_id;
	json_t *venue;
	char path[256];
	if (api_path_id(rq, 0, "venue_not_found", "服务场所不存在", &venue_id, &rs->err) < 0)
		return -1;
	int found = venue_get(rq->db, venue_id, &venue, path, &rs->err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(&rs->err, 404, "venue_not_found", "服务场所不存在");
	json_decref(venue);
	if (!rq->sse)
		return bm_error_set(&rs->err, 503, "events_unavailable", "实时推送暂不可用");
	int64_t after = last_event_id(rq);
	struct sse_stream *s = sse_stream_open(rq->sse, venue_id, after > 0);
	if (!s)
		return bm_error_oom(&rs->err);
	if (after > 0 && replay(rq, s, venue_id, after, &rs->err) < 0) {
		sse_stream_discard(s);
		return -1;
	}
	sse_stream_go_live(s);
	rs->stream = s;
	rs->status = 200;
	return 0;
}
