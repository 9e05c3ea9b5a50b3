// queue-live.js — a venue's queue kept live in a page: the state from GET /venues/{id}/queue,
// then every change from the Server-Sent Events stream /venues/{id}/events.
//
// The browser's EventSource reconnects by itself after a short drop, sending Last-Event-ID so
// the server replays what was missed. When the server is gone for longer (restarted, network
// down) EventSource may give up, so this module runs its own loop: on an error it closes the
// stream, waits (1 s, 2 s, 4 s … at most 15 s), fetches the whole state again and opens a new
// stream from the state's last_event_id — the page is right again however long it was away.
// A "reset" event (the server could not replay everything) also reloads the state.
//
//   const live = connectQueue(venueId, {
//     state(s)      the whole state (first load and every reload)
//     event(e)      one change: {id, type, data (parsed JSON)}
//     status(text)  '' when live, else a Chinese line to show ("连接中断，正在重新连接…")
//   });
//   live.close();

import { api } from './api.js';

const TYPES = ['take', 'call', 'recall', 'start', 'finish', 'no_show', 'transfer'];
const MAX_DELAY_MS = 15000;

export function connectQueue(venueId, handlers) {
	let source = null;
	let timer = null;
	let delay = 1000;
	let closed = false;

	const status = (text) => handlers.status?.(text);

	function stop() {
		if (source) source.close();
		source = null;
	}

	function retryLater() {
		stop();
		if (closed || timer) return;
		status('连接中断，正在重新连接…');
		timer = setTimeout(() => {
			timer = null;
			start();
		}, delay);
		delay = Math.min(delay * 2, MAX_DELAY_MS);
	}

	function open(lastEventId) {
		source = new EventSource(`/api/v1/venues/${venueId}/events?last_event_id=${lastEventId}`);
		source.addEventListener('open', () => {
			delay = 1000;
			status('');
		});
		for (const type of TYPES)
			source.addEventListener(type, (e) => {
				let data;
				try {
					data = JSON.parse(e.data);
				} catch {
					return;
				}
				handlers.event?.({ id: Number(e.lastEventId), type, data });
			});
		source.addEventListener('reset', () => {
			stop();
			start();
		});
		source.addEventListener('error', retryLater);
	}

	async function start() {
		if (closed) return;
		try {
			const state = await api.get(`/venues/${venueId}/queue`);
			if (closed) return;
			handlers.state?.(state);
			open(state.last_event_id);
		} catch (e) {
			if (e.status === 404) {
				status(e.message);
				return;
			}
			retryLater();
		}
	}

	start();
	return {
		close() {
			closed = true;
			clearTimeout(timer);
			stop();
		},
	};
}
