// calls.js — 电话服务: log a call (POST /api/v1/calls), the callback list of the venues in
// scope (GET /api/v1/calls?view=callbacks, soonest due first) with 标记已回电
// (POST /api/v1/calls/{id}/callback-done), and the latest calls.

import { reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/calls.js';
import { api } from '../api.js';
import { chinaTime, formatTime, startPage } from '../common.js';

const EMPTY = { caller_name: '', phone: '', question: '', item_code: '', case_no: '', answer: '', callback_due_at: '' };

// The form as the API body: empty optional fields left out.
function body(form) {
	const out = {};
	for (const [k, v] of Object.entries(form)) {
		const value = typeof v === 'string' ? v.trim() : v;
		if (value) out[k] = k === 'callback_due_at' ? chinaTime(value) : value;
	}
	return out;
}

startPage((session) => ({
	setup() {
		const form = reactive({ ...EMPTY });
		const calls = ref([]);
		const total = ref(0);
		const callbacks = ref([]);
		const busy = ref(false);
		const formError = ref('');
		const listError = ref('');
		const saved = ref('');
		const doneFor = ref(0);
		const doneNote = ref('');

		async function load() {
			try {
				const [log, open] = await Promise.all([
					api.get('/calls', { limit: 50 }),
					api.get('/calls', { view: 'callbacks', limit: 200 }),
				]);
				calls.value = log.items;
				total.value = log.total;
				callbacks.value = open.items;
			} catch (e) {
				listError.value = e.message;
			}
		}

		async function logCall() {
			busy.value = true;
			formError.value = '';
			saved.value = '';
			try {
				const c = await api.post('/calls', body(form));
				Object.assign(form, EMPTY);
				saved.value = `已登记来电（编号 ${c.id}）`;
				await load();
			} catch (e) {
				formError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		function startDone(c) {
			doneFor.value = c.id;
			doneNote.value = '';
		}

		async function markDone(c) {
			busy.value = true;
			listError.value = '';
			try {
				await api.post(`/calls/${c.id}/callback-done`, { note: doneNote.value.trim() });
				doneFor.value = 0;
				await load();
			} catch (e) {
				listError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		load();
		return {
			user: session.user, form, calls, total, callbacks, busy, formError, listError, saved,
			doneFor, doneNote, logCall, startDone, markDone, formatTime,
		};
	},
	render,
}));
