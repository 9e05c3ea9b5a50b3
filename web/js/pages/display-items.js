// display-items.js — 事项分类吊屏 (/display/items.html?venue=N): a wall screen in the hall showing
// the venue's name, a clock, and its item categories with their items, in very large type on a
// dark background. The categories flow into columns (CSS multi-column); when
// they do not fit on the screen, the columns are shown a screenful at a time, turning every
// 10 seconds (?interval=S to change). The data is read again every 5 minutes, so a catalogue
// change reaches the wall without anyone touching it. No login; double-click for full screen.

import { computed, createApp, nextTick, onBeforeUnmount, onMounted, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/display-items.js';
import { api } from '../api.js';
import { KIND_LABELS, label, queryParam } from '../common.js';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const RELOAD_MS = 5 * 60 * 1000;

function clockParts(d) {
	const pad = (n) => String(n).padStart(2, '0');
	return {
		time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
		seconds: pad(d.getSeconds()),
		date: `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 星期${WEEKDAYS[d.getDay()]}`,
	};
}

const DisplayPage = {
	name: 'DisplayItemsPage',
	setup() {
		const id = queryParam('venue');
		const seconds = Number(queryParam('interval'));
		const interval = (Number.isFinite(seconds) && seconds >= 3 ? seconds : 10) * 1000;
		const board = ref(null);
		const error = ref('');
		const clock = ref(clockParts(new Date()));
		const page = ref(0);
		const pages = ref(1);
		const turning = ref(false);
		const columns = ref(null); // the multi-column element

		const phone = computed(() => (board.value && board.value.venue.phone) || '');

		// One page is one screen width plus one column gap.
		function step() {
			const el = columns.value;
			if (!el) return 0;
			const gap = parseFloat(getComputedStyle(el).columnGap) || 0;
			return el.clientWidth + gap;
		}

		// A category that runs on into the next column gets its name again there, "（续）":
		// find the items that start a column inside their category. Adding those titles moves
		// what follows, so repeat until the set is stable (in practice one or two passes).
		const conts = ref(new Set());
		function continuations() {
			const el = columns.value;
			const found = new Set();
			if (!el) return found;
			const style = getComputedStyle(el);
			const n = Number(style.columnCount) || 1;
			const gap = parseFloat(style.columnGap) || 0;
			const width = (el.clientWidth - gap * (n - 1)) / n;
			const left = el.getBoundingClientRect().left;
			const column = (node) => Math.floor((node.getBoundingClientRect().left - left + gap / 2) / (width + gap));
			for (const cat of el.querySelectorAll('.screen-cat')) {
				let at = column(cat.querySelector('.screen-cat-name'));
				for (const item of cat.querySelectorAll('.screen-item')) {
					const c = column(item);
					if (c !== at) found.add(item.dataset.key);
					at = c;
				}
			}
			return found;
		}

		async function layout() {
			conts.value = new Set();
			for (let pass = 0; pass < 6; pass++) {
				await nextTick();
				const next = continuations();
				if (next.size === conts.value.size && [...next].every((k) => conts.value.has(k))) break;
				conts.value = next;
			}
			measure();
		}

		// Pages: the columns that hold something, a screenful (column-count) at a time.
		function measure() {
			const el = columns.value;
			if (!el) return;
			const style = getComputedStyle(el);
			const n = Number(style.columnCount) || 1;
			const gap = parseFloat(style.columnGap) || 0;
			const column = (el.clientWidth - gap * (n - 1)) / n + gap;
			const origin = el.getBoundingClientRect().left;
			let last = 0;
			for (const node of el.querySelectorAll('.screen-item, .screen-cont'))
				last = Math.max(last, Math.floor((node.getBoundingClientRect().left - origin + gap / 2) / column));
			pages.value = Math.max(1, Math.ceil((last + 1) / n));
			if (page.value >= pages.value) page.value = 0;
			show();
		}

		// The columns overflow to the right of the screen; page p is moved into view.
		function show() {
			if (columns.value) columns.value.style.transform = page.value ? `translateX(${-page.value * step()}px)` : '';
		}

		function turn() {
			if (pages.value <= 1 || !columns.value) return;
			turning.value = true;
			setTimeout(() => {
				page.value = (page.value + 1) % pages.value;
				show();
				turning.value = false;
			}, 400);
		}

		async function load() {
			try {
				board.value = await api.get(`/public/venues/${id}`);
				error.value = '';
				document.title = `${board.value.venue.name} 事项分类 - 吊屏`;
				await layout();
			} catch (e) {
				if (!board.value) error.value = e.message;
			}
		}

		function fullscreen() {
			if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
			else document.documentElement.requestFullscreen().catch(() => {});
		}

		const timers = [];
		let resizeObserver = null;
		onMounted(() => {
			if (!/^[1-9][0-9]*$/.test(id)) {
				error.value = '缺少或无效的场所编号：地址应为 /display/items.html?venue=场所编号';
				return;
			}
			load();
			timers.push(setInterval(() => { clock.value = clockParts(new Date()); }, 1000));
			timers.push(setInterval(turn, interval));
			timers.push(setInterval(load, RELOAD_MS));
			resizeObserver = new ResizeObserver(() => layout());
			resizeObserver.observe(document.documentElement);
			if (document.fonts) document.fonts.ready.then(layout);
			document.addEventListener('dblclick', fullscreen);
		});
		onBeforeUnmount(() => {
			timers.forEach(clearInterval);
			resizeObserver?.disconnect();
		});

		return {
			board, error, clock, page, pages, turning, columns, phone, conts,
			kindLabel: (k) => label(KIND_LABELS, k),
		};
	},
	render,
};

createApp(DisplayPage).mount('#app');
