// cases.js — what the case (办件) and inquiry (首问) pages share: the labels of their codes,
// dates and times as people read them, which actions a case's state allows (mirroring the
// table in src/domain/case_rules.h, so the page offers only what the server will take), the
// due-date urgency and its colour, addresses of the case pages, print pages and the public
// progress page, the caller's own venues, and turning an ApiError into a message next to the
// field it names.

import { api } from './api.js';
import { label } from './common.js';

export const CASE_STATUS_LABELS = {
	draft: '登记中',
	notified: '已一次性告知',
	accepted: '已受理',
	forwarded: '转办中',
	suspended: '暂停计时中',
	completed: '已办结',
	rejected_at_intake: '不予受理',
	delivered: '已送达',
	terminated: '已终止',
};
export const CHANNEL_LABELS = {
	window: '窗口受理',
	village_agency: '村代办',
	phone: '电话预约',
	door_to_door: '上门服务',
	online: '网上申请',
};
export const REASON_KIND_LABELS = {
	supplement: '补正材料',
	hearing: '听证',
	inspection: '现场核查',
	appraisal: '检验检测鉴定',
	expert_review: '专家评审',
};
export const DELIVERY_LABELS = {
	window_pickup: '窗口领取',
	post: '邮寄送达',
	to_village: '送达到村（社区）',
	to_door: '送达上门',
};
export const OUTCOME_LABELS = { approved: '准予', disapproved: '不予批准' };
export const STEP_KIND_LABELS = { handover: '代办移交', forward: '转报', process: '办理环节' };
export const ACTION_LABELS = {
	intake: '登记',
	notice: '一次性告知',
	accept: '受理',
	reject: '不予受理',
	suspend: '暂停计时',
	resume: '恢复计时',
	forward: '转办',
	complete: '办结',
	deliver: '送达',
	terminate: '终止办理',
	materials: '补交材料',
	advance: '环节办结',
};
export const BREACH_LABELS = { notice_not_listed: '告知单外补要材料', late_step: '环节超时' };
export const INQUIRY_STATUS_LABELS = {
	open: '待处理',
	answered: '已解答',
	handed_over: '已引导移交',
	accepted: '已受理',
};
export const URGENCY_LABELS = {
	overdue: '已超期',
	due_today: '今日到期',
	due_soon: '即将到期',
	normal: '正常',
};

export const options = (table) => Object.entries(table).map(([value, text]) => ({ value, text }));

export const statusText = (c) => c.status_label || label(CASE_STATUS_LABELS, c.status);

