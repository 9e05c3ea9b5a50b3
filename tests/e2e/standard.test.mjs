// 标准化建设 and the survey report in the browser: the county supervisor opens 标准化 from the
// navigation, changes the weight of one criterion of the town standard, saves, and sees the
// score of 城关镇's hall change in the table (as the API computes it), then puts the weight
// back; the survey report page states the survey's figures (11 halls, 5 large, 6 small, 121
// villages, 104 open rooms) as the API reports them, and prints (print CSS hides the controls).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiGet, launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const text = async (locator) => (await locator.textContent()).trim();

test('editing a criterion weight changes the venue scores', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'supervisor');
	await navTo(page, '规范建设', '标准化');
	await page.waitForURL(/\/standard\.html$/);
	await page.getByTestId('std-filter-town').selectOption('610929100');
	await page.getByTestId('std-filter-level').selectOption('town');
	const row = page.getByTestId('std-scores').locator('tr[data-name="城关镇便民服务中心"]');
	await row.waitFor();
	const venueId = await row.getAttribute('data-venue');
	const before = await apiGet(context, `/api/v1/venues/${venueId}/standard`);
	assert.equal(await text(row.getByTestId('std-score')), before.score.toFixed(1));
	assert.ok(before.gaps.length > 0, 'the hall has a gap to weigh');
	const gapField = before.gaps[0].field;

	const weight = page.getByTestId('std-criteria').locator(`tr[data-field="${gapField}"]`).getByTestId('std-weight');
	const oldWeight = await weight.inputValue();
	await weight.fill('1');
	await page.getByTestId('std-save').click();
	await page.getByTestId('std-saved').waitFor();
	const afterEdit = await apiGet(context, `/api/v1/venues/${venueId}/standard`);
	assert.ok(afterEdit.score > before.score, `a lighter gap raises the score (${before.score} → ${afterEdit.score})`);
	await page.waitForFunction(({ id, score }) => {
		const cell = document.querySelector(`[data-testid="std-scores"] tr[data-venue="${id}"] [data-testid="std-score"]`);
		return cell && cell.textContent.trim() === score;
	}, { id: venueId, score: afterEdit.score.toFixed(1) });
	await screenshot(page, 'standard');

	// Put the weight back, so the shared demo keeps its standard.
	await weight.fill(oldWeight);
	await page.getByTestId('std-save').click();
	await page.waitForFunction(({ id, score }) => {
		const cell = document.querySelector(`[data-testid="std-scores"] tr[data-venue="${id}"] [data-testid="std-score"]`);
		return cell && cell.textContent.trim() === score;
	}, { id: venueId, score: before.score.toFixed(1) });
	await page.assertClean();
	await context.close();
});

test('the survey report page states the survey figures and prints without controls', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'supervisor');
	await page.goto('/survey.html');
	await page.getByTestId('survey').waitFor();
	const report = await apiGet(context, '/api/v1/reports/survey');
	const fig = async (id) => text(page.getByTestId(`fig-${id}`));
	assert.equal(await fig('towns'), '11');
	assert.equal(await fig('with-hall'), '11');
	assert.equal(await fig('large'), '5');
	assert.equal(await fig('small'), '6');
	assert.equal(await fig('villages'), '121');
	assert.equal(await fig('open-rooms'), '104');
	assert.equal(await fig('office-only'), '17');
	assert.equal(await fig('without-b'), String(report.posts.without_b));
	assert.match(await text(page.getByTestId('survey-villages')), /红花社区/);
	assert.match(await text(page.getByTestId('survey-scattered-office')), /建房/);
	assert.match(await text(page.getByTestId('survey-scattered-dept_hall')), /户口/);
	await page.emulateMedia({ media: 'print' });
	assert.equal(await page.getByTestId('print').isVisible(), false, 'no buttons on paper');
	assert.equal(await page.getByTestId('survey').isVisible(), true);
	await screenshot(page, 'survey');
	await page.assertClean();
	await context.close();
});
