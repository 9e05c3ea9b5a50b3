// visits.js — 上门服务 (/visits.html): file a request for someone who cannot come (who, where,
// what, urgency, priority population flags), the list in scope and assigned to me, and the
// moves of a request: 派单 (to a staff member or village agent by account, with a due date),
// 登记上门结果 (outcome and the case number, if a case resulted), 取消.

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/visits.js';
import { api } from '../api.js';
import { startPage } from '../common.js';

const FLAGS = { elderly: '高龄老人', disabled: '残疾人', ill: '重病患者', left_behind: '留守人员' };
const STATUS = { open: '待派单', assigned: '待上门', done: '已上门', cancelled: '已取消' };
const blank = () => ({ person_name: '', phone: '', address: '', flags: [], item_code: '', need: '', urgency: 'normal' });
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

startPage((session) => ({
	setup() {
		const items = ref([]);
		const status = ref('');
		const form = ref(blank());
		const error = ref('');
		const notice = ref('');
		const move = ref({ id: 0, kind: '', assignee_username: '', due_on: today(), outcome: '', case_no: '', reason: '' });

		async function guard(fn) {
			error.value = '';
			try {
				await fn();
			} catch (e) {
				error.value = e.message;
			}
		}
		const load = () => guard(async () => {
			items.value = (await api.get('/visits', { status: status.value })).items;
		});
		const create = () => guard(async () => {
			const body = { ...form.value };
			for (const k of ['phone', 'item_code']) if (!body[k]) delete body[k];
			const v = await api.post('/visits', body);
			notice.value = `已登记 ${v.person_name} 的上门服务申请。`;
			form.value = blank();
			await load();
		});
		const open = (v, kind) => {
			move.value = { ...move.value, id: v.id, kind };
		};
		const act = () => guard(async () => {
			const m = move.value;
			const body = m.kind === 'assign' ? { assignee_username: m.assignee_username.trim(), due_on: m.due_on }
				: m.kind === 'record' ? { outcome: m.outcome, ...(m.case_no ? { case_no: m.case_no.trim() } : {}) }
					: { reason: m.reason };
			await api.post(`/visits/${m.id}/${m.kind}`, body);
			notice.value = '已保存。';
			move.value = { ...m, id: 0, kind: '' };
			await load();
		});

		load();
		return {
			user: session.user, items, status, form, error, notice, move, FLAGS, load, create, open, act,
			statusLabel: (s) => STATUS[s] ?? s,
			flagText: (v) => (v.flags_hidden ? '（不可见）' : v.flags.map((f) => FLAGS[f]).join('、')),
		};
	},
	render,
}));
