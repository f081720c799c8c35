// Real documents in and out: generated valid reports of both formats, written as Word and HTML in the official layout,
// converted to PDF by LibreOffice and by Chromium, must parse back to the same data.
//
// Routes, each over the same seeds of both formats:
//   docx             renderDocx → parseBytes
//   html             renderHtml → parseBytes
//   docx→pdf(lo)     renderDocx → LibreOffice → parseBytes
//   html→pdf(chrome) renderHtml → Chromium printToPDF → parseBytes
//   html→pdf(lo)     renderHtml → LibreOffice Writer → parseBytes
//
// XXGK_ROUNDTRIP_N cases per route (half of each format, default 100), seeds from XXGK_ROUNDTRIP_SEED (default 1).
// A failure names its seed, format and route; replay it with generateReport(seed, optionsOf(seed, format)).
// XXGK_ROUNDTRIP_KEEP=DIR keeps the converted files there (DIR/<route>/<format>-<seed>.pdf) for inspection, and
// every failure, not only the first few, in DIR/failures.txt.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBytes } from '../src/index.js';
import { generateReport } from '../src/generate/index.js';
import type { GenerateOptions } from '../src/generate/index.js';
import { renderDocx } from '../src/render/docx.js';
import { renderHtml } from '../src/render/html.js';
import { cellsOf, getCell, SECTION_KEYS } from '../src/template/index.js';
import type { FormatId, ParsedReport, ReportData } from '../src/template/index.js';
import { Chromium, hasChromium, hasCjkFont, hasSoffice, makeTempDir, officeToPdfMany } from './support/convert.js';

const N = Math.max(2, Number(process.env['XXGK_ROUNDTRIP_N'] ?? 100));
const FIRST_SEED = Number(process.env['XXGK_ROUNDTRIP_SEED'] ?? 1);
const KEEP = process.env['XXGK_ROUNDTRIP_KEEP'];
const FORMATS: FormatId[] = ['2019', '2021'];
const SEEDS = Array.from({ length: Math.ceil(N / 2) }, (_, i) => FIRST_SEED + i);

// Where a converter or a Chinese font is missing its routes are skipped (CI installs them all: see .ci/run).
const useSoffice = hasSoffice && hasCjkFont;
const useChromium = hasChromium && hasCjkFont;
if (!hasCjkFont && (hasSoffice || hasChromium)) console.warn('round trip: no Chinese font (fc-list :lang=zh), PDF routes skipped');

/** The generator's variants, as in the text round trip: a printed （三） subtotal row every 7th seed, blanks every 4th. */
const optionsOf = (seed: number, format: FormatId): GenerateOptions => ({ format, deniedSubtotal: seed % 7 === 0, blanks: seed % 4 === 3 });

interface Case { seed: number; format: FormatId; report: ReportData; html: string; docx: Uint8Array }
type Route = 'docx' | 'html' | 'docx→pdf(lo)' | 'html→pdf(chrome)' | 'html→pdf(lo)';

const squash = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, '') : s);

/** Every difference between the generated data and what was parsed, as `path: expected → parsed`, and error findings. */
function differences(want: ReportData, got: ParsedReport): string[] {
  const out: string[] = [];
  const show = (v: unknown) => JSON.stringify(v);
  for (const key of ['format', 'year', 'publishedOn'] as const) if (!Object.is(want[key], got[key])) out.push(`${key}: ${show(want[key])} → ${show(got[key])}`);
  // a title may wrap onto two lines of a PDF; the line break is not part of it
  for (const key of ['title', 'agency'] as const) if (squash(want[key]) !== squash(got[key])) out.push(`${key}: ${show(want[key])} → ${show(got[key])}`);
  for (const key of SECTION_KEYS) if (want.sections[key] != null && got.sections?.[key] == null) out.push(`sections.${key}: missing`);
  if (want.format === got.format) {
    for (const c of cellsOf(want.format, { deniedSubtotal: 'deniedSubtotal' in want.requests })) {
      const a = getCell(want, c.path);
      const b = getCell(got, c.path);
      if (!Object.is(a, b)) out.push(`${c.path}: ${show(a)} → ${show(b)}`);
    }
    for (const [row, values] of Object.entries(want.active)) {
      if (values && 'amountUnit' in values) {
        const a = (values as Record<string, unknown>)['amountUnit'];
        const b = (got.active as Record<string, Record<string, unknown> | undefined> | undefined)?.[row]?.['amountUnit'];
        if (a !== b) out.push(`active.${row}.amountUnit: ${show(a)} → ${show(b)}`);
      }
    }
  }
  for (const f of got.findings) if (f.severity === 'error') out.push(`finding ${f.rule}: ${f.message}`);
  return out;
}

async function check(c: Case, route: Route, bytes: Uint8Array, name: string): Promise<string | null> {
  let diff: string[];
  try {
    diff = differences(c.report, await parseBytes(bytes, name));
  } catch (e) {
    diff = [`parse threw: ${e instanceof Error ? e.message : String(e)}`];
  }
  if (diff.length === 0) return null;
  const shown = KEEP ? diff : diff.slice(0, 8);
  const opts = optionsOf(c.seed, c.format);
  return `seed ${c.seed} format ${c.format} route ${route}${opts.blanks ? ' (blanks)' : ''}${opts.deniedSubtotal ? ' (subtotal row)' : ''}: `
    + `${shown.join('; ')}${diff.length > shown.length ? ` … (${diff.length} differences)` : ''}`;
}

