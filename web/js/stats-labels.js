// stats-labels.js — what the statistics pages share (dashboard, records): the measures of
// /api/v1/stats (mirrors src/domain/stats.h) with their Chinese names, the figures a dashboard
// cell or chart shows and the measure of the records behind each, and the link to those records.

import { formatRate } from './rating-labels.js';

export { formatRate };

export const MEASURE_LABELS = {
	received: '受理办件', completed: '办结办件', on_time: '按期办结', late: '超期办结', overdue: '逾期（黄牌）办件',
	ratings: '参评数', satisfied: '满意评价', bad: '差评', bad_rectified_on_time: '差评按期整改',
	warnings: '预警', yellow_cards: '黄牌', red_cards: '红牌', petitions: '信访登记', petitions_on_time: '信访按期办结',
	petitions_closed: '信访办结', window_gaps: '窗口断档',
	open_post_seconds: '窗口开放时长', staffed_seconds: '有人在岗时长', a_post_seconds: 'A岗在岗时长',
	gap_seconds: '窗口断档时长', not_a_post_seconds: 'A岗不在岗时长',
};

// A figure of the dashboard: its label, whether it is a rate, and the measure whose records
// explain it (for a rate: the records that pull it down).
export const FIGURES = {
	received: { label: '受理量', measure: 'received' },
	completed: { label: '办结量', measure: 'completed' },
	on_time_rate: { label: '按期办结率', rate: true, measure: 'late' },
	satisfaction_rate: { label: '满意率', rate: true, measure: 'bad' },
	coverage_rate: { label: '窗口在岗率', rate: true, measure: 'gap_seconds' },
	yellow_cards: { label: '黄牌', measure: 'yellow_cards' },
	red_cards: { label: '红牌', measure: 'red_cards' },
};

export const formatFigure = (code, value) => (FIGURES[code]?.rate ? formatRate(value) : String(value ?? 0));

// The records page for a measure, an org and a range of days.
export function recordsHref(measure, org, from, to) {
	const q = new URLSearchParams({ measure, org, from, to });
	return `/records.html?${q}`;
}
