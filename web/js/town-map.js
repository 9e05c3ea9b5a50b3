// town-map.js — the schematic map of Baihe's 11 towns that the supervision page and the
// dashboard draw: rough positions of the town seats on a 400 × 300 viewBox (north up; the Han
// River along the north-east, the county seat 城关镇 on it), and the river's path.

export const TOWN_POSITIONS = {
	610929100: [340, 70], // 城关镇
	610929101: [220, 205], // 中厂镇
	610929102: [150, 160], // 构朳镇
	610929103: [160, 255], // 卡子镇
	610929104: [270, 140], // 茅坪镇
	610929105: [260, 60], // 宋家镇
	610929106: [70, 205], // 西营镇
	610929107: [80, 115], // 仓上镇
	610929108: [140, 60], // 冷水镇
	610929109: [205, 105], // 双丰镇
	610929110: [320, 225], // 麻虎镇
};

export const RIVER_PATH = 'M 400 40 C 340 50, 300 30, 240 35 S 150 30, 100 20';
