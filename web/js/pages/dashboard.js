// dashboard.js — 统计看板 for the county supervisor (all towns) and town managers (their
// villages): volumes, on-time rate, satisfaction rate, window coverage (在岗率) and red/yellow
// cards by org over time (GET /api/v1/stats/series), the period's figures per org and the
// county map coloured by a chosen figure (GET /api/v1/stats/summary). Every figure comes from
// the maintained counters; clicking a bar, a point, a table cell or a town opens records.html
// with the records behind it.
// Charts are ECharts 5 with the SVG renderer (the CSP allows no inline styles; SVG prints well).

import { computed, nextTick, onBeforeUnmount, ref } from '../../gen/vue.js';
import * as echarts from '../../gen/echarts.js';
import { render } from '../../gen/tpl/dashboard.js';
import { api } from '../api.js';
import { startPage } from '../common.js';
import { FIGURES, formatFigure, formatRate, recordsHref } from '../stats-labels.js';
import { RIVER_PATH, TOWN_POSITIONS } from '../town-map.js';

const BY = [{ code: 'month', label: '按月' }, { code: 'week', label: '按周' }, { code: 'day', label: '按日' }];
const MAP_FIGURES = ['on_time_rate', 'satisfaction_rate', 'coverage_rate', 'received', 'yellow_cards', 'red_cards'];
const TABLE_FIGURES = ['received', 'completed', 'on_time_rate', 'satisfaction_rate', 'coverage_rate', 'yellow_cards', 'red_cards'];

// The charts: which figure of each bucket they plot, how, and the records a click opens.
const CHARTS = [
	{ key: 'volume', title: '受理量（按单位）', figure: 'received', type: 'bar', stack: true },
	{ key: 'completed', title: '办结量（按单位）', figure: 'completed', type: 'bar', stack: true },
	{ key: 'on_time', title: '按期办结率', figure: 'on_time_rate', type: 'line', rate: true },
	{ key: 'satisfaction', title: '满意率', figure: 'satisfaction_rate', type: 'line', rate: true },
	{ key: 'yellow', title: '黄牌（按单位）', figure: 'yellow_cards', type: 'bar', stack: true },
	{ key: 'red', title: '红牌（按单位）', figure: 'red_cards', type: 'bar', stack: true },
];

const chinaToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);

// The first and last day of bucket `name` of a series, clipped to the chosen range.
function bucketRange(by, name, from, to) {
	let first = name;
	let last = name;
	if (by === 'month') {
		first = `${name}-01`;
		const [y, m] = name.split('-').map(Number);
		last = addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
	} else if (by === 'week') {
		last = addDays(name, 6);
	}
	return [first < from ? from : first, last > to ? to : last];
}

startPage((session) => ({
	setup() {
		const today = chinaToday();
		const from = ref(`${today.slice(0, 4)}-01-01`);
		const to = ref(today);
		const by = ref('month');
		const mapFigure = ref('on_time_rate');
		const series = ref(null);
		const summary = ref(null);
		const error = ref('');
		const loaded = ref(false);
		const els = {};
		const charts = {};

		const period = () => ({ from: from.value, to: to.value });
		const href = (measure, org, range = [from.value, to.value]) => recordsHref(measure, org, range[0], range[1]);

		function chartOption(c) {
			const s = series.value;
			return {
				animation: false,
				tooltip: { trigger: 'item', valueFormatter: (v) => (c.rate ? formatRate(v) : String(v)) },
				legend: { type: 'scroll', top: 0 },
				grid: { left: 48, right: 16, top: 40, bottom: 32 },
				xAxis: { type: 'category', data: s.buckets },
				yAxis: c.rate ? { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } } : { type: 'value', minInterval: 1 },
				series: s.series.map((line) => ({
					name: line.org_name,
					type: c.type,
					stack: c.stack ? 'total' : undefined,
					connectNulls: true,
					data: line.values.map((v) => v[c.figure]),
				})),
			};
		}

		function drawCharts() {
			for (const c of CHARTS) {
				const el = els[c.key];
				if (!el) continue;
				if (!charts[c.key]) {
					charts[c.key] = echarts.init(el, null, { renderer: 'svg' });
					charts[c.key].on('click', (p) => {
						const line = series.value.series[p.seriesIndex];
						const range = bucketRange(series.value.by, series.value.buckets[p.dataIndex], from.value, to.value);
						location.assign(href(FIGURES[c.figure].measure, line.org_code, range));
					});
				}
				charts[c.key].setOption(chartOption(c), true);
			}
		}

		async function load() {
			try {
				const [s, sum] = await Promise.all([
					api.get('/stats/series', { ...period(), by: by.value }),
					api.get('/stats/summary', period()),
				]);
				series.value = s;
				summary.value = sum;
				error.value = '';
				loaded.value = true;
				await nextTick();
				drawCharts();
			} catch (e) {
				error.value = e.message;
			}
		}

		// The map: towns of the county summary, coloured from pale to strong by the figure.
		const towns = computed(() => {
			if (!summary.value || summary.value.org.level !== 'county') return [];
			const items = summary.value.items.filter((t) => TOWN_POSITIONS[t.org_code]);
			const values = items.map((t) => t[mapFigure.value]).filter((v) => v !== null);
			const max = Math.max(...values, 0);
			const min = Math.min(...values, max);
			return items.map((t) => {
				const v = t[mapFigure.value];
				const shade = v === null ? 'none' : max === min ? 3 : Math.round(((v - min) / (max - min)) * 4);
				return {
					...t, x: TOWN_POSITIONS[t.org_code][0], y: TOWN_POSITIONS[t.org_code][1],
					shade: `db-shade-${shade}`, text: formatFigure(mapFigure.value, v),
				};
			});
		});

		const setEl = (key) => (el) => { if (el) els[key] = el; };
		const resize = () => Object.values(charts).forEach((c) => c.resize());
		window.addEventListener('resize', resize);
		onBeforeUnmount(() => {
			window.removeEventListener('resize', resize);
			Object.values(charts).forEach((c) => c.dispose());
		});
		load();
		return {
			user: session.user, from, to, by, byOptions: BY, mapFigure, series, summary, error, loaded, towns,
			charts: CHARTS, riverPath: RIVER_PATH, mapFigures: MAP_FIGURES.map((code) => ({ code, label: FIGURES[code].label })),
			tableFigures: TABLE_FIGURES.map((code) => ({ code, label: FIGURES[code].label })),
			setEl, load, formatFigure,
			cellHref: (code, org) => href(FIGURES[code].measure, org),
			townHref: (org) => href(FIGURES[mapFigure.value].measure, org),
			thisYear: () => { from.value = `${today.slice(0, 4)}-01-01`; to.value = today; load(); },
			lastDays: (n) => { from.value = addDays(today, 1 - n); to.value = today; by.value = 'day'; load(); },
		};
	},
	render,
}));
