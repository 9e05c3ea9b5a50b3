// rating-labels.js — what the 好差评 pages share: the five levels in order (mirrors
// src/domain/rating_rules.h), and a rate from the API (a fraction or null) as a percentage.

export const RATING_LEVELS = [
	{ code: 'very_satisfied', label: '非常满意' },
	{ code: 'satisfied', label: '满意' },
	{ code: 'basic', label: '基本满意' },
	{ code: 'dissatisfied', label: '不满意' },
	{ code: 'very_dissatisfied', label: '非常不满意' },
];

// 0.8333 → "83.3%"; null (nothing counted) → "—".
export const formatRate = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
