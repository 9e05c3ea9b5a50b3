// ratings.js — 好差评 for staff (/ratings.html): the figures of the caller's scope
// (GET /api/v1/ratings/stats), the rectification tasks of 差评 by view with their next move
// (回访 → 整改 → 群众评价, POST /api/v1/rectifications/{id}/{move}), appeals with the county's
// decision (POST /api/v1/appeals/{id}/decide), the ratings by level with 申诉
// (POST /api/v1/ratings/{id}/appeal), and paper forms entered by staff (channel "paper").

import { reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/ratings.js';
import { api } from '../api.js';
import {
	APPEALERS, APPEAL_DECIDERS, PAPER_RATERS, RECTIFIERS, formatDate, formatTime, startPage,
} from '../common.js';

const LEVELS = [
	{ code: 'very_satisfied', label: '非常满意' },
	{ code: 'satisfied', label: '满意' },
	{ code: 'basic', label: '基本满意' },
	{ code: 'dissatisfied', label: '不满意' },
	{ code: 'very_dissatisfied', label: '非常不满意' },
];
const TASK_VIEWS = [
	{ code: 'open', label: '待整改' },
	{ code: 'overdue', label: '超期' },
	{ code: 'all', label: '全部' },
];
const CITIZEN_VIEWS = [
	{ code: 'satisfied', label: '满意' },
	{ code: 'basically_satisfied', label: '基本满意' },
	{ code: 'unsatisfied', label: '不满意' },
	{ code: 'no_response', label: '未回应' },
];
const CHANNELS = { onsite: '现场', online: '网上', paper: '纸质' };
const APPEAL_STATUS = { pending: '待复核', upheld: '成立', rejected: '驳回' };

startPage((session) => ({
	setup() {
		const role = session.user.role;
		const figures = ref(null);
		const tasks = ref([]);
		const tasksTotal = ref(0);
		const taskView = ref('open');
		const appeals = ref([]);
		const ratings = ref([]);
		const ratingsTotal = ref(0);
		const level = ref('');
		const drafts = reactive({});
		const paper = reactive({ no: '', level: '', comment: '' });
		const error = ref('');
		const busy = ref(false);

		const guard = async (fn) => {
			busy.value = true;
			try {
				await fn();
				error.value = '';
			} catch (e) {
				error.value = e.message;
			} finally {
				busy.value = false;
			}
		};

		async function loadAll() {
			const [f, t, a, r] = await Promise.all([
				api.get('/ratings/stats'),
				api.get('/rectifications', { view: taskView.value, limit: 200 }),
				api.get('/appeals', { limit: 200 }),
				api.get('/ratings', { level: level.value, limit: 200 }),
			]);
			figures.value = f;
			tasks.value = t.items;
			tasksTotal.value = t.total;
			appeals.value = a.items;
			ratings.value = r.items;
			ratingsTotal.value = r.total;
		}
		const reload = () => guard(loadAll);

		const nextMove = (t) => {
			if (t.status === 'open') return t.followed_up_at ? 'rectify' : 'follow-up';
			if (t.status === 'rectified' && !t.citizen_view) return 'citizen-view';
			return '';
		};
		const moveLabel = (t) => ({ 'follow-up': '登记回访', rectify: '登记整改', 'citizen-view': '记录群众评价' })[nextMove(t)];
		const taskStage = (t) => {
			if (t.status === 'cancelled') return `已取消（${t.cancelled_reason || '申诉成立'}）`;
			if (t.status === 'rectified') return `已整改：${t.outcome}${t.citizen_view ? '；群众' + (CITIZEN_VIEWS.find((v) => v.code === t.citizen_view)?.label || '') : ''}`;
			return t.followed_up_at ? `已回访：${t.follow_up_note}` : '待回访';
		};

		function move(t) {
			const m = nextMove(t);
			const text = (drafts[t.id] || '').trim();
			const body = m === 'follow-up' ? { note: text } : m === 'rectify' ? { outcome: text } : { view: text };
			guard(async () => {
				await api.post(`/rectifications/${t.id}/${m}`, body);
				drafts[t.id] = '';
				await loadAll();
			});
		}

		function appeal(r) {
			guard(async () => {
				await api.post(`/ratings/${r.id}/appeal`, {
					reason_kind: drafts['k' + r.id] || 'mistaken', reason: (drafts['r' + r.id] || '').trim(),
				});
				await loadAll();
			});
		}

		function decide(a, decision) {
			guard(async () => {
				await api.post(`/appeals/${a.id}/decide`, { decision, reason: (drafts['a' + a.id] || '').trim() });
				await loadAll();
			});
		}

		function enterPaper() {
			const body = { no: paper.no.trim(), channel: 'paper', level: paper.level };
			if (paper.comment.trim()) body.comment = paper.comment.trim();
			guard(async () => {
				await api.post('/ratings', body);
				Object.assign(paper, { no: '', level: '', comment: '' });
				await loadAll();
			});
		}

		reload();
		return {
			user: session.user, figures, tasks, tasksTotal, taskView, appeals, ratings, ratingsTotal, level,
			drafts, paper, error, busy, levels: LEVELS, taskViews: TASK_VIEWS, citizenViews: CITIZEN_VIEWS,
			canRectify: RECTIFIERS.includes(role), canAppeal: APPEALERS.includes(role),
			canDecide: APPEAL_DECIDERS.includes(role), canEnterPaper: PAPER_RATERS.includes(role),
			showTasks: (v) => { taskView.value = v; reload(); },
			showLevel: (l) => { level.value = l; reload(); },
			levelLabel: (code) => LEVELS.find((l) => l.code === code)?.label || code,
			channelLabel: (r) => CHANNELS[r.channel] + (r.entered_by ? `（${r.entered_by}录入）` : ''),
			appealStatus: (s) => APPEAL_STATUS[s] || s,
			percent: (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`),
			nextMove, moveLabel, taskStage, move, appeal, decide, enterPaper, formatDate, formatTime,
		};
	},
	render,
}));
