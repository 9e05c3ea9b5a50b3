// windows.js — 窗口与AB岗 (/windows.html?venue=N; without ?venue the hall of the user's own org):
// for the venue manager, who is on duty at each window now (GET /api/v1/venues/{id}/duty), the
// coverage gaps, posts without a B holder, people holding too many posts, the live gap alerts
// of the manager's scope (GET /api/v1/duty/gaps), the A/B holders of each window (PATCH
// /api/v1/windows/{id}), the item groups, and absences: booking (POST /api/v1/absences, the
// server's refusal shown as it comes — e.g. the AB rule naming the post and the colleague),
// the list and cancelling.

import { reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/windows.js';
import { api } from '../api.js';
import { VENUE_EDITORS, queryParam, startPage } from '../common.js';

const ABSENCE_KINDS = [
	{ code: 'leave', label: '休假' },
	{ code: 'training', label: '培训' },
	{ code: 'trip', label: '出差' },
	{ code: 'sick', label: '病假' },
];

function today() {
	const d = new Date();
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// The venue to show: ?venue=N, else the hall (or centre) of the user's org.
async function venueId(user) {
	const given = queryParam('venue');
	if (given) return given;
	const list = await api.get('/venues', { org: user.org_code });
	const hall = list.items.find((v) => v.kind === 'hall' || v.kind === 'center') || list.items[0];
	if (!hall) throw new Error('本单位没有服务场所。');
	return String(hall.id);
}

function windowsPage(session) {
	return {
		name: 'WindowsPage',
		setup() {
			const venue = ref(null);
			const board = ref(null);
			const groups = ref([]);
			const staff = ref([]);
			const absences = ref([]);
			const gaps = ref([]);
			const loadError = ref('');
			const canEdit = VENUE_EDITORS.includes(session.user.role);
			const form = reactive({ user_id: '', kind: 'leave', start_date: today(), end_date: today(), note: '' });
			const absenceError = ref('');
			const absenceSaved = ref('');
			const holders = reactive({}); // window id -> {a, b}
			const holderError = ref('');
			const holderSaved = ref('');
			let id = '';

			async function load() {
				const [b, g, s, a] = await Promise.all([
					api.get(`/venues/${id}/duty`),
					api.get(`/venues/${id}/groups`),
					api.get(`/venues/${id}/staff`),
					api.get('/absences', { venue: id, from: today() }),
				]);
				board.value = b;
				groups.value = g.items;
				staff.value = s.items;
				absences.value = a.items;
				for (const w of b.windows)
					holders[w.id] = { a: w.a_user ? w.a_user.id : '', b: w.b_user ? w.b_user.id : '' };
				if (canEdit) gaps.value = (await api.get('/duty/gaps')).items;
			}

			venueId(session.user)
				.then(async (v) => {
					id = v;
					venue.value = await api.get(`/venues/${id}`);
					document.title = `${venue.value.name} 窗口与AB岗 - 白河县便民服务系统`;
					await load();
				})
				.catch((e) => {
					loadError.value = e.message;
				});

			async function bookAbsence() {
				absenceError.value = '';
				absenceSaved.value = '';
				if (!form.user_id) {
					absenceError.value = '请选择离岗人员。';
					return;
				}
				try {
					const a = await api.post('/absences', {
						user_id: Number(form.user_id), kind: form.kind, start_date: form.start_date,
						end_date: form.end_date, note: form.note.trim(),
					});
					absenceSaved.value = `已登记：${a.user.display_name} ${a.start_date} 至 ${a.end_date} ${a.kind_label}。`;
					await load();
				} catch (e) {
					absenceError.value = e.message;
				}
			}

			async function cancelAbsence(a) {
				absenceError.value = '';
				try {
					await api.delete(`/absences/${a.id}`);
					absenceSaved.value = `已取消：${a.user.display_name} ${a.start_date} 至 ${a.end_date} ${a.kind_label}。`;
					await load();
				} catch (e) {
					absenceError.value = e.message;
				}
			}

			async function saveHolders(w) {
				holderError.value = '';
				holderSaved.value = '';
				const h = holders[w.id];
				try {
					await api.patch(`/windows/${w.id}`, {
						a_user_id: h.a === '' ? null : Number(h.a),
						b_user_id: h.b === '' ? null : Number(h.b),
					});
					holderSaved.value = `${w.number} 号窗口的 A/B 岗已保存。`;
					await load();
				} catch (e) {
					holderError.value = e.message;
				}
			}

			const nameOf = (u) => (u ? u.display_name : '—');
			const groupNames = (w) => w.groups.map((g) => `${g.code} ${g.name}`).join('、') || '—';
			const postsOf = (o) => o.windows.map((p) => `${p.venue_name} ${p.number} 号窗口（${p.post}岗）`).join('；');
			const timeOf = (iso) => (iso ? iso.slice(11, 16) : '');
			const absenceText = (x) => (x ? `${x.kind_label}（${x.start_date} 至 ${x.end_date}）` : '');

			return {
				user: session.user, venue, board, groups, staff, absences, gaps, loadError, canEdit,
				form, absenceKinds: ABSENCE_KINDS, absenceError, absenceSaved, bookAbsence,
				cancelAbsence, holders, holderError, holderSaved, saveHolders, nameOf, groupNames,
				postsOf, timeOf, absenceText,
			};
		},
		render,
	};
}

startPage(windowsPage);
