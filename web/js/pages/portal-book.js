// portal-book.js — 预约办事 (/portal/book.html, no login; ?venue=N preselects a venue): the
// citizen chooses town → venue → 业务 (item group) → day → slot, gives name and mobile number and
// gets the booking code; below, 查看/取消预约 with the phone and the code. Works on a phone.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-book.js';
import { api } from '../api.js';
import { mountPage, queryParam } from '../common.js';

const BookPage = {
	name: 'PortalBookPage',
	setup() {
		const towns = ref([]);
		const town = ref('');
		const venues = ref([]);
		const venue = ref(queryParam('venue') || '');
		const groups = ref([]);
		const group = ref('');
		const days = ref([]);
		const day = ref('');
		const slot = ref(null);
		const name = ref('');
		const phone = ref('');
		const booked = ref(null);
		const error = ref('');
		const busy = ref(false);
		const lookPhone = ref('');
		const lookCode = ref('');
		const found = ref(null);
		const lookError = ref('');

		const slots = computed(() => days.value.find((d) => d.date === day.value)?.slots ?? []);

		async function guard(fn, errRef = error) {
			errRef.value = '';
			busy.value = true;
			try {
				await fn();
			} catch (e) {
				errRef.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		const loadTowns = () => guard(async () => {
			towns.value = (await api.get('/public/orgs', { level: 'town', limit: 100 })).items;
		});
		const chooseTown = () => guard(async () => {
			venue.value = '';
			groups.value = [];
			venues.value = (await api.get('/public/venues', { org: town.value, limit: 100 })).items
				.filter((v) => v.kind === 'hall' || v.kind === 'center');
		});
		const chooseVenue = () => guard(async () => {
			group.value = '';
			days.value = [];
			groups.value = venue.value ? (await api.get(`/venues/${venue.value}/queue`)).groups : [];
		});
		const chooseGroup = () => guard(async () => {
			day.value = '';
			slot.value = null;
			days.value = group.value
				? (await api.get(`/venues/${venue.value}/appointment-slots`, { group: group.value })).days : [];
			if (days.value.length) day.value = days.value[0].date;
		});
		const book = () => guard(async () => {
			booked.value = await api.post('/appointments', {
				venue_id: Number(venue.value), group_id: Number(group.value), slot_start: slot.value.start,
				name: name.value.trim(), phone: phone.value.trim(),
			});
			lookPhone.value = phone.value.trim();
			lookCode.value = booked.value.code;
		});
		const look = () => guard(async () => {
			found.value = await api.get('/appointments/mine', { phone: lookPhone.value.trim(), code: lookCode.value.trim().toUpperCase() });
		}, lookError);
		const cancel = () => guard(async () => {
			const q = new URLSearchParams({ phone: lookPhone.value.trim(), code: lookCode.value.trim().toUpperCase() });
			found.value = await api.delete(`/appointments/mine?${q}`);
			if (booked.value && booked.value.id === found.value.id) booked.value = null;
			if (group.value) await chooseGroup();
		}, lookError);

		loadTowns();
		if (venue.value) chooseVenue();

		return {
			towns, town, venues, venue, groups, group, days, day, slots, slot, name, phone, booked, error,
			busy, lookPhone, lookCode, found, lookError, chooseTown, chooseVenue, chooseGroup, book, look,
			cancel,
			time: (iso) => iso.slice(11, 16),
			weekday: (date) => '日一二三四五六'[new Date(`${date}T12:00:00+08:00`).getUTCDay()],
			statusLabel: (s) => ({ booked: '已预约', cancelled: '已取消', closed: '已取消（场所暂停预约）',
				checked_in: '已签到', missed: '已过期未到' })[s] ?? s,
		};
	},
	render,
};

mountPage(BookPage);
