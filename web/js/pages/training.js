// training.js — 业务培训: the sessions of a year in scope (GET /api/v1/training/sessions), a new
// session (POST, venue managers, the county), the roll of a session with attendance ticking
// (GET/PUT /api/v1/training/sessions/{id}/attendance), plan versus held per venue with the
// plan form (GET /api/v1/training/plans, PUT /api/v1/training/plans/{venue}/{year}), coverage —
// the staff not trained this year (GET /api/v1/training/coverage) — and one's own attendance.

import { computed, reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/training.js';
import { api } from '../api.js';
import { startPage } from '../common.js';

const TRAINING_WRITERS = ['venue_manager', 'county_supervisor', 'admin'];
const KIND_LABELS = { training: '业务培训', site_meeting: '现场会' };
const ROLE_LABELS = { window_staff: '窗口人员', venue_manager: '站长', village_agent: '代办员' };

// Today in China as YYYY-MM-DD.
function chinaToday() {
	return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// A rate in per mille as a percentage, "—" when undefined.
const permille = (v) => (v === null || v === undefined ? '—' : `${(v / 10).toFixed(1)}%`);
const hours = (h) => (Number.isFinite(h) ? h.toFixed(1) : '—');

function emptySession() {
	return { venue_id: '', kind: 'training', topic: '', day: chinaToday(), hours: '', trainer: '', audience: '', own_org: false };
}

startPage((session) => ({
	setup() {
		const user = session.user;
		const canWrite = TRAINING_WRITERS.includes(user.role);
		const thisYear = Number(chinaToday().slice(0, 4));
		const year = ref(thisYear);
		const years = [thisYear, thisYear - 1, thisYear - 2];
		const sessions = ref([]);
		const plans = ref([]);
		const coverage = ref(null);
		const mine = ref([]);
		const venues = ref([]);
		const error = ref('');
		const busy = ref(false);
		const form = reactive(emptySession());
		const formError = ref('');
		const saved = ref('');
		const rollFor = ref(null); // the session whose roll is open
		const roll = ref([]);
		const rollError = ref('');
		const rollSaved = ref('');
		const planFor = ref(0);
		const plan = reactive({ planned_sessions: 0, planned_hours: 0, topics: '' });
		const planError = ref('');

		const laggards = computed(() => (coverage.value ? coverage.value.venues.filter((v) => v.untrained.length) : []));

		async function load() {
			error.value = '';
			try {
				const [s, p, c, m] = await Promise.all([
					api.get('/training/sessions', { year: year.value, limit: 500 }),
					api.get('/training/plans', { year: year.value }),
					api.get('/training/coverage', { year: year.value }),
					api.get('/training/attendance/mine', { year: year.value }),
				]);
				sessions.value = s.items;
				plans.value = p.items;
				coverage.value = c;
				mine.value = m.items;
			} catch (e) {
				error.value = e.message;
			}
		}

		async function loadVenues() {
			if (!canWrite) return;
			try {
				venues.value = (await api.get('/venues', { limit: 1000 })).items;
			} catch (e) {
				formError.value = e.message;
			}
		}

		function sessionBody() {
			const body = {
				venue_id: Number(form.venue_id), kind: form.kind, topic: form.topic.trim(), day: form.day,
				hours: Number(form.hours), trainer: form.trainer.trim(),
			};
			if (form.audience.trim()) body.audience = form.audience.trim();
			if (form.own_org) body.org_code = user.org_code;
			return body;
		}

		async function createSession() {
			busy.value = true;
			formError.value = '';
			saved.value = '';
			try {
				const s = await api.post('/training/sessions', sessionBody());
				saved.value = `已登记：${s.day} ${s.topic}`;
				Object.assign(form, emptySession());
				year.value = Number(s.day.slice(0, 4));
				await load();
				await openRoll(s);
			} catch (e) {
				formError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		async function openRoll(s) {
			rollFor.value = s;
			rollError.value = '';
			rollSaved.value = '';
			try {
				roll.value = (await api.get(`/training/sessions/${s.id}/attendance`)).items.map((p) => ({ ...p }));
			} catch (e) {
				rollError.value = e.message;
			}
		}

		async function saveRoll() {
			busy.value = true;
			rollError.value = '';
			rollSaved.value = '';
			const records = roll.value
				.filter((p) => p.status !== 'unrecorded')
				.map((p) => (p.status === 'attended'
					? { user_id: p.user_id, attended: true }
					: { user_id: p.user_id, attended: false, absence_reason: p.absence_reason.trim() }));
			try {
				if (!records.length) throw new Error('请至少登记一人的参训情况');
				roll.value = (await api.put(`/training/sessions/${rollFor.value.id}/attendance`, { records })).items;
				rollSaved.value = `已保存 ${records.length} 人的参训情况`;
				await load();
			} catch (e) {
				rollError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		async function removeSession(s) {
			if (!window.confirm(`删除培训“${s.topic}”及其参训记录？`)) return;
			try {
				await api.delete(`/training/sessions/${s.id}`);
				if (rollFor.value && rollFor.value.id === s.id) rollFor.value = null;
				await load();
			} catch (e) {
				error.value = e.message;
			}
		}

		function editPlan(p) {
			planFor.value = p.venue_id;
			planError.value = '';
			Object.assign(plan, { planned_sessions: p.planned_sessions, planned_hours: p.planned_hours, topics: p.topics });
		}

		async function savePlan() {
			busy.value = true;
			planError.value = '';
			try {
				await api.put(`/training/plans/${planFor.value}/${year.value}`, {
					planned_sessions: Number(plan.planned_sessions), planned_hours: Number(plan.planned_hours), topics: plan.topics.trim(),
				});
				planFor.value = 0;
				await load();
			} catch (e) {
				planError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		function changeYear() {
			rollFor.value = null;
			load();
		}

		load();
		loadVenues();
		return {
			user, canWrite, year, years, sessions, plans, coverage, laggards, mine, venues, error, busy, form,
			formError, saved, rollFor, roll, rollError, rollSaved, planFor, plan, planError, KIND_LABELS,
			ROLE_LABELS, permille, hours, createSession, openRoll, saveRoll, removeSession, editPlan, savePlan,
			changeYear,
		};
	},
	render,
}));
