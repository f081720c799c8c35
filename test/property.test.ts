// Round trip: a generated valid report, rendered in every text layout, must parse back to exactly its data.
// Seeds are fixed, so a failure is replayed with generateReport(seed) and renderText(…, { layout, seed }).

import { describe, expect, it } from 'vitest';
import { check, parseText } from '../src/index.js';
import { generateReport } from '../src/generate/index.js';
import { renderText, TEXT_LAYOUTS } from '../src/render/text.js';
import type { TextLayout } from '../src/render/text.js';
import { cellsOf, getCell, SECTION_KEYS } from '../src/template/index.js';
import type { ParsedReport, ReportData } from '../src/template/index.js';

/** Cases per layout and format: 5 layouts × 2 formats × 200 = 2000 round trips. */
const CASES = Number(process.env['XXGK_PROPERTY_CASES'] ?? 200);
const FIRST_SEED = Number(process.env['XXGK_PROPERTY_SEED'] ?? 1);

interface Case { seed: number; layout: TextLayout; report: ReportData; text: string }

function makeCase(seed: number, layout: TextLayout, format: '2019' | '2021'): Case {
  // Every seventh report prints the （三）不予公开 subtotal row (seed 004); every fourth leaves some cells blank.
  const report = generateReport(seed, { format, deniedSubtotal: seed % 7 === 0, blanks: seed % 4 === 3 });
  return { seed, layout, report, text: renderText(report, { layout, seed }) };
}

/** Every difference between the generated data and what was parsed, as `path: expected → parsed`. */
export function differences(want: ReportData, got: ParsedReport): string[] {
  const out: string[] = [];
  const same = (path: string, a: unknown, b: unknown) => { if (!Object.is(a, b)) out.push(`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`); };
  for (const key of ['format', 'title', 'agency', 'year', 'publishedOn'] as const) same(key, want[key], got[key]);
  for (const key of SECTION_KEYS) if (got.sections?.[key] == null) out.push(`sections.${key}: missing`);
  if (want.format !== got.format) return out;
  const deniedSubtotal = 'deniedSubtotal' in want.requests;
  for (const c of cellsOf(want.format, { deniedSubtotal })) same(c.path, getCell(want, c.path), getCell(got, c.path));
  for (const [row, values] of Object.entries(want.active)) {
    if ('amountUnit' in values) same(`active.${row}.amountUnit`, values['amountUnit'], got.active?.[row]?.['amountUnit']);
  }
  return out;
}

function roundTrip(c: Case): string[] {
  let parsed: ParsedReport;
  try {
    parsed = parseText(c.text, { markdown: c.layout === 'markdown' });
  } catch (e) {
    return [`parse threw: ${e instanceof Error ? e.message : String(e)}`];
  }
  const errors = parsed.findings.filter((f) => f.severity === 'error').map((f) => `finding ${f.rule}: ${f.message}`);
  return [...differences(c.report, parsed), ...errors];
}

describe('generated reports are valid for the checker', () => {
  it('check(generateReport(seed)) reports no error', () => {
    const failures: string[] = [];
    for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES * 2; seed++) {
      const report = generateReport(seed, { deniedSubtotal: seed % 7 === 0 });
      const errors = check(report).filter((f) => f.severity === 'error');
      if (errors.length) failures.push(`seed ${seed}: ${errors.map((f) => `${f.rule} ${f.message}`).join('; ')}`);
    }
    expect(failures.slice(0, 10).join('\n'), `${failures.length} reports with errors`).toBe('');
  });
});

describe('parseText(renderText(generateReport(seed))) returns the generated data', () => {
  for (const format of ['2019', '2021'] as const) {
    for (const layout of TEXT_LAYOUTS) {
      it(`${format} · ${layout} · seeds ${FIRST_SEED}..${FIRST_SEED + CASES - 1}`, () => {
        const failures: string[] = [];
        for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
          const diff = roundTrip(makeCase(seed, layout, format));
          if (diff.length) failures.push(`seed ${seed} layout ${layout} format ${format}: ${diff.slice(0, 6).join('; ')}${diff.length > 6 ? ` … (${diff.length} differences)` : ''}`);
        }
        expect(failures.slice(0, 10).join('\n'), `${failures.length} of ${CASES} cases fail`).toBe('');
      }, 60_000);
    }
  }
});