function report(route: Route, format: FormatId, failures: string[], total: number): void {
  allFailures.push(...failures);
  expect(failures.slice(0, 12).join('\n'), `${failures.length} of ${total} cases fail (route ${route}, format ${format})`).toBe('');
}

// ---------------------------------------------------------------------------------------------------------------

const cases: Case[] = [];
const allFailures: string[] = [];
let dir = '';
/** conversion time per file and route, for the summary line */
const timings: Record<string, { ms: number; files: number }> = {};
const pending: Partial<Record<Route, Promise<Uint8Array[]>>> = {};

const casesOf = (format: FormatId) => cases.filter((c) => c.format === format);
const keyOf = (c: Case) => `${c.format}-${c.seed}`;

async function keep(route: Route, pdfs: Uint8Array[]): Promise<void> {
  if (!KEEP) return;
  const out = join(KEEP, route.replace(/[^a-z]+/g, '-').replace(/-$/, ''));
  await mkdir(out, { recursive: true });
  await Promise.all(cases.map((c, i) => writeFile(join(out, `${keyOf(c)}.pdf`), pdfs[i]!)));
}

async function timed(route: Route, files: number, work: () => Promise<Uint8Array[]>): Promise<Uint8Array[]> {
  const t0 = performance.now();
  const pdfs = await work();
  timings[route] = { ms: performance.now() - t0, files };
  await keep(route, pdfs);
  return pdfs;
}

beforeAll(async () => {
  dir = await makeTempDir('xxgk-roundtrip-');
  for (const format of FORMATS) {
    for (const seed of SEEDS) {
      const report = generateReport(seed, optionsOf(seed, format));
      cases.push({ seed, format, report, html: renderHtml(report), docx: await renderDocx(report) });
    }
  }
  // All conversions start now and run in their own processes (two soffice, each with its own profile, and one
  // Chromium printing in two tabs) while the tests parse what is ready.
  if (useSoffice) {
    pending['docx→pdf(lo)'] = timed('docx→pdf(lo)', cases.length,
      () => officeToPdfMany(cases.map((c) => ({ name: `${keyOf(c)}.docx`, bytes: c.docx })), { dir: join(dir, 'lo-docx') }));
    pending['html→pdf(lo)'] = timed('html→pdf(lo)', cases.length,
      () => officeToPdfMany(cases.map((c) => ({ name: `${keyOf(c)}.html`, bytes: c.html })), { dir: join(dir, 'lo-html') }));
  }
  if (useChromium) {
    pending['html→pdf(chrome)'] = timed('html→pdf(chrome)', cases.length, async () => {
      const browser = await Chromium.launch({ dir: join(dir, 'chromium') });
      try {
        return await browser.printMany(cases.map((c) => c.html), 2);
      } finally {
        await browser.close();
      }
    });
  }
  // a rejected conversion fails its own tests, not the hook
  for (const p of Object.values(pending)) p.catch(() => undefined);
}, 120_000);

afterAll(async () => {
  // let every conversion finish before its directory goes
  await Promise.allSettled(Object.values(pending));
  const lines = Object.entries(timings).map(([route, t]) => `${route}: ${t.files} files in ${(t.ms / 1000).toFixed(1)} s, ${(t.ms / t.files).toFixed(0)} ms per file`);
  if (KEEP) await writeFile(join(KEEP, 'failures.txt'), allFailures.join('\n') + '\n');
  if (lines.length) console.log(`round-trip conversions (${cases.length} reports)\n  ${lines.join('\n  ')}`);
  if (dir) await rm(dir, { recursive: true, force: true });
}, 600_000);

const label = (format: FormatId) => `${format} · seeds ${SEEDS[0]}..${SEEDS[SEEDS.length - 1]}`;

describe('Word and HTML written by xxgk parse back to the same data', () => {
  for (const format of FORMATS) {
    it(`docx · ${label(format)}`, async () => {
      const failures: string[] = [];
      for (const c of casesOf(format)) {
        const f = await check(c, 'docx', c.docx, `${keyOf(c)}.docx`);
        if (f) failures.push(f);
      }
      report('docx', format, failures, casesOf(format).length);
    }, 300_000);
    it(`html · ${label(format)}`, async () => {
      const failures: string[] = [];
      for (const c of casesOf(format)) {
        const f = await check(c, 'html', new TextEncoder().encode(c.html), `${keyOf(c)}.html`);
        if (f) failures.push(f);
      }
      report('html', format, failures, casesOf(format).length);
    }, 300_000);
  }
});

function pdfRoute(route: Route) {
  for (const format of FORMATS) {
    it(`${route} · ${label(format)}`, async () => {
      const pdfs = await pending[route]!;
      const failures: string[] = [];
      for (const [i, c] of cases.entries()) {
        if (c.format !== format) continue;
        const f = await check(c, route, pdfs[i]!, `${keyOf(c)}.pdf`);
        if (f) failures.push(f);
      }
      report(route, format, failures, casesOf(format).length);
    }, 600_000);
  }
}

describe.skipIf(!useSoffice)('Word → PDF (LibreOffice) parses back to the same data', () => pdfRoute('docx→pdf(lo)'));
describe.skipIf(!useChromium)('HTML → PDF (Chromium) parses back to the same data', () => pdfRoute('html→pdf(chrome)'));
describe.skipIf(!useSoffice)('HTML → PDF (LibreOffice) parses back to the same data', () => pdfRoute('html→pdf(lo)'));
