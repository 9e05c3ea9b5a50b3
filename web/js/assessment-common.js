// assessment-common.js — what the assessment ranking page and the printed bulletin share: the
// default period (last month), numbers with one decimal ("—" for null), the drill-down address
// of a figure (records.html, H3's page behind GET /api/v1/stats/records), labels of task states
// and cards, and the two ECharts bar charts (SVG renderer, so they print).

import * as echarts from '../gen/echarts.js';

export const EDITORS = ['county_supervisor', 'admin'];

export const PERIOD_KINDS = [
	{ code: 'month', label: '月度' },
	{ code: 'quarter', label: '季度' },
	{ code: 'year', label: '年度' },
];

export const NULL_RULES = [
	{ code: 'half', label: '得一半' },
	{ code: 'full', label: '得满分' },
	{ code: 'zero', label: '不得分' },
];

export const TASK_STATES = [
	{ code: 'on_time', label: '按时整改' },
	{ code: 'late', label: '逾期整改' },
	{ code: 'open', label: '整改中' },
	{ code: 'overdue', label: '逾期未整改' },
	{ code: 'cancelled', label: '已撤销' },
];

export const FIGURES = [
	{ key: 'received', label: '受理件数' },
	{ key: 'completed', label: '办结件数' },
	{ key: 'on_time', label: '按时办结' },
	{ key: 'on_time_rate', label: '按时办结率（%）', rate: true },
	{ key: 'overdue', label: '超期件数' },
	{ key: 'ratings', label: '评价数' },
	{ key: 'satisfied', label: '满意数' },
	{ key: 'satisfaction_rate', label: '满意率（%）', rate: true },
	{ key: 'bad', label: '差评数' },
	{ key: 'bad_rectified_on_time', label: '差评按时整改' },
	{ key: 'rectification_rate', label: '差评整改率（%）', rate: true },
	{ key: 'warnings', label: '预警' },
	{ key: 'yellow_cards', label: '黄牌' },
	{ key: 'red_cards', label: '红牌' },
	{ key: 'petitions', label: '信访受理' },
	{ key: 'petition_on_time_rate', label: '信访按期办结率（%）', rate: true },
	{ key: 'window_gaps', label: '窗口断档' },
	{ key: 'coverage_rate', label: '窗口在岗率（%）', rate: true },
	{ key: 'attendance_rate', label: 'A岗出勤率（%）', rate: true },
];

export const taskLabel = (code) => (TASK_STATES.find((s) => s.code === code) || { label: code }).label;
export const cardLabel = (card) => (card === 'red' ? '红牌' : '黄牌');
export const levelLabel = (l) => ({ dissatisfied: '不满意', very_dissatisfied: '非常不满意' })[l] || l;

/** One decimal, or "—" for null (a rate over nothing). */
export const num1 = (v) => (v === null || v === undefined ? '—' : Number(v).toFixed(1));

/** "2026-10": the month before today's. */
export function lastMonth(today = new Date()) {
	const d = new Date(today.getFullYear(), today.getMonth() - 1, 1);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** A period's text of the kind nearest to a month text ("2026-10" -> "2026-Q4", "2026"). */
export function periodOfKind(kind, month) {
	const [y, m] = month.split('-').map(Number);
	if (kind === 'year') return String(y);
	if (kind === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
	return month;
}

/** The records behind a figure (H3's list page). */
export function recordsUrl(measure, org, from, to) {
	const q = new URLSearchParams({ measure, org, from, to });
	return `/records.html?${q}`;
}

/** A horizontal bar chart of units (names) with one or more series, drawn as SVG. */
export function barChart(el, names, series, max = 100) {
	const chart = echarts.init(el, null, { renderer: 'svg' });
	chart.setOption({
		animation: false,
		grid: { left: 90, right: 40, top: 30, bottom: 20 },
		legend: { top: 0 },
		xAxis: { type: 'value', max },
		yAxis: { type: 'category', data: names, inverse: true },
		series: series.map((s) => ({
			type: 'bar', name: s.name, data: s.data, itemStyle: { color: s.color },
			label: { show: true, position: 'right', formatter: (p) => (p.value === null ? '—' : p.value) },
		})),
	});
	return chart;
}
