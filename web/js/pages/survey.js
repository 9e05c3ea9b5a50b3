// survey.js — 镇村便民服务体系调研报告 (F1): the survey's §一 statistics regenerated from the live
// data (GET /api/v1/reports/survey; county_supervisor and admin), laid out as an A4 document
// (app.css .doc and @media print) with a 打印 button. Every number comes from the report; the
// page only words it.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/survey.js';
import { api } from '../api.js';
import { COUNTY_NAME, formatTime, startPage } from '../common.js';

const KIND_WHERE = { office: '镇机关站所', dept_hall: '部门派驻镇级所（队）大厅' };

// §二.1's facilities, in the survey's order: the report's counter and the words for it.
const FACILITIES = [
	{ key: 'no_sign', label: '室外标识' },
	{ key: 'no_item_screen', label: '事项分类吊屏（牌）' },
	{ key: 'no_zones', label: '功能分区' },
	{ key: 'no_cctv_inside', label: '室内监控' },
	{ key: 'no_cctv_outside', label: '室外监控' },
	{ key: 'no_post_board', label: '岗位公示栏' },
	{ key: 'no_disclosure_board', label: '政务公开栏' },
];

startPage((session) => ({
	setup() {
		const report = ref(null);
		const error = ref('');
		const today = new Date().toISOString().slice(0, 10);

		api.get('/reports/survey').then((r) => { report.value = r; }, (e) => { error.value = e.message; });

		const largeHalls = computed(() => (report.value ? report.value.halls.list.filter((h) => h.large) : []));
		const smallHalls = computed(() => (report.value ? report.value.halls.list.filter((h) => !h.large) : []));
		// The scattered items grouped by where they are handled.
		const scattered = computed(() => {
			if (!report.value) return [];
			return Object.entries(KIND_WHERE).map(([kind, where]) => ({
				kind, where, items: report.value.items_scattered.filter((i) => i.kind === kind),
			})).filter((g) => g.items.length);
		});
		const names = (list) => list.map((h) => h.org_name).join('、');

		return {
			user: session.user, county: COUNTY_NAME, report, error, today, largeHalls, smallHalls, scattered,
			facilities: FACILITIES, names, formatTime, print: () => window.print(),
			generated: () => formatTime(new Date(report.value.generated_at * 1000).toISOString()),
		};
	},
	render,
}));
