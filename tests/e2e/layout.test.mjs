// Layout and navigation of the editor at office-laptop and desktop sizes (issue 15, points 3
// and 7): every indicator name can be read in full, a row's messages sit on a row of their own
// under it, column widths do not move when an error appears, the arrow keys move between rows
// in every kind of cell, and the section is in the URL (Back, Forward, reload). Geometry is
// measured in the page, not read from class names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openSample } from './harness.mjs';

/** The form control of a field path (not the messages and findings that name it too). */
const field = (path) => `:is(input, select, textarea)[data-path="${path}"]`;

const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];

async function openIndicators(page) {
  await page.click('[data-testid="nav-indicators"]');
  await page.waitForSelector('[data-testid="indicator-row"]');
}

/** Types into a field and commits it like a user leaving the cell. */
async function typeInto(page, selector, text) {
  await page.fill(selector, text);
  await page.press(selector, 'Tab');
}

/** The text fields of the rendered indicator rows (names, 定性 targets, deviations) whose text
 *  does not fit their box. */
function cutNames(page) {
  return page.$$eval('[data-testid="indicator-row"] :is([data-path$=".name"], [data-path$=".target_text"], [data-path$=".deviation"])', (els) => els
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
    .map((e) => `${e.value} (${e.scrollWidth}×${e.scrollHeight} in ${e.clientWidth}×${e.clientHeight})`));
}

/** Widths (px) of a table's column headings. */
function headingWidths(page, table) {
  return page.$$eval(`${table} thead th`, (ths) => ths.map((th) => th.getBoundingClientRect().width));
}

/** The same widths, to a fraction of a pixel (layout may round sub-pixel widths a little
 *  differently when the page's height changes; a column moved by its content moves by many). */
function assertSameWidths(actual, expected, what) {
  assert.equal(actual.length, expected.length, what);
  assert.ok(actual.every((w, i) => Math.abs(w - expected[i]) < 0.5), `${what}: ${expected.join(', ')} → ${actual.join(', ')}`);
}

const active = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { path: el.getAttribute('data-path'), row: el.getAttribute('data-nav-row'), col: el.getAttribute('data-nav-col'), value: el.value };
});

