// petitions.js — 信访调处. Without ?no=: register a petition or dispute (POST /api/v1/petitions)
// and the list in scope by view (all, open, overdue, mine). With ?no=: one petition, its
// timeline, and the actions its state allows (POST /api/v1/petitions/{no}/{action}); the
// server decides what is legal and its Chinese message is shown as it comes.

import { reactive, ref, computed } from '../../gen/vue.js';
import { render } from '../../gen/tpl/petitions.js';
import { api } from '../api.js';
import { PETITION_DECIDERS, formatTime, queryParam, startPage } from '../common.js';

const CHANNEL_LABELS = { visit: '来访', letter: '来信', phone: '来电', online: '网上信访', referral: '上级转交' };
const ROLE_LABELS = { petitioner: '信访人', respondent: '被反映人', other: '其他当事人' };
const RESPONSE_LABELS = { satisfied: '满意', unsatisfied: '不满意', no_response: '未表态' };
const ACTION_LABELS = {
	accept: '受理', decline: '不予受理', assign: '指派承办人', mediate: '调处', transfer: '转送交办',
	reply: '答复', close: '办结',
};
// What each state allows (src/domain/petition_rules.h); deciding needs PETITION_DECIDERS.
const MOVES = {
	registered: ['accept', 'decline', 'transfer', 'assign'],
	accepted: ['mediate', 'reply', 'transfer', 'assign'],
	transferred: ['reply', 'assign'],
	replied: ['close'],
};
const DECIDING = ['accept', 'decline', 'assign', 'transfer'];
const VIEWS = [
	{ code: 'open', label: '办理中' },
	{ code: 'overdue', label: '超期督办' },
	{ code: 'mine', label: '我承办的' },
	{ code: 'all', label: '全部' },
];

function registerBody(f) {
	const petitioner = { name: f.petitioner.trim(), role: 'petitioner' };
	if (f.phone.trim()) petitioner.phone = f.phone.trim();
	const parties = [petitioner];
	if (f.respondent.trim()) parties.push({ name: f.respondent.trim(), role: 'respondent' });
	const body = { kind: f.kind, channel: f.channel, subject: f.subject.trim(), content: f.content.trim(), parties };
	if (f.received_on) body.received_on = f.received_on;
	return body;
}

// The action form as the API body: empty fields left out.
function actionBody(a) {
	const out = {};
	for (const [k, v] of Object.entries(a)) if (typeof v === 'string' && v.trim()) out[k] = v.trim();
	return out;
}

startPage((session) => ({
	setup() {
		const no = queryParam('no');
		const form = reactive({ kind: 'petition', channel: 'visit', petitioner: '', phone: '', respondent: '', received_on: '', subject: '', content: '' });
		const limits = ref({ accept_days: 15, reply_days: 60 });
		const items = ref([]);
		const total = ref(0);
		const view = ref('open');
		const busy = ref(false);
		const formError = ref('');
		const listError = ref('');
		const loadError = ref('');
		const actError = ref('');
		const p = ref(null);
		const chosen = ref('');
		const act = reactive({});
		const decider = PETITION_DECIDERS.includes(session.user.role);
		const actions = computed(() => (p.value ? (MOVES[p.value.status] || []).filter((a) => decider || !DECIDING.includes(a)) : []));

		async function loadList() {
			try {
				const r = await api.get('/petitions', { view: view.value, limit: 200 });
				items.value = r.items;
				total.value = r.total;
				listError.value = '';
			} catch (e) {
				listError.value = e.message;
			}
		}

		async function loadOne() {
			try {
				p.value = await api.get(`/petitions/${encodeURIComponent(no)}`);
				document.title = `${p.value.subject} - 信访调处 - 白河县便民服务系统`;
			} catch (e) {
				loadError.value = e.message;
			}
		}

		function show(code) {
			view.value = code;
			loadList();
		}

		async function register() {
			busy.value = true;
			formError.value = '';
			try {
				const created = await api.post('/petitions', registerBody(form));
				location.assign(`petitions.html?no=${encodeURIComponent(created.no)}`);
			} catch (e) {
				formError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		function choose(a) {
			chosen.value = a;
			actError.value = '';
			for (const k of Object.keys(act)) delete act[k];
			if (a === 'mediate') act.result = 'agreed';
			if (a === 'close') act.response = 'satisfied';
		}

		async function perform() {
			busy.value = true;
			actError.value = '';
			try {
				p.value = await api.post(`/petitions/${encodeURIComponent(no)}/${chosen.value}`, actionBody(act));
				chosen.value = '';
			} catch (e) {
				actError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		const eventLabel = (action) => {
			const a = action.replace(/^petition\./, '');
			return a === 'register' ? '登记' : ACTION_LABELS[a] || a;
		};

		if (no) loadOne();
		else {
			loadList();
			api.get('/settings/petitions').then((r) => { limits.value = r; }, () => {});
		}
		return {
			user: session.user, no, form, limits, items, total, view, views: VIEWS, busy, formError,
			listError, loadError, actError, p, chosen, act, actions, show, register, choose, perform,
			eventLabel, formatTime, channelLabels: CHANNEL_LABELS, roleLabels: ROLE_LABELS,
			responseLabels: RESPONSE_LABELS, actionLabels: ACTION_LABELS,
		};
	},
	render,
}));
