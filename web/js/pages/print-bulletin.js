// print-bulletin.js — the printed 督查通报 (/print/bulletin.html?id=N): the kept bulletin's frozen
// content (GET /api/v1/bulletins/{id}) as an A4 document with two ECharts charts drawn as SVG
// (scores by unit; on-time and satisfaction rates), which print like the text around them.

import { nextTick, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/print-bulletin.js';
import { api } from '../api.js';
import { COUNTY_NAME, queryParam, startPage } from '../common.js';
import { FIGURES, barChart, cardLabel, levelLabel, num1, recordsUrl, taskLabel, TASK_STATES } from '../assessment-common.js';

startPage((session) => ({
	setup() {
		const id = queryParam('id');
		const b = ref(null);
		const error = ref('');
		const scoreChart = ref(null);
		const rateChart = ref(null);

		function drawCharts() {
			const units = b.value.content.ranking.units;
			if (!units.length || !scoreChart.value) return;
			const names = units.map((u) => u.org_name);
			barChart(scoreChart.value, names, [{ name: '考核得分', color: '#c0392b', data: units.map((u) => u.total) }]);
			barChart(rateChart.value, names, [
				{ name: '按时办结率（%）', color: '#2c7fb8', data: units.map((u) => u.figures.on_time_rate) },
				{ name: '满意率（%）', color: '#41ab5d', data: units.map((u) => u.figures.satisfaction_rate) },
			]);
		}

		async function load() {
			if (!id) {
				error.value = '缺少通报编号，请从督查通报页面打开。';
				return;
			}
			try {
				b.value = await api.get(`/bulletins/${encodeURIComponent(id)}`);
				document.title = `${b.value.number} 督查通报 - ${COUNTY_NAME}便民服务系统`;
				await nextTick();
				drawCharts();
			} catch (e) {
				error.value = e.message;
			}
		}
		load();

		const c = () => b.value.content;
		const drill = (measure, org) => recordsUrl(measure, org || c().org.code, c().period.from, c().period.to);
		return {
			user: session.user, id, b, error, scoreChart, rateChart, figures: FIGURES, taskStates: TASK_STATES,
			c, drill, num1, cardLabel, levelLabel, taskLabel, county: COUNTY_NAME,
			print: () => window.print(),
			figure: (f) => (f.rate ? num1(c().figures[f.key]) : c().figures[f.key]),
		};
	},
	render,
}));