// "2025-09-26T09:05:00+08:00" -> "2025年9月26日 09:05", as the server wrote it (county time).
export function formatTime(rfc3339) {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339 || '');
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}` : '';
}

// The date part of an RFC 3339 time: "2025-09-26".
export const datePart = (rfc3339) => (rfc3339 || '').slice(0, 10);

// Today in the county (China Standard Time, as the server counts dates), "YYYY-MM-DD",
// whatever the time zone of the computer showing the page.
const COUNTY_DAY = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
});
export const todayIso = () => COUNTY_DAY.format(new Date());

// A list field of the item document or a notice that may come as text or as a list of texts.
export const asList = (v) => (Array.isArray(v) ? v : v ? [v] : []);

// --- what may be done next (src/domain/case_rules.h) --------------------------------------

const BEFORE_ACCEPT = ['notice', 'accept', 'reject', 'forward', 'terminate'];
const MOVES = {
	draft: BEFORE_ACCEPT,
	notified: BEFORE_ACCEPT,
	forwarded: BEFORE_ACCEPT,
	accepted: ['suspend', 'forward', 'complete', 'terminate'],
	suspended: ['resume', 'terminate'],
	completed: ['deliver'],
};

export const missingMaterials = (c) => (c.materials || []).filter((m) => !m.received);

export const openProcessStep = (c) =>
	(c.steps || []).find((s) => s.kind === 'process' && !s.finished_at) || null;

// The actions the case's state allows, in the order a window works: a case accepted before
// and forwarded here is received ("accept") but takes no notice or refusal any more; materials
// handed in later and finishing a process step are offered while they make sense. Nothing is
// offered while the case is at another org's venue (the server's `actionable`).
export function legalActions(c) {
	if (c.actionable === false) return []; // the case is at another org's venue now
	let acts = [...(MOVES[c.status] || [])];
	if (c.accepted_at) acts = acts.filter((a) => a !== 'notice' && a !== 'reject');
	if (c.status === 'accepted' && openProcessStep(c)) acts.unshift('advance');
	if (MOVES[c.status] && c.status !== 'completed' && missingMaterials(c).length) acts.push('materials');
	return acts;
}

// --- due dates ----------------------------------------------------------------------------

// The urgency of a case without a list's summary (the case page): by calendar date only.
export function urgencyOf(dueDate, doneAt) {
	if (!dueDate || doneAt) return null;
	const today = todayIso();
	if (dueDate < today) return 'overdue';
	if (dueDate === today) return 'due_today';
	return 'normal';
}

// The CSS class of a due date by urgency: red, orange, yellow, green.
export const urgencyClass = (u) => (u ? `due due-${u.replace('_', '-')}` : 'due');

// "已超期 2 个工作日" / "今日到期" / "剩 3 个工作日" from a list summary.
export function dueText(s) {
	if (!s.due_date) return '—';
	const n = s.working_days_left;
	if (s.urgency === 'overdue') return Number.isInteger(n) && n < 0 ? `已超期 ${-n} 个工作日` : '已超期';
	if (s.urgency === 'due_today') return '今日到期';
	return Number.isInteger(n) ? `剩 ${n} 个工作日` : '';
}

// --- addresses ----------------------------------------------------------------------------

export const caseHref = (no) => `/case.html?no=${encodeURIComponent(no)}`;
export const printHref = (kind, no) => `/print/${kind}.html?no=${encodeURIComponent(no)}`;
export const qrSrc = (no) => `/api/v1/cases/${encodeURIComponent(no)}/qr.svg`;
// The receipt's second QR code: the public rating page (好差评) of the case.
export const rateQrSrc = (no) => `/api/v1/cases/${encodeURIComponent(no)}/rate-qr.svg`;
// The public progress page the receipt's QR code opens.
export const trackUrl = (no, key) =>
	`${location.origin}/portal/track.html?no=${encodeURIComponent(no)}&key=${encodeURIComponent(key || '')}`;

// --- the caller's venues ------------------------------------------------------------------

// The venues of the user's own org (a case or inquiry is registered at one of them), the main
// one (center, hall or room) first.
export async function ownVenues(user) {
	const r = await api.get('/venues', { org: user.org_code, limit: 100 });
	const main = (v) => (['center', 'hall', 'room'].includes(v.kind) ? 0 : 1);
	return [...r.items].sort((a, b) => main(a) - main(b) || a.id - b.id);
}

// --- errors next to fields ----------------------------------------------------------------

// Puts an API error in `errors` (a reactive object): under its field path when it names one
// the form shows (`known`), else under '' for the form as a whole.
export function showError(errors, e, known = []) {
	for (const k of Object.keys(errors)) delete errors[k];
	const field = (e && e.field) || '';
	// "materials_received[2]" is shown with "materials_received".
	const shown = known.find((k) => field === k || field.startsWith(`${k}[`)) ||
		known.find((k) => field.startsWith(`${k}.`));
	if (shown) errors[shown] = e.message;
	else errors[''] = (e && e.message) || '操作失败，请重试';
}

// A list of names typed one per line (or separated by "、，,；;").
export const namesFrom = (text) =>
	String(text || '').split(/[\r\n、，,；;]+/).map((s) => s.trim()).filter(Boolean);
