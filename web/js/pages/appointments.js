// appointments.js — 预约 (/appointments.html?venue=N; without ?venue the hall of the user's org):
// the day's appointments by slot with their group and windows, 签到 (check-in → a queue ticket),
// and for the venue manager 暂停预约: close slots for an emergency (the citizens are told).

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/appointments.js';
import { api } from '../api.js';
import { queryParam, startPage } from '../common.js';

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

async function defaultVenue(user) {
	const list = await api.get('/venues', { org: user.org_code });
	const hall = list.items.find((v) => v.kind === 'hall' || v.kind === 'center') || list.items[0];
	if (!hall) throw new Error('本单位没有服务场所。');
	return String(hall.id);
}

startPage((session) => ({
	setup() {
		const user = session.user;
		const venue = ref(queryParam('venue') || '');
		const date = ref(queryParam('date') || today());
		const items = ref([]);
		const groups = ref([]);
		const error = ref('');
		const notice = ref('');
		const closure = ref({ group_id: '', date: today(), from: '08:30', to: '12:00', reason: '' });
		const isManager = ['venue_manager', 'county_supervisor', 'admin'].includes(user.role);

		async function load() {
			error.value = '';
			try {
				if (!venue.value) venue.value = await defaultVenue(user);
				groups.value = (await api.get(`/venues/${venue.value}/queue`)).groups;
				items.value = (await api.get(`/venues/${venue.value}/appointments`, { date: date.value })).items;
			} catch (e) {
				error.value = e.message;
			}
		}

		async function checkIn(a) {
			error.value = '';
			try {
				const r = await api.post(`/appointments/${a.id}/check-in`, {});
				notice.value = `${a.name} 已签到，排队号 ${r.ticket.number}`;
				await load();
			} catch (e) {
				error.value = e.message;
			}
		}

		async function closeSlots() {
			error.value = '';
			const c = closure.value;
			try {
				const r = await api.post(`/venues/${venue.value}/appointment-closures`, {
					group_id: c.group_id ? Number(c.group_id) : undefined,
					starts_at: `${c.date}T${c.from}:00+08:00`, ends_at: `${c.date}T${c.to}:00+08:00`,
					reason: c.reason.trim(),
				});
				notice.value = `已暂停预约，取消 ${r.closed} 个预约并通知群众。`;
				await load();
			} catch (e) {
				error.value = e.message;
			}
		}

		load();
		return {
			user, date, items, groups, error, notice, closure, isManager, load, checkIn, closeSlots,
			time: (iso) => iso.slice(11, 16),
			statusLabel: (s) => ({ booked: '已预约', cancelled: '已取消', closed: '已暂停',
				checked_in: '已签到', missed: '未到' })[s] ?? s,
		};
	},
	render,
}));
