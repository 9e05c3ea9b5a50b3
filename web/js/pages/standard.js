// standard.js — 标准化建设 (F1): the county's checklists per level (GET/PUT
// /api/v1/standard/checklists/{level}; editable by county_supervisor and admin), every covered
// venue's score with its gaps (GET /api/v1/standard/scores, filter by level, town and pilots,
// paginated) with the 标准化试点 toggle (PUT /api/v1/venues/{id}/pilot), and the gap counts
// per criterion in scope (GET /api/v1/standard/gaps). Scores are computed by the server on
// every read, so a saved weight shows in the table at once.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/standard.js';
import { api } from '../api.js';
import { ZONES, formatTime, label, startPage } from '../common.js';

const EDITORS = ['county_supervisor', 'admin'];
const PAGE = 50;

const LEVELS = [
	{ code: 'town', label: '镇便民服务中心' },
	{ code: 'village', label: '村（社区）便民服务室' },
];

// The venue profile fields a criterion may check (src/domain/venue.c venue_fields[]) and the
// rules that fit each type (src/domain/standard_score.h).
const FIELDS = [
	{ code: 'area_m2', label: '面积（平方米）', type: 'int' },
	{ code: 'window_count', label: '窗口数', type: 'int' },
	{ code: 'location', label: '所在位置', type: 'text' },
	{ code: 'open_to_public', label: '开放式柜台', type: 'bool' },
	{ code: 'outdoor_sign', label: '户外标识', type: 'bool' },
	{ code: 'item_screen', label: '事项分类吊屏', type: 'bool' },
	{ code: 'zones', label: '功能分区', type: 'zones' },
	{ code: 'cctv_inside', label: '室内监控', type: 'bool' },
	{ code: 'cctv_outside', label: '室外监控', type: 'bool' },
	{ code: 'post_board', label: '岗位公示牌', type: 'bool' },
	{ code: 'disclosure_board', label: '公开栏', type: 'bool' },
	{ code: 'equipment', label: '设备配置', type: 'text' },
	{ code: 'opened_on', label: '启用日期', type: 'date' },
	{ code: 'phone', label: '联系电话', type: 'text' },
	{ code: 'hours', label: '办公时间', type: 'text' },
];

const RULES = {
	at_least: { label: '不少于', types: ['int', 'zones'], param: 'min' },
	is_true: { label: '具备', types: ['bool'], param: '' },
	not_empty: { label: '已填写', types: ['text', 'date', 'zones'], param: '' },
	contains: { label: '包含', types: ['text', 'zones'], param: 'text' },
};

const fieldOf = (code) => FIELDS.find((f) => f.code === code) || { code, label: code, type: '' };
const zoneLabel = (code) => label(Object.fromEntries(ZONES.map((z) => [z.code, z.label])), code);

// The venue's value as people read it.
function actualText(gap) {
	const v = gap.actual;
	if (v === null || v === undefined) return '未填写';
	if (typeof v === 'boolean') return v ? '有' : '无';
	if (Array.isArray(v)) return v.length ? v.map(zoneLabel).join('、') : '无';
	if (v === '') return '（空）';
	return String(v);
}

// What a criterion asks, e.g. "面积（平方米） 不少于 50".
function ruleText(c) {
	const rule = RULES[c.rule];
	if (!rule) return c.rule;
	const param = rule.param === 'min' ? ` ${c.min}` : rule.param === 'text' ? ` “${c.field === 'zones' ? zoneLabel(c.text) : c.text}”` : '';
	return `${fieldOf(c.field).label} ${rule.label}${param}`;
}

