// assessment.js — 考核排名 (web/assessment.html): a period of a kind (month, quarter, year), the
// ranking of towns (or of the villages of a town, or all villages) with total scores, 表彰/通报
// marks and each indicator's value, score and how it was computed, the value linking to the
// records behind it (records.html). County supervisors and admins edit the scoring model of
// the kind below it (GET/PUT /api/v1/assessment/models/{kind}).

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/assessment.js';
import { api } from '../api.js';
import { queryParam, startPage } from '../common.js';
import {
	EDITORS, NULL_RULES, PERIOD_KINDS, lastMonth, num1, periodOfKind, recordsUrl,
} from '../assessment-common.js';

startPage((session) => ({
	setup() {
		const user = session.user;
		const county = user.org_code.length === 6;
		const kind = ref(queryParam('kind') || 'month');
		const period = ref(queryParam('period') || periodOfKind(kind.value, lastMonth()));
		const level = ref(queryParam('level') || (county ? 'town' : 'village'));
		const org = ref(queryParam('org') || user.org_code);
		const towns = ref([]);
		const data = ref(null);
		const error = ref('');
		const loading = ref(false);
		const model = ref(null);
		const modelError = ref('');
		const modelSaved = ref('');
		const canEdit = EDITORS.includes(user.role);

		async function load() {
			loading.value = true;
			error.value = '';
			try {
				data.value = await api.get('/assessment', { period: period.value, level: level.value, org: org.value });
			} catch (e) {
				data.value = null;
				error.value = e.message;
			} finally {
				loading.value = false;
			}
		}

		async function loadModel() {
			modelError.value = '';
			modelSaved.value = '';
			try {
				model.value = await api.get(`/assessment/models/${kind.value}`);
			} catch (e) {
				modelError.value = e.message;
			}
		}

		function setKind(k) {
			kind.value = k;
			period.value = periodOfKind(k, lastMonth());
			load();
			loadModel();
		}

		const weightSum = computed(() => (model.value ? model.value.indicators.reduce((s, i) => s + Number(i.weight || 0), 0) : 0));

		async function saveModel() {
			modelError.value = '';
			modelSaved.value = '';
			const m = model.value;
			const ints = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] !== '' && o[k] !== null && o[k] !== undefined).map((k) => [k, Number(o[k])]));
			try {
				model.value = await api.put(`/assessment/models/${kind.value}`, {
					version: m.version,
					indicators: m.indicators.map((i) => ({
						key: i.key, label: i.label, source: i.source, on_null: i.on_null,
						...ints(i, ['weight', 'full_at', 'zero_at']),
					})),
					commend: ints(m.commend, ['top', 'min_score']),
					name: ints(m.name, ['bottom', 'below_score']),
				});
				modelSaved.value = `已保存为第 ${model.value.version} 版`;
				load();
			} catch (e) {
				modelError.value = e.message;
			}
		}

		function addIndicator() {
			model.value.indicators.push({ key: `k${Date.now() % 100000}`, label: '新指标', source: 'on_time_rate', weight: 0, full_at: 100, zero_at: 0, on_null: 'half' });
		}

		const cellLink = (u, measure) => (measure && data.value ? recordsUrl(measure, u.org_code, data.value.period.from, data.value.period.to) : '');
		const cellOf = (u, key) => u.indicators.find((i) => i.key === key) || {};
		// How a value was computed: a count is itself, a mean names what it covers, a rate or
		// ratio is numerator / denominator.
		const how = (ind, cell) => {
			if (cell.denominator === null || cell.denominator === undefined) return `${cell.numerator}${ind.unit}`;
			if (ind.source === 'standard_score') return `${cell.denominator} 个场所平均`;
			return `${cell.numerator} / ${cell.denominator}`;
		};
		// Counts are whole numbers; everything else has one decimal.
		const shown = (cell) => (cell.denominator === null && cell.value !== null ? String(cell.value) : num1(cell.value));

		api.get('/orgs', { level: 'town', limit: 100 }).then((r) => { towns.value = r.items; }).catch(() => {});
		load();
		if (canEdit) loadModel();

		return {
			user, kinds: PERIOD_KINDS, nullRules: NULL_RULES, kind, period, level, org, towns, data, error, loading,
			model, modelError, modelSaved, canEdit, weightSum, county,
			load, setKind, saveModel, addIndicator, cellLink, cellOf, how, shown, num1,
			removeIndicator: (i) => model.value.indicators.splice(i, 1),
		};
	},
	render,
}));
