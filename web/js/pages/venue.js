// venue.js — one venue's facility profile (GET /api/v1/venues/{id}, ?id= in the URL) and, for
// the roles that may change it, a form that PATCHes only the fields that were changed. The
// server validates; its Chinese message is shown as it comes. Below it, the venue's items and
// their claims (venue-claims.js).

import { reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/venue.js';
import { api } from '../api.js';
import { VenueClaims } from '../venue-claims.js';
import {
	KIND_LABELS, LEVEL_LABELS, VENUE_EDITORS, ZONES, formatDate, label, startPage,
} from '../common.js';

// Yes/no facilities, in the order the venue standard lists them.
const FACILITY_FIELDS = [
	{ key: 'outdoor_sign', label: '户外标识' },
	{ key: 'item_screen', label: '事项分类吊屏' },
	{ key: 'post_board', label: '岗位公示牌' },
	{ key: 'disclosure_board', label: '公开栏' },
	{ key: 'cctv_inside', label: '室内监控' },
	{ key: 'cctv_outside', label: '室外监控' },
];

const FIELD_LABELS = {
	name: '名称',
	location: '所在位置',
	area_m2: '面积',
	window_count: '窗口数',
	open_to_public: '柜台形式',
	outdoor_sign: '户外标识',
	item_screen: '事项分类吊屏',
	zones: '功能分区',
	cctv_inside: '室内监控',
	cctv_outside: '室外监控',
	post_board: '岗位公示牌',
	disclosure_board: '公开栏',
	equipment: '设备配置',
	opened_on: '启用日期',
	phone: '联系电话',
	hours: '办公时间',
};
const TEXT_FIELDS = ['name', 'location', 'equipment', 'phone', 'hours'];

function formFrom(venue) {
	const form = {};
	for (const key of Object.keys(FIELD_LABELS)) form[key] = venue[key];
	for (const key of TEXT_FIELDS) form[key] = venue[key] || '';
	form.zones = [...(venue.zones || [])];
	form.opened_on = venue.opened_on || '';
	return form;
}

// The server takes one line of text without control characters: lines typed in the
// equipment box become a list separated by "；", a pasted tab a space.
function cleanText(value) {
	return String(value ?? '')
		.trim()
		.replace(/\s*[\r\n]+\s*/g, '；')
		.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

// The fields whose value in the form differs from the venue, as the PATCH body.
function changedFields(form, venue) {
	const patch = {};
	for (const key of Object.keys(FIELD_LABELS)) {
		let value = form[key];
		if (TEXT_FIELDS.includes(key)) value = cleanText(value);
		if (key === 'opened_on') value = value || null;
		if (key === 'zones') {
			value = ZONES.map((z) => z.code).filter((c) => form.zones.includes(c));
			if (value.join(',') !== (venue.zones || []).join(',')) patch.zones = value;
			continue;
		}
		const before = TEXT_FIELDS.includes(key) ? venue[key] || '' : venue[key];
		if (value !== before) patch[key] = value;
	}
	return patch;
}

function venuePage(session) {
	return {
		name: 'VenuePage',
		components: { VenueClaims },
		setup() {
			const id = new URLSearchParams(location.search).get('id') || '';
			const venue = ref(null);
			const loadError = ref('');
			const editing = ref(false);
			const form = reactive({});
			const saving = ref(false);
			const saveError = ref('');
			const saved = ref('');

			function show(v) {
				venue.value = v;
				document.title = `${v.name} - 白河县便民服务系统`;
			}

			if (!/^[1-9][0-9]*$/.test(id)) {
				loadError.value = '缺少或无效的场所编号，请从工作台的场所列表进入。';
			} else {
				api.get(`/venues/${id}`).then(show, (e) => {
					loadError.value = e.message;
				});
			}

			function startEdit() {
				Object.assign(form, formFrom(venue.value));
				saveError.value = '';
				saved.value = '';
				editing.value = true;
			}

			function cancelEdit() {
				editing.value = false;
				saveError.value = '';
			}

			async function save() {
				saveError.value = '';
				if (!cleanText(form.name)) {
					saveError.value = '请填写场所名称。';
					return;
				}
				const patch = changedFields(form, venue.value);
				const keys = Object.keys(patch);
				if (!keys.length) {
					saveError.value = '没有需要保存的修改。';
					return;
				}
				saving.value = true;
				try {
					show(await api.patch(`/venues/${venue.value.id}`, patch));
					editing.value = false;
					saved.value = `已保存：${keys.map((k) => FIELD_LABELS[k]).join('、')}。`;
				} catch (e) {
					saveError.value = e.message;
				} finally {
					saving.value = false;
				}
			}

			return {
				user: session.user,
				venue,
				loadError,
				canEdit: VENUE_EDITORS.includes(session.user.role),
				editing,
				form,
				saving,
				saveError,
				saved,
				startEdit,
				cancelEdit,
				save,
				facilityFields: FACILITY_FIELDS,
				zones: ZONES,
				formatDate,
				levelLabel: (code) => label(LEVEL_LABELS, code),
				kindLabel: (code) => label(KIND_LABELS, code),
			};
		},
		render,
	};
}

startPage(venuePage);
