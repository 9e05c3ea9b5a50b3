// portal-ticket.js — 我的排队号 (/portal/ticket.html?id=N&key=K), the page the ticket's QR code
// opens on the citizen's phone: the number, how many are ahead, the estimated wait, and — once
// called — the window to go to; once done with a case, the link to rate it (好差评, channel
// onsite, the ticket named). Every change at the venue (queue-live.js) reloads the ticket, at
// most once a second; the phone vibrates when the ticket is called.

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-ticket.js';
import { api } from '../api.js';
import { mountPage, queryParam } from '../common.js';
import { connectQueue } from '../queue-live.js';

const TicketPage = {
	name: 'PortalTicketPage',
	setup() {
		const id = queryParam('id');
		const key = queryParam('key');
		const ticket = ref(null);
		const error = ref('');
		const status = ref('');
		let pending = null;
		let lastStatus = '';

		async function load() {
			try {
				ticket.value = await api.get(`/tickets/${id}`, { key });
				error.value = '';
				if (ticket.value.status === 'called' && lastStatus !== 'called' && navigator.vibrate)
					navigator.vibrate([300, 100, 300]);
				lastStatus = ticket.value.status;
			} catch (e) {
				error.value = e.message;
			}
		}

		// Many changes at once (a busy hall) cost one reload.
		function reloadSoon() {
			if (pending) return;
			pending = setTimeout(() => {
				pending = null;
				load();
			}, 500);
		}

		if (!/^[1-9][0-9]*$/.test(id) || !key) {
			error.value = '缺少排队号信息，请扫描排队小票上的二维码进入。';
		} else {
			load().then(() => {
				if (ticket.value)
					connectQueue(ticket.value.venue_id, {
						state: reloadSoon,
						event: reloadSoon,
						status: (t) => { status.value = t; },
					});
			});
		}
		// The finished ticket's case, rated as an on-site service at the window that served it.
		const rateHref = (t) => `/portal/rate.html?${new URLSearchParams({
			no: t.rating.case_no, key: t.rating.key, ch: 'onsite', ticket: String(t.id) })}`;
		return { ticket, error, status, rateHref };
	},
	render,
};

mountPage(TicketPage);
