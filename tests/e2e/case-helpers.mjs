// case-helpers.mjs — what the case (办件) browser tests share: a resident ID number with a
// valid check digit (GB 11643), a distinct phone number per run, and reading a QR code off
// the page: the <img> is drawn on a canvas in the page, and jsQR decodes its pixels here.

import assert from 'node:assert/strict';
import jsQR from 'jsqr';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

// The 18-character ID number of the first 17 digits, with its check character.
export function idNumber(first17) {
	assert.match(first17, /^[0-9]{17}$/);
	const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
	return first17 + '10X98765432'[sum % 11];
}

// The same number with a wrong check character.
export function badIdNumber(first17) {
	const good = idNumber(first17);
	return good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
}

// A mobile number whose last four digits differ from run to run.
export function phoneNumber() {
	return `1390915${String(Date.now() % 10000).padStart(4, '0')}`;
}

// Decodes the QR code shown by the <img> that `locator` points at; returns its text, or fails.
// The image is drawn at 400×400 on a white canvas with a quiet zone around it.
export async function decodeQrImage(locator) {
	const { width, height, data } = await locator.evaluate(async (img) => {
		if (!img.complete) await new Promise((ok, fail) => { img.onload = ok; img.onerror = fail; });
		const size = 440;
		const canvas = document.createElement('canvas');
		canvas.width = size;
		canvas.height = size;
		const g = canvas.getContext('2d');
		g.fillStyle = '#fff';
		g.fillRect(0, 0, size, size);
		g.drawImage(img, 20, 20, size - 40, size - 40);
		return { width: size, height: size, data: Array.from(g.getImageData(0, 0, size, size).data) };
	});
	const code = jsQR(Uint8ClampedArray.from(data), width, height);
	assert.ok(code, 'the QR code image could not be decoded');
	return code.data;
}
