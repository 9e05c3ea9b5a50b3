// portal-take.js — 取号 (/portal/take.html?venue=N): the kiosk (or a citizen's own phone) takes a
// number. One big button per group of the venue with how many wait; the ticket then shows the
// number, the people ahead, the estimated wait and a QR code that opens the ticket's phone page
// (portal/ticket.html), and prints as a slip (@media print). "再取一个号" starts over.

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-take.js';
import { api } from '../api.js';
import { mountPage, queryParam } from '../common.js';

const TakePage = {
	name: 'PortalTakePage',
	setup() {
		const venueId = queryParam('venue');
		const state = ref(null);
		const ticket = ref(null);
		const error = ref('');
		const busy = ref(false);

		async function load() {
			try {
				state.value = await api.get(`/venues/${venueId}/queue`);
			} catch (e) {
				error.value = e.message;
			}
		}

		async function take(group) {
			busy.value = true;
			error.value = '';
			try {
				ticket.value = await api.post(`/venues/${venueId}/tickets`, { group_id: group.id });
			} catch (e) {
				error.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		function again() {
			ticket.value = null;
			load();
		}

		if (!/^[1-9][0-9]*$/.test(venueId)) error.value = '缺少或无效的场所编号：地址应为 /portal/take.html?venue=场所编号';
		else load();

		return {
			state, ticket, error, busy, take, again,
			print: () => window.print(),
			qrUrl: (t) => `/api/v1/tickets/${t.id}/qr.svg?key=${t.key}`,
			phoneUrl: (t) => `/portal/ticket.html?id=${t.id}&key=${t.key}`,
		};
	},
	render,
};

mountPage(TakePage);
