// notifications.js — 消息通知: the outbox of messages to citizens in the caller's scope
// (GET /api/v1/notifications?status=), and 立即重发 (POST /api/v1/notifications/{id}/retry).

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/notifications.js';
import { api } from '../api.js';
import { NOTIFY_RETRIERS, formatTime, startPage } from '../common.js';

const STATUSES = [
	{ code: '', label: '全部' },
	{ code: 'pending', label: '待发送' },
	{ code: 'failed', label: '发送失败' },
	{ code: 'sent', label: '已发送' },
];

startPage((session) => ({
	setup() {
		const messages = ref([]);
		const total = ref(0);
		const status = ref('');
		const error = ref('');
		const busy = ref(false);

		async function load() {
			try {
				const r = await api.get('/notifications', { status: status.value, limit: 200 });
				messages.value = r.items;
				total.value = r.total;
				error.value = '';
			} catch (e) {
				error.value = e.message;
			}
		}

		function show(code) {
			status.value = code;
			load();
		}

		async function retry(m) {
			busy.value = true;
			try {
				await api.post(`/notifications/${m.id}/retry`, {});
				await load();
			} catch (e) {
				error.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		const statusClass = (s) => (s === 'sent' ? 'tag-done' : s === 'failed' ? 'tag-overdue' : 'tag-due');
		load();
		return {
			user: session.user, messages, total, status, statuses: STATUSES, error, busy,
			canRetry: NOTIFY_RETRIERS.includes(session.user.role), show, retry, statusClass, formatTime,
		};
	},
	render,
}));
