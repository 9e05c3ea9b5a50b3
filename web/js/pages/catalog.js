// catalog.js — 事项清单 for staff (/catalog.html): search the catalogue and, for the county
// supervisor and admin, edit an item's whole document (/catalog.html?code=CODE) or create one
// (?new=1). Saving PUTs the document (POST for a new item); the server makes a new version when
// the content changed and answers 400 with a Chinese message and, in error.field, the path of
// the field at fault (e.g. "materials[1].necessity"): the message is shown as it comes, and the
// input whose name is that path is marked and focused. The item's versions are listed under
// the form, each linking to its guide.

import { computed, nextTick, reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/catalog.js';
import { api } from '../api.js';
import {
	CATALOG_EDITORS, FORM_LABELS, ITEM_LEVEL_LABELS, ITEM_TYPE_LABELS, KIND_OF_ITEM_LABELS, LEVEL_CODES,
	NECESSITY_LABELS, RECEIVE_LABELS, SCOPE_LABELS, SOURCE_LABELS, formatDate, label, limitText,
	queryParam, receiveText, startPage,
} from '../common.js';

const options = (table) => Object.entries(table).map(([value, text]) => ({ value, text }));

const DEFAULT_HOURS = '周一至周五 8:30-12:00 14:30-17:30（法定节假日除外）';

function blankDoc() {
	return {
		code: '', impl_code: '', name: '', type: 'GG', category: '', keywords: [],
		implementing_body: '', body_level: 'county', receive_levels: ['county'], decide_level: 'county',
		legal_basis: [], conditions: '', materials: [],
		steps: [{ name: '受理', level: 'county', days: 1 }, { name: '审核办结', level: 'county', days: 4 }],
		statutory_days: 20, promised_days: 5, kind: 'promised', fee: { charged: false, items: [] },
		place: '', hours: DEFAULT_HOURS, consult_phone: '', complaint_phone: '12345', visits: 1,
		online: false, scope: 'none', faq: [],
	};
}

const blankMaterial = () => ({
	name: '', necessity: 'required', form: 'original', copies: 1, source: 'applicant',
	source_note: '', blank_form: '', sample: '',
});
const blankStep = (level) => ({ name: '', level, days: 1 });
const blankFee = () => ({ name: '', standard: '', basis: '' });
const blankFaq = () => ({ q: '', a: '' });

// The form's model of a document: lists of text as one line each, every member present.
function formFrom(doc) {
	return {
		code: doc.code, impl_code: doc.impl_code, name: doc.name, type: doc.type, category: doc.category,
		keywords: (doc.keywords || []).join('\n'),
		implementing_body: doc.implementing_body, body_level: doc.body_level,
		receive_levels: [...doc.receive_levels], decide_level: doc.decide_level,
		legal_basis: (doc.legal_basis || []).join('\n'), conditions: doc.conditions,
		materials: doc.materials.map((m) => ({ ...blankMaterial(), ...m })),
		steps: doc.steps.map((s) => ({ ...s })),
		statutory_days: doc.statutory_days, promised_days: doc.promised_days, kind: doc.kind,
		fee_charged: doc.fee.charged, fee_items: (doc.fee.items || []).map((f) => ({ ...f })),
		place: doc.place, hours: doc.hours, consult_phone: doc.consult_phone,
		complaint_phone: doc.complaint_phone, visits: doc.visits, online: doc.online, scope: doc.scope,
		faq: (doc.faq || []).map((f) => ({ ...f })),
	};
}

const lines = (text) => String(text || '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
const trim = (s) => String(s ?? '').trim();
// A number input gives a number, or '' when empty or not a number: sent as it is, so the
// server's message names the field.
const num = (v) => (typeof v === 'number' ? v : trim(v));

// The document the API takes, from the form: known members only, optional empties left out.
function docFrom(f) {
	const materials = f.materials.map((m) => {
		const out = {
			name: trim(m.name), necessity: m.necessity, form: m.form, copies: num(m.copies), source: m.source,
		};
		for (const k of ['source_note', 'blank_form', 'sample']) if (trim(m[k])) out[k] = trim(m[k]);
		return out;
	});
	return {
		code: trim(f.code).toUpperCase(), impl_code: trim(f.impl_code).toUpperCase(), name: trim(f.name),
		type: f.type, category: trim(f.category), keywords: lines(f.keywords),
		implementing_body: trim(f.implementing_body), body_level: f.body_level,
		receive_levels: LEVEL_CODES.filter((l) => f.receive_levels.includes(l)), decide_level: f.decide_level,
		legal_basis: lines(f.legal_basis), conditions: trim(f.conditions), materials,
		steps: f.steps.map((s) => ({ name: trim(s.name), level: s.level, days: num(s.days) })),
		statutory_days: num(f.statutory_days), promised_days: num(f.promised_days), kind: f.kind,
		fee: {
			charged: f.fee_charged,
			items: f.fee_charged ? f.fee_items.map((x) => ({ name: trim(x.name), standard: trim(x.standard), basis: trim(x.basis) })) : [],
		},
		place: trim(f.place), hours: trim(f.hours), consult_phone: trim(f.consult_phone),
		complaint_phone: trim(f.complaint_phone), visits: num(f.visits), online: f.online, scope: f.scope,
		faq: f.faq.map((x) => ({ q: trim(x.q), a: trim(x.a) })),
	};
}

function formatTime(unix) {
	if (!unix) return '';
	const d = new Date(unix * 1000);
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function catalogPage(session) {
	return {
		name: 'CatalogPage',
		setup() {
			const canEdit = CATALOG_EDITORS.includes(session.user.role);
			// list
			const q = ref('');
			const level = ref('');
			const category = ref('');
			const items = ref([]);
			const total = ref(0);
			const listError = ref('');
			const listLoaded = ref(false);
			const categories = ref([]);
			let seq = 0;
			let timer = 0;
			// editor
			const mode = ref('list'); // list | edit | new
			const editCode = ref('');
			const current = ref(null); // the item as loaded (its version)
			const form = reactive(formFrom(blankDoc()));
			const loadError = ref('');
			const saving = ref(false);
			const saveError = ref('');
			const errorPath = ref('');
			const saved = ref('');
			const versions = ref([]);
			const formEl = ref(null);

			const stepLevels = computed(() => LEVEL_CODES.filter((l) => form.receive_levels.includes(l) || l === form.decide_level));

			async function search() {
				clearTimeout(timer);
				const mine = ++seq;
				listError.value = '';
				try {
					const r = await api.get('/items', { q: q.value.trim(), level: level.value, category: category.value, limit: 1000 });
					if (mine !== seq) return;
					items.value = r.items;
					total.value = r.total;
					listLoaded.value = true;
				} catch (e) {
					if (mine === seq) listError.value = e.message;
				}
			}
			function typed() {
				clearTimeout(timer);
				timer = setTimeout(search, 300);
			}
			async function loadCategories() {
				try {
					const r = await api.get('/items', { limit: 1000 });
					categories.value = [...new Set(r.items.map((i) => i.category))];
				} catch {
					/* the filter just has no choices */
				}
			}

			async function loadVersions(code) {
				try {
					versions.value = (await api.get(`/items/${encodeURIComponent(code)}/versions`)).items;
				} catch {
					versions.value = [];
				}
			}

			function fill(doc) {
				Object.assign(form, formFrom(doc));
			}

			async function openItem(code, push = true) {
				if (push) history.pushState(null, '', `?code=${encodeURIComponent(code)}`);
				mode.value = 'edit';
				editCode.value = code;
				current.value = null;
				loadError.value = '';
				saveError.value = '';
				errorPath.value = '';
				saved.value = '';
				versions.value = [];
				try {
					const doc = await api.get(`/items/${encodeURIComponent(code)}`);
					current.value = doc;
					fill(doc);
					document.title = `${doc.name} - 事项清单 - 白河县便民服务系统`;
					loadVersions(code);
				} catch (e) {
					loadError.value = e.message;
				}
				window.scrollTo(0, 0);
			}

			function newItem(push = true) {
				if (push) history.pushState(null, '', '?new=1');
				mode.value = 'new';
				editCode.value = '';
				current.value = null;
				loadError.value = '';
				saveError.value = '';
				errorPath.value = '';
				saved.value = '';
				versions.value = [];
				fill(blankDoc());
				window.scrollTo(0, 0);
			}

			function backToList(push = true) {
				if (push) history.pushState(null, '', location.pathname);
				mode.value = 'list';
				document.title = '事项清单 - 白河县便民服务系统';
				search();
			}

			function route() {
				const code = queryParam('code');
				if (code && canEdit) openItem(code, false);
				else if (queryParam('new') && canEdit) newItem(false);
				else backToList(false);
			}
			window.addEventListener('popstate', route);

			async function markError(field) {
				errorPath.value = field || '';
				await nextTick();
				const root = formEl.value;
				const target = errorPath.value && root
					? root.querySelector(`[name="${CSS.escape(errorPath.value)}"]`) : null;
				if (target) target.focus();
				else root?.querySelector('[data-testid="item-save-error"]')?.scrollIntoView({ block: 'center' });
			}

			async function save() {
				saveError.value = '';
				errorPath.value = '';
				saved.value = '';
				const doc = docFrom(form);
				saving.value = true;
				try {
					let after;
					if (mode.value === 'new') {
						after = await api.post('/items', doc);
						history.replaceState(null, '', `?code=${encodeURIComponent(after.code)}`);
						mode.value = 'edit';
						editCode.value = after.code;
						saved.value = `已新建事项，第 ${after.version} 版，${formatDate(after.effective_from)}起施行。`;
					} else {
						const before = current.value ? current.value.version : 0;
						after = await api.put(`/items/${encodeURIComponent(editCode.value)}`, doc);
						saved.value = after.version === before
							? '内容没有变化，未生成新版本。'
							: `已保存为第 ${after.version} 版，${formatDate(after.effective_from)}起施行。`;
					}
					current.value = after;
					fill(after);
					loadVersions(after.code);
					await nextTick();
					formEl.value?.querySelector('[data-testid="item-saved"]')?.scrollIntoView({ block: 'center' });
				} catch (e) {
					saveError.value = e.message;
					await markError(e.field);
				} finally {
					saving.value = false;
				}
			}

			// Rows of the repeated parts.
			function addRow(list, make) {
				list.push(make());
			}
			function removeRow(list, i) {
				list.splice(i, 1);
			}
			function moveRow(list, i, by) {
				const j = i + by;
				if (j < 0 || j >= list.length) return;
				const [row] = list.splice(i, 1);
				list.splice(j, 0, row);
			}
			function kindChanged() {
				if (form.kind === 'instant') form.promised_days = 0;
			}

			loadCategories();
			route();

			return {
				user: session.user, canEdit,
				q, level, category, items, total, listError, listLoaded, categories, search, typed,
				mode, editCode, current, form, loadError, saving, saveError, errorPath, saved, versions, formEl,
				bad: (path) => errorPath.value === path,
				stepLevels, openItem, newItem, backToList, save, addRow, removeRow, moveRow, kindChanged,
				blankMaterial, blankStep, blankFee, blankFaq,
				levelCodes: LEVEL_CODES,
				typeOptions: options(ITEM_TYPE_LABELS),
				levelOptions: options(ITEM_LEVEL_LABELS),
				receiveLabels: RECEIVE_LABELS,
				necessityOptions: options(NECESSITY_LABELS),
				formOptions: options(FORM_LABELS),
				sourceOptions: options(SOURCE_LABELS),
				kindOptions: options(KIND_OF_ITEM_LABELS),
				scopeOptions: options(SCOPE_LABELS),
				formatDate, formatTime, limitText, receiveText,
				levelLabel: (l) => label(ITEM_LEVEL_LABELS, l),
				guideHref: (code, version) => `/portal/item.html?code=${encodeURIComponent(code)}${version ? `&version=${version}` : ''}`,
			};
		},
		render,
	};
}

startPage(catalogPage);