test('every indicator name can be read in full at 1366×768 and 1920×1080, a long one too', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const names = await page.$$eval('[data-testid="indicator-row"] [data-path$=".name"]', (els) => els.map((e) => e.value));
      assert.ok(names.length >= 17 && names.every((n) => n.length > 0), names.join(' / '));
      assert.deepEqual(await cutNames(page), [], `${size.width}×${size.height}: names cut`);
    }
    // A name far longer than its column wraps onto more lines: the cell grows, nothing is cut.
    await page.setViewportSize(SIZES[0]);
    const name = field('indicators.i-basic.name');
    const row = page.locator('[data-testid="indicator-row"][data-id="i-basic"]');
    const before = await row.evaluate((r) => r.getBoundingClientRect().height);
    const long = '基础养老金养老补助按月足额发放到户的城乡居民人数（含补发、续发及跨区转入人员）';
    await typeInto(page, name, long);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-path') !== 'indicators.i-basic.name');
    assert.equal(await page.inputValue(name), long);
    assert.deepEqual(await cutNames(page), []);
    const after = await row.evaluate((r) => r.getBoundingClientRect().height);
    assert.ok(after > before + 10, `the row grows with the name's lines: ${before} → ${after}`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test("an error in the indicator table: its message on a row of its own under the row, the row and the columns keep their size", async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await page.setViewportSize(SIZES[0]);
    await openSample(page);
    await openIndicators(page);
    const row = page.locator('[data-testid="indicator-row"][data-id="i-funeral"]');
    const widths = await headingWidths(page, '.indicator-table');
    const cellWidth = () => row.locator('td.col-weight').evaluate((td) => td.getBoundingClientRect().width);
    const weightCell = await cellWidth();
    const height = await row.evaluate((r) => r.getBoundingClientRect().height);
    // 分值, the narrowest column: text that is no number.
    await typeInto(page, field('indicators.i-funeral.weight'), '五分（按人数比例折算）');
    await row.locator('[data-testid="field-error"]').waitFor({ state: 'attached' });
    assertSameWidths(await headingWidths(page, '.indicator-table'), widths, 'column widths');
    assertSameWidths([await cellWidth()], [weightCell], '分值 cell');
    assert.equal(await row.evaluate((r) => r.getBoundingClientRect().height), height, 'the row keeps its height');
    const message = page.locator('[data-messages-for="i-funeral"] [data-testid="row-message"][data-path="indicators.i-funeral.weight"]');
    await message.waitFor();
    assert.match(await message.innerText(), /分值：.*五分（按人数比例折算）/);
    // The message is on the row right under the indicator's row, as wide as the table, below it.
    const geo = await row.evaluate((r) => {
      const next = r.nextElementSibling;
      const m = next.querySelector('[data-testid="row-message"]');
      const [rb, mb, tb] = [r.getBoundingClientRect(), m.getBoundingClientRect(), r.closest('table').getBoundingClientRect()];
      return { next: next.getAttribute('data-messages-for'), inRow: r.contains(m), rowBottom: rb.bottom, top: mb.top, width: next.getBoundingClientRect().width, table: tb.width, lines: Math.round(mb.height / parseFloat(getComputedStyle(m).lineHeight)) };
    });
    assert.equal(geo.next, 'i-funeral');
    assert.equal(geo.inRow, false);
    assert.ok(geo.top >= geo.rowBottom - 1, JSON.stringify(geo));
    assert.ok(geo.width >= geo.table - 2, JSON.stringify(geo));
    assert.ok(geo.lines <= 2, `the message reads on one or two lines: ${JSON.stringify(geo)}`);
    // The cell still says that it is wrong (colour, and its text for screen readers).
    assert.ok(await page.locator(field('indicators.i-funeral.weight')).evaluate((e) => e.classList.contains('has-error') && e.getAttribute('aria-invalid') === 'true'));
    // Corrected: the message row goes, the row is as before.
    await typeInto(page, field('indicators.i-funeral.weight'), '5');
    await page.locator('[data-messages-for="i-funeral"] [data-path="indicators.i-funeral.weight"]').waitFor({ state: 'detached' });
    assertSameWidths(await headingWidths(page, '.indicator-table'), widths, 'column widths after');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('an error in the funds table does not move its columns; the message is under the row', async () => {
  for (const size of SIZES) {
    const app = await startApp();
    try {
      const { page } = app;
      await page.setViewportSize(size);
      await openSample(page);
      await page.click('[data-testid="nav-funds"]');
      const source = page.locator('.funds-table tbody tr[data-id]').first();
      await source.waitFor();
      const id = await source.getAttribute('data-id');
      const widths = await headingWidths(page, '.funds-table');
      const height = await source.evaluate((r) => r.getBoundingClientRect().height);
      const path = `funds.sources.${id}.executed`;
      await typeInto(page, field(path), '三百七十一万一千六百元整');
      await source.locator('[data-testid="field-error"]').waitFor({ state: 'attached' });
      assertSameWidths(await headingWidths(page, '.funds-table'), widths, `${size.width}: column widths`);
      assert.equal(await source.evaluate((r) => r.getBoundingClientRect().height), height, 'the row keeps its height');
      const message = page.locator(`.funds-table [data-testid="row-message"][data-path="${path}"]`);
      await message.waitFor();
      assert.match(await message.innerText(), /全年执行数：/);
      assert.ok(await source.evaluate((r, p) => {
        const m = r.nextElementSibling.querySelector(`[data-testid="row-message"][data-path="${p}"]`);
        return !!m && m.getBoundingClientRect().top >= r.getBoundingClientRect().bottom - 1;
      }, path), 'the message is on the next row, below');
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  }
});

test('↓ and ↑ move to the next and previous row in every kind of cell; a select keeps its value', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    const total = await page.locator('[data-testid="summary-total"]').innerText();
    // i-funeral and i-basic: consecutive 三级 rows (定量).
    const cells = [
      ['nature', 'select'],
      ['name', 'name'],
      ['target', 'text input'],
      ['unit', 'text input'],
      ['actual', 'number input'],
      ['weight', 'number input'],
      ['deviation', 'text input'],
    ];
    for (const [name, kind] of cells) {
      const sel = field(`indicators.i-funeral.${name}`);
      await page.focus(sel);
      const from = await active(page);
      await page.keyboard.press('ArrowDown');
      const to = await active(page);
      assert.equal(to.path, `indicators.i-basic.${name}`, `${kind} (${name}): ↓ goes to the next row`);
      assert.equal(await page.inputValue(sel), from.value, `${kind}: ↓ leaves the value`);
      await page.keyboard.press('ArrowUp');
      assert.equal((await active(page)).path, `indicators.i-funeral.${name}`, `${kind} (${name}): ↑ comes back`);
      assert.equal(await page.inputValue(field(`indicators.i-basic.${name}`)), to.value, `${kind}: ↑ leaves the value`);
    }
    // Enter in a name (a text area) moves too, and puts no line break in it.
    await page.focus(field('indicators.i-funeral.name'));
    const name = await page.inputValue(field('indicators.i-funeral.name'));
    await page.keyboard.press('Enter');
    assert.equal((await active(page)).path, 'indicators.i-basic.name');
    assert.equal(await page.inputValue(field('indicators.i-funeral.name')), name);
    // Nothing was scored differently.
    assert.equal(await page.locator('[data-testid="summary-total"]').innerText(), total);
    assert.equal(await page.inputValue(field('indicators.i-funeral.nature')), await page.inputValue(field('indicators.i-basic.nature')));
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

/** The section shown (its nav tab marked current) and the URL's hash. */
async function where(page) {
  const section = await page.evaluate(() => document.querySelector('.nav-item[aria-current="page"]')?.getAttribute('data-testid')?.replace('nav-', ''));
  return { section, hash: new URL(page.url()).hash };
}

async function waitSection(page, key) {
  await page.waitForFunction((k) => document.querySelector('.nav-item[aria-current="page"]')?.getAttribute('data-testid') === `nav-${k}`, key);
  return where(page);
}

for (const mode of [{ name: 'served under a sub-path', opts: { subPath: '/jixiao/app/' } }, { name: 'the standalone file from file://', opts: { standalone: true } }]) {
  test(`the section is in the URL (${mode.name}): Back and Forward move between the sections visited, a reload keeps it`, async () => {
    const app = await startApp(mode.opts);
    try {
      const { page } = app;
      await openSample(page);
      assert.deepEqual(await where(page), { section: 'project', hash: '#project' });
      await page.click('[data-testid="nav-funds"]');
      assert.deepEqual(await waitSection(page, 'funds'), { section: 'funds', hash: '#funds' });
      await openIndicators(page);
      assert.deepEqual(await where(page), { section: 'indicators', hash: '#indicators' });
      // A finding that leads to another section is an entry too.
      const finding = page.locator('[data-testid="finding"][data-path^="funds."], [data-testid="finding"][data-path^="goals."], [data-testid="finding"][data-path^="survey."], [data-testid="finding"][data-path^="figures."], [data-testid="finding"][data-path^="narrative."], [data-testid="finding"][data-path^="header."]').first();
      const target = (await finding.getAttribute('data-path')).split('.')[0];
      const key = { header: 'project' }[target] || target;
      await finding.locator('button').click();
      assert.deepEqual(await waitSection(page, key), { section: key, hash: `#${key}` });
      await page.goBack();
      assert.deepEqual(await waitSection(page, 'indicators'), { section: 'indicators', hash: '#indicators' });
      await page.goBack();
      assert.deepEqual(await waitSection(page, 'funds'), { section: 'funds', hash: '#funds' });
      await page.goForward();
      assert.deepEqual(await waitSection(page, 'indicators'), { section: 'indicators', hash: '#indicators' });
      // A reload opens the draft in the section of the URL.
      await page.reload();
      await page.waitForSelector('[data-testid="summary-total"]');
      assert.deepEqual(await waitSection(page, 'indicators'), { section: 'indicators', hash: '#indicators' });
      await page.waitForSelector('[data-testid="indicator-row"]');
      // Back from the first section returns to the start screen, not out of the app.
      await page.goBack();
      await waitSection(page, 'funds');
      await page.goBack();
      await waitSection(page, 'project');
      await page.goBack();
      await page.waitForSelector('[data-testid="open-sample"]');
      assert.equal(new URL(page.url()).hash, '');
      assert.ok(page.url().startsWith(app.url.replace(/#.*$/, '')), page.url());
      assert.deepEqual(app.errors, []);
      assert.deepEqual(app.otherOriginRequests(), []);
    } finally {
      await app.close();
    }
  });
}

test('← 首页 leaves the section out of the URL; a reload then shows the start screen', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await page.click('[data-testid="nav-rules"]');
    await waitSection(page, 'rules');
    await page.click('[data-testid="back-to-start"]');
    await page.waitForSelector('[data-testid="open-sample"]');
    assert.equal(new URL(page.url()).hash, '');
    await page.reload();
    await page.waitForSelector('[data-testid="open-sample"]');
    assert.equal(new URL(page.url()).hash, '');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

// ---- A big table (virtualised from 100 rows): rows with messages under them ----------------

test('with 300 indicators, many with a message row, ↓ moves row by row and scrolling keeps rows in view', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await page.setViewportSize(SIZES[0]);
    await openSample(page);
    await openIndicators(page);
    // Every third row misses its target without a reason: a message row under it.
    const lines = ['一级指标\t二级指标\t三级指标\t指标性质\t年度指标值\t度量单位\t实际完成值\t分值'];
    for (let i = 0; i < 300; i++) lines.push(`产出指标\t数量指标\t指标${i}\t≥\t100\t人\t${i % 3 === 0 ? 50 : 100}\t0.05`);
    await page.focus(field('indicators.i-ledger.actual'));
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, lines.join('\n'));
    await page.waitForSelector('[data-testid="paste-dialog"]', { timeout: 60_000 });
    await page.click('[data-testid="paste-apply"]');
    await page.waitForSelector('[data-testid="paste-dialog"]', { state: 'detached', timeout: 60_000 });
    const rendered = await page.locator('[data-testid="indicator-row"]').count();
    assert.ok(rendered < 150, `virtualised: ${rendered} rows rendered`);
    assert.ok(await page.locator('[data-testid="row-messages"]').count() > 5);
    // ↓ from the first pasted row's 指标性质 (a select) to far past the rows rendered at first.
    const first = await page.evaluate(() => [...document.querySelectorAll('[data-testid="indicator-row"] [data-path$=".name"]')].find((e) => e.value === '指标0').closest('tr').getAttribute('data-id'));
    await page.focus(field(`indicators.${first}.nature`));
    const start = Number((await active(page)).row);
    const steps = rendered + 30;
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
    const at = await active(page);
    assert.equal(Number(at.row), start + steps, JSON.stringify(at));
    assert.equal(at.col, 'nature');
    assert.equal(at.value, '≥', 'the selects kept their value');
    assert.ok(await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
    }), 'the focused cell is in view');
    // Once every row has been rendered (scrolled through), the spacers stand for the rows not
    // rendered at their measured heights, message rows included: the table is as tall wherever
    // the rendered window is. (Heights are measured in whole pixels: a small tolerance.)
    await page.evaluate(async () => {
      const wait = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      window.scrollTo(0, 0);
      for (let i = 0; i < 200 && scrollY + innerHeight < document.documentElement.scrollHeight; i++) {
        window.scrollBy(0, innerHeight * 0.7);
        await wait();
      }
    });
    const heightAt = (where) => page.evaluate(async (where) => {
      const wait = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const body = document.querySelector('.indicator-table tbody');
      const top = body.getBoundingClientRect().top + scrollY;
      window.scrollTo(0, top + where * (body.getBoundingClientRect().height - innerHeight));
      await wait(); await wait();
      return { height: body.getBoundingClientRect().height, first: body.querySelector('[data-testid="indicator-row"]').getAttribute('aria-rowindex') };
    }, where);
    const atTop = await heightAt(0);
    const atMiddle = await heightAt(0.5);
    const atEnd = await heightAt(1);
    assert.ok(atTop.first !== atMiddle.first && atMiddle.first !== atEnd.first, JSON.stringify([atTop, atMiddle, atEnd]));
    for (const h of [atMiddle, atEnd]) {
      assert.ok(Math.abs(h.height - atTop.height) < 60, `table height ${atTop.height} at the top, ${h.height} further down`);
    }
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
