// Benchmark of the web app: the first page load on loopback and the render of a report's page, measured in
// Debian's Chromium (playwright-core) against `serve` with a temporary database and the app built by Vite.
// `benchWeb()` returns rows { what, measured, target, met } like the other benchmarks; run alone with
// `node bench/web.mjs` (after `npm run build`).

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUNS = Number(process.env.XXGK_BENCH_WEB_RUNS ?? 9);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ms = (x) => `${x.toFixed(0)} ms`;

export async function benchWeb() {
  const rows = [];
  if (!existsSync(CHROMIUM)) {
    return [{ what: 'web app (Chromium)', measured: `skipped: ${CHROMIUM} missing`, target: 'first load < 1 s; report page < 200 ms', met: false }];
  }
  const dir = await mkdtemp(join(tmpdir(), 'xxgk-bench-web-'));
  const { build } = await import('vite');
  const { serve } = await import('../dist/server/index.js');
  const { parseBytes } = await import('../dist/index.js');
  const { chromium } = await import('playwright-core');
  await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir: join(dir, 'app'), emptyOutDir: true } });
  const server = await serve({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), token: 'bench', staticDir: join(dir, 'app'), workers: 0, print: () => {} });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    // two stored reports: the corpus PDF (three tables, long text) and a seed
    const ids = [];
    for (const file of ['../shared/corpus/hongze-2024.pdf', '../shared/seeds/004_1b8055f632d828e7.txt']) {
      const bytes = new Uint8Array(await readFile(resolve(ROOT, file)));
      const saved = await server.store.saveParsed({ bytes, name: file.split('/').pop() }, await parseBytes(bytes, file));
      ids.push(saved.id);
    }

    // 1. first page load: a fresh browser context (empty cache), from navigation to the list drawn with its rows
    const loads = [];
    const fcp = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${server.url}/#/reports`);
      await page.locator('table.list tbody tr').first().waitFor();
      loads.push(performance.now() - t0);
      fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
      await context.close();
    }
    const load = median(loads);
    rows.push({
      what: `web: first page load, list drawn (median of ${RUNS} cold loads, loopback)`,
      measured: `${ms(load)} (first contentful paint ${ms(median(fcp))})`, target: '< 1 s', met: load < 1000,
    });

    // 2. a report's page: from the hash change to the page painted, marks taken in the browser
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/#/upload`);
    await page.waitForLoadState('networkidle');
    for (const id of ids) {
      const times = [];
      for (let i = 0; i < RUNS + 1; i++) {
        await page.evaluate(() => { performance.clearMarks(); location.hash = '#/upload'; });
        await page.locator('.upload-page').waitFor();
        await page.evaluate((id) => { performance.mark('xxgk:navigate'); location.hash = `#/reports/${id}`; }, id);
        await page.waitForFunction(() => performance.getEntriesByName('xxgk:report-painted').length > 0);
        const t = await page.evaluate(() => performance.measure('report', 'xxgk:navigate', 'xxgk:report-painted').duration);
        if (i > 0) times.push(t); // the first visit also loads the page's code once
      }
      const cells = await page.locator('td[data-path]').count();
      const t = median(times);
      rows.push({
        what: `web: report page rendered (report #${id}, ${cells} cells; median of ${RUNS}, fetch included)`,
        measured: ms(t), target: '< 200 ms', met: t < 200,
      });
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchWeb()) console.log(`${r.what} | ${r.measured} | ${r.target} | ${r.met ? 'yes' : 'NO'}`);
}
