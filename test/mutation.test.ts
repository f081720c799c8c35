// Mutation: one number of 表三 or 表四 changed in a valid report must be caught by an equation, and the finding
// must name the changed cell — checked on the data directly and after a round trip through every text layout.

import { describe, expect, it } from 'vitest';
import { check } from '../src/check/index.js';
import { parseText } from '../src/index.js';
import { createRng, generateReport } from '../src/generate/index.js';
import { renderText, TEXT_LAYOUTS } from '../src/render/text.js';
import { cellsOf, getCell, setCell } from '../src/template/index.js';
import type { Finding, FormatId, ReportData } from '../src/template/index.js';

/** Reports per run; formats alternate and each format's cells are taken in turn, so 400 covers every cell. */
const REPORTS = Number(process.env['XXGK_MUTATION_CASES'] ?? 400);
const EQUATION_RULES = new Set(['T3-BALANCE', 'T3-RESULTS', 'T3-ROWSUM', 'T4-SUM']);

type MutationKind = 'plus1' | 'minus1' | 'digit';
interface Mutant { seed: number; path: string; kind: MutationKind; before: number; after: number; report: ReportData }

/** +1, −1 (kept ≥ 0: a zero goes up instead) or one digit replaced by another (never a leading zero). */
export function mutate(value: number, kind: MutationKind, seed: number): number {
  if (kind === 'plus1') return value + 1;
  if (kind === 'minus1') return value >= 1 ? value - 1 : value + 1;
  const rng = createRng(seed);
  const digits = [...String(value)];
  const at = rng.int(0, digits.length - 1);
  const choices = '0123456789'.split('').filter((d) => d !== digits[at] && !(at === 0 && digits.length > 1 && d === '0'));
  digits[at] = rng.pick(choices);
  return Number(digits.join(''));
}

function makeMutant(i: number): Mutant {
  const format: FormatId = i % 2 === 0 ? '2019' : '2021';
  const seed = 10_000 + i;
  const report = generateReport(seed, { format });
  const cells = cellsOf(format).filter((c) => c.table === 'requests' || c.table === 'appeals');
  const path = cells[Math.floor(i / 2) % cells.length]!.path;
  const kind = (['plus1', 'minus1', 'digit'] as const)[i % 3]!;
  const before = getCell(report, path) as number;
  const after = mutate(before, kind, seed);
  setCell(report, path, after);
  return { seed, path, kind, before, after, report };
}

const namesCell = (findings: Finding[], path: string) =>
  findings.some((f) => f.severity === 'error' && EQUATION_RULES.has(f.rule) && f.paths.includes(path));

const describeMutant = (m: Mutant) => `seed ${m.seed} ${m.report.format} ${m.path} ${m.before}→${m.after} (${m.kind})`;

describe('one changed number of 表三 or 表四 is named by an equation error', () => {
  const mutants = Array.from({ length: REPORTS }, (_, i) => makeMutant(i));

  it('mutations cover every cell kind of both tables and change the value', () => {
    for (const format of ['2019', '2021'] as const) {
      const cells = cellsOf(format).filter((c) => c.table !== 'active').map((c) => c.path);
      const hit = new Set(mutants.filter((m) => m.report.format === format).map((m) => m.path));
      expect(cells.filter((p) => !hit.has(p)), `${format} cells never mutated`).toEqual([]);
    }
    for (const m of mutants) expect(m.after !== m.before && m.after >= 0, describeMutant(m)).toBe(true);
  });

  it('check(report) names the changed cell', () => {
    const missed = mutants.filter((m) => !namesCell(check(m.report), m.path)).map(describeMutant);
    expect(missed.slice(0, 10).join('\n'), `${missed.length} of ${mutants.length} mutants not caught`).toBe('');
  });

  it('parseText(renderText(mutant)) reads the changed value and names the cell', () => {
    const missed: string[] = [];
    mutants.forEach((m, i) => {
      const layout = TEXT_LAYOUTS[i % TEXT_LAYOUTS.length]!;
      const parsed = parseText(renderText(m.report, { layout, seed: m.seed }), { markdown: layout === 'markdown' });
      const read = getCell(parsed, m.path);
      if (read !== m.after) missed.push(`${describeMutant(m)} layout ${layout}: parsed ${read}`);
      else if (!namesCell(parsed.findings, m.path)) missed.push(`${describeMutant(m)} layout ${layout}: no error names the cell`);
    });
    expect(missed.slice(0, 10).join('\n'), `${missed.length} of ${mutants.length} mutants missed through text`).toBe('');
  }, 60_000);
});
