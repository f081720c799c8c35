// Browser tests of the web app: Debian's Chromium driven by playwright-core against `serve` (src/server) started on
// a free loopback port with a temporary database and the app built by Vite into a temporary folder. Screenshots of
// every page at 1280×800 and at a phone's 375 px go to test-output/screenshots/.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseBytes } from '../../src/index.js';
import { generateReport } from '../../src/generate/index.js';
import { cellsOf, getCell } from '../../src/template/index.js';
import type { ReportData } from '../../src/template/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-output/screenshots');
const CORPUS_PDF = resolve(ROOT, '../shared/corpus/hongze-2024.pdf');
const CORPUS_HTML = resolve(ROOT, '../shared/corpus/shuyang-fgj-2023.html');
const SEED_TEXT = resolve(ROOT, '../shared/seeds/002_e36851e478d160e5.txt');
const TOKEN = 'web-test-token';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) console.warn(`test/web: ${CHROMIUM} is missing, browser tests skipped (apt-get install chromium fonts-noto-cjk)`);

interface Running { url: string; close(): Promise<void> }

describe.skipIf(!hasChromium)('web app in Chromium', () => {
  let dir: string;
  let server: Running;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let pdfReportId = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xxgk-web-'));
    await mkdir(SHOTS, { recursive: true });
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir: join(dir, 'app'), emptyOutDir: true } });
    const { serve } = await import('../../src/server/index.js');
    server = await serve({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), token: TOKEN, staticDir: join(dir, 'app'), workers: 0, print: () => {} });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A screenshot at 1280×800 and at 375 px wide (full page), named after the page. */
  async function shoot(name: string, p: Page = page) {
    await p.screenshot({ path: join(SHOTS, `${name}-1280.png`) });
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 740 });
    await phone.goto(p.url());
    await phone.waitForLoadState('networkidle');
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: join(SHOTS, `${name}-375.png`) });
    await phone.close();
  }

  const go = async (hash: string) => {
    await page.goto(`${server.url}/${hash}`);
    await page.waitForLoadState('networkidle');
  };

  it('uploads a corpus PDF and shows its tables in the official layout', async () => {
    await go('#/upload');
    await page.setInputFiles('[data-testid=file-input]', CORPUS_PDF);
    const item = page.locator('.upload-item').first();
    await expect.poll(async () => item.getAttribute('data-status'), { timeout: 120_000 }).toBe('added');
    // the same file again is recognised as a duplicate
    await page.setInputFiles('[data-testid=file-input]', CORPUS_PDF);
    await expect.poll(async () => page.locator('.upload-item').first().getAttribute('data-status'), { timeout: 60_000 }).toBe('duplicate');
    // a file that is not a report fails with its reason, and the batch goes on
    await page.setInputFiles('[data-testid=file-input]', { name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not really') });
    const failed = page.locator('.upload-item').first();
    await expect.poll(() => failed.getAttribute('data-status'), { timeout: 60_000 }).toBe('failed');
    expect(await failed.locator('.result code').innerText()).toMatch(/^[A-Z_]+$/);
    await shoot('upload');
    const href = await page.locator('.upload-item[data-status=added] a').first().getAttribute('href');
    pdfReportId = Number(/reports\/(\d+)/.exec(href ?? '')?.[1]);
    expect(pdfReportId).toBeGreaterThan(0);

    await go(`#/reports/${pdfReportId}`);
    await page.locator('table.official[data-table=requests]').waitFor();
    for (const table of ['active', 'requests', 'appeals']) await expect.poll(() => page.locator(`table.official[data-table=${table}]`).count()).toBe(1);
    // 表三 of the 2021 format: 25 rows of 7 value cells; the 申请人情况 header spans the 7 value columns
    expect(await page.locator('table.official[data-table=requests] td[data-path]').count()).toBe(25 * 7);
    expect(await page.locator('table.official[data-table=requests] th[colspan="7"]').count()).toBe(1);
    const value = await page.locator('td[data-path="requests.newReceived.total"]').innerText();
    expect(value.trim()).toMatch(/^\d+$/);
    await shoot('report');
  });

  it('shows a cell\'s source: the PDF page drawn with the cell\'s box highlighted', async () => {
    await go(`#/reports/${pdfReportId}`);
    await page.locator('td[data-path="requests.newReceived.total"] button').click();
    const panel = page.locator('.source-panel');
    await panel.waitFor();
    await page.locator('.pdf-page[data-rendered=yes]').waitFor({ timeout: 30_000 });
    const box = await page.locator('.pdf-box').boundingBox();
    const canvas = await page.locator('.pdf-page canvas').boundingBox();
    expect(box && canvas).toBeTruthy();
    // the highlight lies on the page and is about a cell's size
    expect(box!.x).toBeGreaterThanOrEqual(canvas!.x - 4);
    expect(box!.y).toBeGreaterThanOrEqual(canvas!.y - 4);
    expect(box!.width).toBeLessThan(canvas!.width / 3);
    expect(await page.locator('.pdf-page').getAttribute('data-page')).toMatch(/^\d+$/);
    await page.locator('.pdf-box').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'source-pdf-1280.png') });
  });

  it('corrects a cell: a new version, the old value kept', async () => {
    await go(`#/reports/${pdfReportId}`);
    const path = 'requests.newReceived.naturalPerson';
    const cell = page.locator(`td[data-path="${path}"] button`);
    const before = (await cell.innerText()).trim();
    const after = String(Number(before || 0) + 7);
    await cell.click();
    const form = page.locator('form.correction');
    await form.locator('input[name=value]').fill(after);
    await form.locator('input[name=why]').fill('与原件核对');
    await form.locator('input[name=who]').fill('测试员');
    await form.locator('input[name=token]').fill(TOKEN);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('.report-page').getAttribute('data-version'), { timeout: 30_000 }).toBe('2');
    await expect.poll(async () => (await page.locator(`td[data-path="${path}"] button`).innerText()).trim()).toBe(after);
    const v2 = page.locator('.history li[data-version="2"]');
    await expect.poll(() => v2.innerText()).toContain(`${path}：${before || '（空白）'} → ${after}`);
    expect(await v2.innerText()).toContain('与原件核对');
    await page.locator(`td[data-path="${path}"] button`).click();
    expect(await page.locator('.cell-history').innerText()).toContain(before);
    await shoot('corrected');
    // the original stays: version 1 shows the old value
    await go(`#/reports/${pdfReportId}?version=1`);
    await expect.poll(() => page.locator('.report-page').getAttribute('data-version')).toBe('1');
    expect((await page.locator(`td[data-path="${path}"] button`).innerText()).trim()).toBe(before);
    // the token was asked once: it is kept for the tab
    expect(await page.evaluate(() => sessionStorage.getItem('xxgk.token'))).toBe(TOKEN);
  });

  it('writes a report: a broken balance shows its finding before saving; exported .docx parses back to the same data', async () => {
    const draft = generateReport(4242, { format: '2021' });
    await go('#/author');
    await page.evaluate((d) => { localStorage.setItem('xxgk.draft', JSON.stringify({ report: d, typed: {} })); }, draft);
    await page.reload();
    await page.locator('td[data-path="requests.newReceived.naturalPerson"] input').waitFor();
    const live = page.locator('.live-findings');
    expect(await live.innerText()).not.toContain('T3-BALANCE');
    const input = page.locator('td[data-path="requests.newReceived.naturalPerson"] input');
    const old = await input.inputValue();
    await input.fill(String(Number(old) + 3));
    await expect.poll(() => live.innerText()).toContain('T3-BALANCE');
    expect(await page.locator('td[data-path="requests.newReceived.naturalPerson"]').getAttribute('data-state')).toBe('error');
    await shoot('author');
    await input.fill(old);
    await expect.poll(() => live.innerText()).not.toContain('T3-BALANCE');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Word (.docx)' }).click()]);
    const file = join(dir, 'authored.docx');
    await download.saveAs(file);
    const parsed = await parseBytes(new Uint8Array(await readFile(file)), 'authored.docx');
    expectSameData(parsed, draft);
  });

  it('shows a report whose text holds <script> as text', async () => {
    const text = (await readFile(SEED_TEXT, 'utf8')).replace('一、总体情况', '一、总体情况\n<script>alert("xss")</script><img src=x onerror=alert(2)>');
    const file = join(dir, 'script.txt');
    await writeFile(file, text);
    await go('#/upload');
    await page.setInputFiles('[data-testid=file-input]', file);
    const item = page.locator('.upload-item').first();
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 60_000 }).toBe('added');
    const id = Number(/reports\/(\d+)/.exec((await item.locator('a').first().getAttribute('href')) ?? '')?.[1]);
    await go(`#/reports/${id}`);
    await page.locator('.doc-section[data-section=overview]').waitFor();
    const overview = await page.locator('.doc-section[data-section=overview]').innerText();
    expect(overview).toContain('<script>alert("xss")</script><img src=x onerror=alert(2)>');
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(problems.filter((p) => p.startsWith('dialog'))).toEqual([]);
    await shoot('report-script');
    // a text report's source: the line of the original, the printed number highlighted in it
    await page.locator('td[data-path="requests.newReceived.total"] button').click();
    const hit = page.locator('.passage .target-line mark.source-hit');
    await hit.waitFor();
    expect((await hit.innerText()).trim()).toBe((await page.locator('td[data-path="requests.newReceived.total"] button').innerText()).trim());
    expect(await page.locator('.passage .target-line').getAttribute('data-line')).toMatch(/^\d+$/);
    await page.screenshot({ path: join(SHOTS, 'source-text-1280.png') });
  });

  it('shows an HTML report\'s cell highlighted in the table of its original', async () => {
    await go('#/upload');
    await page.setInputFiles('[data-testid=file-input]', CORPUS_HTML);
    const item = page.locator('.upload-item').first();
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 60_000 }).toBe('added');
    const id = Number(/reports\/(\d+)/.exec((await item.locator('a').first().getAttribute('href')) ?? '')?.[1]);
    await go(`#/reports/${id}`);
    const cell = page.locator('td[data-path="requests.newReceived.total"] button');
    await cell.click();
    const hit = page.locator('.element-passage td.source-hit');
    await hit.waitFor();
    expect((await hit.innerText()).trim()).toBe((await cell.innerText()).trim());
    await page.screenshot({ path: join(SHOTS, 'source-html-1280.png') });
  });

  it('lists, compares, compiles and charts the stored reports', async () => {
    await go('#/reports');
    await page.locator('table.list tbody tr').first().waitFor();
    expect(await page.locator('table.list tbody tr').count()).toBe(3);
    await shoot('list');
    await page.locator('table.list th button', { hasText: '年度' }).click();
    await expect.poll(() => page.url()).toContain('sort=year');
    // the English switch
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Reports');
    await page.getByRole('button', { name: '中文' }).click();

    await go('#/compare?a=1&b=2');
    await page.locator('.compare-sides table.official').first().waitFor();
    expect(await page.locator('.compare-sides td.changed').count()).toBeGreaterThan(0);
    await shoot('compare');

    await go('#/compile');
    await page.locator('.compile-page table.official[data-table=requests]').waitFor();
    expect(await page.locator('.compile-page [role=status]').first().innerText()).toContain('汇总了');
    await shoot('compile');

    await go('#/dashboard');
    await page.locator('.chart canvas').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.chart').count()).toBeGreaterThanOrEqual(3);
    await shoot('dashboard');
  });

  it('loads no page with a script error or a blocked resource', () => {
    expect(problems).toEqual([]);
  });
});

/** Every cell, the meta and the section texts of a report as parsed equal those of the data written. */
function expectSameData(parsed: ReportData, written: ReportData) {
  expect(parsed.format).toBe(written.format);
  expect(parsed.agency).toBe(written.agency);
  expect(parsed.year).toBe(written.year);
  const diffs = cellsOf(written.format).filter((c) => (getCell(parsed, c.path) ?? null) !== (getCell(written, c.path) ?? null))
    .map((c) => `${c.path}: ${getCell(parsed, c.path)} ≠ ${getCell(written, c.path)}`);
  expect(diffs).toEqual([]);
}
