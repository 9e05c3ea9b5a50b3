// queue-helpers.mjs — what the queue's API tests (and the benchmark) share: a Server-Sent
// Events reader on fetch, and the venue's queue layout (groups, windows).
import assert from 'node:assert/strict';

/**
 * Opens GET /api/v1/venues/{venue}/events and parses the stream. Resolves once the response
 * headers are in: {status, headers, next(type, pred, ms), events, close()}.
 * next() resolves with the first event (received before or after the call, not yet consumed)
 * of that type matching pred, or rejects after ms.
 */
export async function openEvents(base, venueId, opts = {}) {
  const controller = new AbortController();
  const headers = { accept: 'text/event-stream', ...(opts.headers ?? {}) };
  const res = await fetch(`${base}/api/v1/venues/${venueId}/events${opts.query ?? ''}`,
    { headers, signal: controller.signal });
  const events = [];
  const waiters = [];
  let comments = 0;
  const deliver = () => {
    for (let w = 0; w < waiters.length; w++) {
      const i = events.findIndex((e) => !e.used && e.type === waiters[w].type && waiters[w].pred(e));
      if (i < 0) continue;
      events[i].used = true;
      waiters[w].resolve(events[i]);
      clearTimeout(waiters[w].timer);
      waiters.splice(w--, 1);
    }
  };
  (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e = { type: 'message', data: '', id: null, at: Date.now() };
          let fields = 0;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) { comments++; continue; }
            const colon = line.indexOf(':');
            const name = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, '');
            if (name === 'event') e.type = value;
            else if (name === 'data') e.data = value;
            else if (name === 'id') e.id = Number(value);
            else if (name === 'retry') e.retry = Number(value);
            fields++;
          }
          if (!fields || e.retry !== undefined) continue;
          try { e.json = JSON.parse(e.data); } catch { e.json = undefined; }
          events.push(e);
          deliver();
        }
      }
    } catch { /* aborted */ }
  })();
  return {
    status: res.status,
    headers: res.headers,
    events,
    comments: () => comments,
    next(type, pred = () => true, ms = 1000) {
      return new Promise((resolve, reject) => {
        const w = { type, pred, resolve };
        w.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no "${type}" event within ${ms} ms (got ${events.map((x) => x.type).join(',')})`));
        }, ms);
        waiters.push(w);
        deliver();
      });
    },
    close() { controller.abort(); },
  };
}

/** The venue's queue (public): {groups, windows, current, recent, last_event_id}. */
export async function queueState(client, venueId) {
  const res = await client.get(`/api/v1/venues/${venueId}/queue`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** Takes a number as a citizen (no session). */
export async function takeNumber(client, venueId, body) {
  return client.request('POST', `/api/v1/venues/${venueId}/tickets`,
    { json: body, cookie: false, csrf: false });
}

/** Calls, starts and finishes every ticket a window gets until its line is empty. */
export async function drainWindow(staff, windowId, served = []) {
  for (;;) {
    const res = await staff.post(`/api/v1/windows/${windowId}/call-next`, {});
    assert.equal(res.status, 200, res.text);
    const t = res.json.ticket;
    if (!t) return served;
    served.push(t.id);
    assert.equal((await staff.post(`/api/v1/tickets/${t.id}/start`, {})).status, 200);
    assert.equal((await staff.post(`/api/v1/tickets/${t.id}/finish`, {})).status, 200);
  }
}

/** Ends whatever is still called or being served at the venue, then serves every waiting ticket. */
export async function clearVenue(staff, venueId) {
  const state = await queueState(staff, venueId);
  for (const c of state.current) {
    if (c.status === 'called') await staff.post(`/api/v1/tickets/${c.ticket_id}/start`, {});
    await staff.post(`/api/v1/tickets/${c.ticket_id}/finish`, {});
  }
  for (const w of state.windows) await drainWindow(staff, w.id);
}
