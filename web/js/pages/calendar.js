// calendar.js — 工作日历: what the working-day calendar covers (GET /api/v1/calendar/years) and,
// for the administrator, loading a year's arrangement as published by the State Council
// (POST /api/v1/calendar/days, the same CSV as `bianmin calendar load`), pasted or read from a
// file. All or nothing: the server's message names the line of the first error.

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/calendar.js';
import { api } from '../api.js';
import { startPage } from '../common.js';

startPage((session) => ({
	setup() {
		const coverage = ref(null);
		const error = ref('');
		const csv = ref('');
		const busy = ref(false);
		const loadError = ref('');
		const loaded = ref('');

		const refresh = () => api.get('/calendar/years')
			.then((c) => { coverage.value = c; }, (e) => { error.value = e.message; });

		async function readFile(event) {
			const file = event.target.files?.[0];
			if (file)
				csv.value = await file.text();
		}

		async function load() {
			busy.value = true;
			loadError.value = '';
			loaded.value = '';
			try {
				const r = await api.post('/calendar/days', { csv: csv.value });
				loaded.value = `已导入 ${r.days_added} 天，日历现载至 ${r.through}。`;
				coverage.value = r;
			} catch (e) {
				loadError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		refresh();
		const next = new Date().getFullYear() + 1;
		return {
			user: session.user, isAdmin: session.user.role === 'admin', coverage, error, csv, busy,
			loadError, loaded, readFile, load, example: `${next}-01-01,off,元旦`,
		};
	},
	render,
}));
