// window.js — 窗口叫号 (/window.html?venue=N&window=W): the staff page at a service window.
// Pick the window (the venue defaults to the one of the user's org), then: call the next
// number, recall, mark a no-show (after the calls the rules require), start, finish (with the
// case number, if a case was created), or transfer the citizen to another window or group.
// The page stays live (queue-live.js): waiting counts and the window's ticket update by
// themselves; every action's result or refusal (the server's Chinese message) is shown.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/window.js';
import { api } from '../api.js';
import { queryParam, startPage } from '../common.js';
import { connectQueue } from '../queue-live.js';

const STATUS_LABELS = { called: '已叫号', serving: '办理中' };

async function defaultVenue(user) {
	const list = await api.get('/venues', { org: user.org_code, limit: 1 });
	return list.items.length ? String(list.items[0].id) : '';
}

startPage((session) => ({
	setup() {
		const venueId = ref(queryParam('venue'));
		const windowId = ref(queryParam('window'));
		const state = ref(null);
		const ticket = ref(null); // this window's ticket (full staff view), or null
		const message = ref('');
		const error = ref('');
		const status = ref('');
		const busy = ref(false);
		const caseNo = ref('');
		const transferTo = ref('');
		const transferNote = ref('');

		const win = computed(() => state.value?.windows.find((w) => String(w.id) === windowId.value) || null);
		const otherWindows = computed(() => (state.value?.windows || []).filter((w) => String(w.id) !== windowId.value));

		// The ticket called or served at this window, from the live list.
		async function refreshTicket() {
			const mine = win.value && state.value.current.find((c) => c.window_number === win.value.number);
			ticket.value = mine ? await api.get(`/tickets/${mine.ticket_id}`) : null;
		}

		async function reload() {
			state.value = await api.get(`/venues/${venueId.value}/queue`);
			await refreshTicket();
		}

		let pending = null;
		function reloadSoon() {
			if (pending) return;
			pending = setTimeout(() => {
				pending = null;
				reload().catch((e) => { error.value = e.message; });
			}, 200);
		}

		async function act(what, path, body = {}) {
			busy.value = true;
			error.value = '';
			message.value = '';
			try {
				const res = await api.post(path, body);
				const t = res && 'ticket' in res ? res.ticket : res;
				if (what === 'call' && !t) message.value = '当前没有等候的号。';
				else message.value = `${t.number}：${t.status_label}`;
				caseNo.value = '';
				transferTo.value = '';
				transferNote.value = '';
				await reload();
			} catch (e) {
				error.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		const callNext = () => act('call', `/windows/${windowId.value}/call-next`);
		const move = (action, body) => act(action, `/tickets/${ticket.value.id}/${action}`, body);
		function transfer() {
			const [kind, id] = transferTo.value.split(':');
			const body = kind === 'w' ? { to_window_id: Number(id) } : { to_group_id: Number(id) };
			if (transferNote.value) body.note = transferNote.value;
			move('transfer', body);
		}
		function finish() {
			move('finish', caseNo.value ? { case_no: caseNo.value } : {});
		}
		function chooseWindow(id) {
			windowId.value = String(id);
			history.replaceState(null, '', `?venue=${venueId.value}&window=${id}`);
			refreshTicket().catch((e) => { error.value = e.message; });
		}

		(async () => {
			try {
				if (!venueId.value) venueId.value = await defaultVenue(session.user);
				if (!venueId.value) {
					error.value = '您所在单位没有服务场所。';
					return;
				}
				await reload();
				connectQueue(venueId.value, { event: reloadSoon, status: (t) => { status.value = t; } });
			} catch (e) {
				error.value = e.message;
			}
		})();

		return {
			user: session.user, state, win, otherWindows, ticket, message, error, status, busy, caseNo,
			transferTo, transferNote, callNext, move, transfer, finish, chooseWindow,
			statusLabel: (s) => STATUS_LABELS[s] || s,
		};
	},
	render,
}));
