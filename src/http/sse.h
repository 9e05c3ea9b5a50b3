/*
** sse.h — Server-Sent Events (text/event-stream) over libmicrohttpd without a thread per stream.
**
** A stream is a hub subscriber (core/hub.h) with a byte queue. Its HTTP response is a
** content-reader response of unknown length (chunked): when MHD asks for more bytes and the
** queue is empty, the reader suspends the connection (MHD_suspend_connection(), legal from a
** content reader) and returns 0; a publisher that queues an event resumes it
** (MHD_resume_connection(), legal from any thread). A suspended connection costs no thread and
** no polling, so hundreds of idle displays are a few kilobytes each.
**
** Each stream starts with a `retry:` hint, events carry `id:` (the database id of the queue
** event), and a heartbeat thread sends a comment line to every stream every
** SSE_HEARTBEAT_SECONDS: that keeps proxies from closing idle lines and makes MHD notice
** clients that went away (a suspended connection is not polled, so only a write finds out).
**
** Replay after a reconnect (Last-Event-ID) is the handler's job: it opens the stream in
** replay mode (live events are held back), pushes the missed events it read from the database,
** then calls sse_stream_go_live(), which appends the held events newer than the last one pushed.
**
** Ownership: sse_stream_open() returns a stream the caller either hands to
** sse_stream_response() (the response then owns it and frees it when MHD is done with the
** connection) or frees with sse_stream_discard(). The service outlives every stream:
** sse_service_stop() ends them all and waits for MHD to drop them before the daemon stops
** (MHD must not be stopped with suspended connections).
*/
#ifndef BM_SSE_H
#define BM_SSE_H

#include "core/hub.h"

#include <stdint.h>

struct MHD_Connection;
struct MHD_Response;

#define SSE_HEARTBEAT_SECONDS 15
#define SSE_RETRY_MS 3000
/* A stream whose client does not read more than this many queued bytes is ended. */
#define SSE_QUEUE_LIMIT (256 * 1024)

struct sse_service;
struct sse_stream;

/* Starts the heartbeat thread over `hub` (not owned). NULL when the thread cannot start. */
struct sse_service *sse_service_start(struct hub *hub);
/* Ends every stream, waits up to `wait_ms` for MHD to release them, stops the heartbeat and
 * frees the service. New streams opened meanwhile end at once. */
void sse_service_stop(struct sse_service *svc, int wait_ms);

/* A stream of `topic`. With `replay`, live events are held until sse_stream_go_live(). */
struct sse_stream *sse_stream_open(struct sse_service *svc, int64_t topic, bool replay);
/* Queues one event (replay). */
void sse_stream_push(struct sse_stream *s, int64_t id, const char *type, const char *data);
/* Ends replay mode: queues the held live events with ids above the last pushed one. */
void sse_stream_go_live(struct sse_stream *s);
/* Frees a stream that was never handed to a response. */
void sse_stream_discard(struct sse_stream *s);

/* The response that carries the stream on `conn` (headers: text/event-stream, no-cache).
 * Takes ownership of s; NULL on allocation failure (s is freed then too). */
struct MHD_Response *sse_stream_response(struct sse_stream *s, struct MHD_Connection *conn);

#endif
