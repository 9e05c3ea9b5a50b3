// bulletins.js — 督查通报 (web/bulletins.html): the kept bulletins in scope (GET
// /api/v1/bulletins), generating one for a period and org (POST /api/v1/bulletins; county
// supervisors and admins), and for each the printable page (print/bulletin.html?id=) and the
// Excel workbook (GET /api/v1/bulletins/{id}.xlsx).

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/bulletins.js';
import { api } from '../api.js';
import { formatTime, startPage } from '../common.js';
import { EDITORS, lastMonth } from '../assessment-common.js';

startPage((session) => ({
	setup() {
		const user = session.user;
		const items = ref([]);
		const total = ref(0);
		const towns = ref([]);
		const form = ref({ period: lastMonth(), org: user.org_code });
		const error = ref('');
		const made = ref(null);
		const busy = ref(false);

		async function load() {
			try {
				const r = await api.get('/bulletins', { limit: 100 });
				items.value = r.items;
				total.value = r.total;
			} catch (e) {
				error.value = e.message;
			}
		}

		async function generate() {
			error.value = '';
			made.value = null;
			busy.value = true;
			try {
				made.value = await api.post('/bulletins', { period: form.value.period, org: form.value.org });
				await load();
			} catch (e) {
				error.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		api.get('/orgs', { level: 'town', limit: 100 }).then((r) => { towns.value = r.items; }).catch(() => {});
		load();
		return {
			user, items, total, towns, form, error, made, busy, canGenerate: EDITORS.includes(user.role),
			generate, formatTime,
		};
	},
	render,
}));