startPage((session) => ({
	setup() {
		const canEdit = EDITORS.includes(session.user.role);
		const level = ref('town');
		const checklist = ref(null);
		const draft = ref([]);
		const editError = ref('');
		const saved = ref('');
		const busy = ref(false);
		const scores = ref({ items: [], total: 0 });
		const filter = ref({ level: '', town: '', pilot: false });
		const offset = ref(0);
		const towns = ref([]);
		const gaps = ref(null);
		const error = ref('');

		const rulesFor = (field) => Object.entries(RULES)
			.filter(([, r]) => r.types.includes(fieldOf(field).type))
			.map(([code, r]) => ({ code, label: r.label }));
		const paramOf = (c) => (RULES[c.rule] ? RULES[c.rule].param : '');
		const weightSum = computed(() => draft.value.reduce((s, c) => s + (Number(c.weight) || 0), 0));

		async function loadChecklist() {
			editError.value = '';
			checklist.value = await api.get(`/standard/checklists/${level.value}`);
			draft.value = checklist.value.criteria.map((c) => ({ ...c }));
		}

		async function loadScores() {
			const query = { limit: PAGE, offset: offset.value, level: filter.value.level, town: filter.value.town };
			if (filter.value.pilot) query.pilot = 1;
			scores.value = await api.get('/standard/scores', query);
		}

		async function loadGaps() {
			gaps.value = await api.get('/standard/gaps');
		}

		async function reload(what) {
			error.value = '';
			try {
				await Promise.all(what.map((f) => f()));
			} catch (e) {
				error.value = e.message;
			}
		}

		function pickLevel(code) {
			level.value = code;
			saved.value = '';
			reload([loadChecklist]);
		}

		function applyFilter() {
			offset.value = 0;
			reload([loadScores]);
		}

		function page(delta) {
			offset.value = Math.max(0, offset.value + delta * PAGE);
			reload([loadScores]);
		}

		function fieldChanged(c) {
			if (!rulesFor(c.field).some((r) => r.code === c.rule)) c.rule = rulesFor(c.field)[0].code;
			ruleChanged(c);
		}

		function ruleChanged(c) {
			const param = paramOf(c);
			if (param !== 'min') delete c.min;
			else if (c.min === undefined) c.min = 1;
			if (param !== 'text') delete c.text;
			else if (c.text === undefined) c.text = c.field === 'zones' ? 'handling' : '';
		}

		function addCriterion() {
			draft.value.push({ field: 'outdoor_sign', rule: 'is_true', weight: 5, label: '' });
		}

		function removeCriterion(i) {
			draft.value.splice(i, 1);
		}

		// The criteria as the API takes them: numbers as numbers, only the rule's parameter.
		function body() {
			return {
				criteria: draft.value.map((c) => {
					const out = { field: c.field, rule: c.rule, weight: Number(c.weight), label: c.label.trim() };
					if (paramOf(c) === 'min') out.min = Number(c.min);
					if (paramOf(c) === 'text') out.text = c.text;
					return out;
				}),
			};
		}

		async function save() {
			busy.value = true;
			editError.value = '';
			saved.value = '';
			try {
				checklist.value = await api.put(`/standard/checklists/${level.value}`, body());
				draft.value = checklist.value.criteria.map((c) => ({ ...c }));
				saved.value = `已保存（第 ${checklist.value.version} 版），各场所得分已按新标准重新计算。`;
				await reload([loadScores, loadGaps]);
			} catch (e) {
				editError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		async function togglePilot(v) {
			error.value = '';
			try {
				await api.put(`/venues/${v.venue_id}/pilot`, { pilot: !v.pilot });
				v.pilot = !v.pilot;
			} catch (e) {
				error.value = e.message;
			}
		}

		reload([loadChecklist, loadScores, loadGaps, async () => {
			towns.value = (await api.get('/orgs', { level: 'town', limit: 100 })).items;
		}]);

		return {
			user: session.user, canEdit, levels: LEVELS, fields: FIELDS, zones: ZONES, level, checklist, draft,
			editError, saved, busy, scores, filter, offset, towns, gaps, error, weightSum, pageSize: PAGE,
			rulesFor, paramOf, pickLevel, applyFilter, page, fieldChanged, ruleChanged, addCriterion,
			removeCriterion, save, togglePilot, actualText, ruleText, formatTime,
			levelLabel: (code) => (code === 'town' ? '镇' : '村（社区）'),
			scoreClass: (s) => (s >= 80 ? 'tag tag-done' : s >= 60 ? 'tag tag-due' : 'tag tag-overdue'),
		};
	},
	render,
}));
