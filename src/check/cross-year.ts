// Rules across years (template.md §6, soft rules): one agency's report checked against its report on the year
// before. Each rule is pure, like the rules of the registry, but sees two reports. Findings belong to the later
// report; cells of the earlier one are named with the prefix `previous.` (previous.requests.carriedForward.total),
// so every path of a finding resolves with getCell on { ...current, previous }.
//
// A pair with a blank cannot be assessed (a blank is not a zero); it is listed in one info finding per rule, which
// is not a pass.

import { getCell, getFormat } from '../template/index.js';
import type { Cell, Finding, ReportData, Severity } from '../template/index.js';
import type { RuleFinding } from './types.js';

export const PREVIOUS = 'previous.';

export interface CrossYearRule {
  id: string;
  severity: Severity;
  /** one line in Chinese, for the README and `xxgk rules` */
  description: string;
  check(current: ReportData, previous: ReportData): RuleFinding[];
}

const num = (report: ReportData, path: string): number | null => {
  const v: Cell | undefined = getCell(report, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** One comparison of a rule: the cells on both sides, what this year printed and what last year's figures give. */
interface Pair {
  where: string;
  /** the cell of this year that is checked */
  cell: string;
  /** cells of the current report that the expected value is made of (besides previous ones) */
  currentTerms: Array<{ path: string; sign: 1 | -1 }>;
  previousTerms: Array<{ path: string; sign: 1 | -1 }>;
  /** what the figures of last year (and this year) give, e.g. 上年现行有效件数 10 + 本年制发 3 − 本年废止 0 = 13 */
  explain(values: { previous: number[]; current: number[]; expected: number }): string;
  actualName: string;
}

/** Judge each pair; one warning per pair that fails, one info for all pairs with a blank. */
function judgePairs(current: ReportData, previous: ReportData, pairs: Pair[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  const open: string[] = [];
  const openWhere: string[] = [];
  for (const pair of pairs) {
    const actual = num(current, pair.cell);
    const cur = pair.currentTerms.map((t) => num(current, t.path));
    const prev = pair.previousTerms.map((t) => num(previous, t.path));
    const paths = [pair.cell, ...pair.currentTerms.map((t) => t.path), ...pair.previousTerms.map((t) => PREVIOUS + t.path)];
    if (actual === null || cur.includes(null) || prev.includes(null)) {
      const blank = [
        ...(actual === null ? [pair.cell] : []),
        ...pair.currentTerms.filter((_, i) => cur[i] === null).map((t) => t.path),
        ...pair.previousTerms.filter((_, i) => prev[i] === null).map((t) => PREVIOUS + t.path),
      ];
      // Both sides blank says nothing; one side printed is a check that could not be made.
      if (blank.length < paths.length) { open.push(...blank); openWhere.push(pair.where); }
      continue;
    }
    const previousValues = prev as number[], currentValues = cur as number[];
    const expected = round(
      pair.previousTerms.reduce((s, t, i) => s + t.sign * previousValues[i]!, 0) +
      pair.currentTerms.reduce((s, t, i) => s + t.sign * currentValues[i]!, 0));
    if (expected === actual) continue;
    const diff = round(actual - expected);
    out.push({
      paths,
      message: `${pair.where}：${pair.actualName}为 ${actual}，而${pair.explain({ previous: previousValues, current: currentValues, expected })}（相差 ${diff > 0 ? '+' : ''}${diff}）`,
      evidence: {
        actual, expected, difference: diff, previousYear: previous.year,
        cells: Object.fromEntries([[pair.cell, actual], ...pair.currentTerms.map((t, i) => [t.path, currentValues[i]]), ...pair.previousTerms.map((t, i) => [PREVIOUS + t.path, previousValues[i]])]),
      },
    });
  }
  if (open.length) {
    out.push({
      severity: 'info',
      paths: [...new Set(open)],
      message: `${openWhere.length} 处因空白单元格无法跨年度核对（不算通过）：${openWhere.slice(0, 3).join('、')}${openWhere.length > 3 ? '等' : ''}`,
      evidence: { notAssessable: openWhere },
    });
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const yearOf = (r: ReportData) => (r.year === null ? '上年' : `上年（${r.year} 年度）`);
const tableRow = (r: ReportData, key: string) => getFormat(r.format).active.flatMap((s) => s.rows).find((row) => row.key === key)!.label;

export const carriedOverChain: CrossYearRule = {
  id: 'XY-CARRIED-OVER', severity: 'warning',
  description: '跨年度（同一机关）：本年表三「二、上年结转」= 上年报告「四、结转下年度继续办理」，逐列核对',
  check(current, previous) {
    return judgePairs(current, previous, getFormat(current.format).requests.columns.map((c): Pair => ({
      where: `表三「${c.label}」列`,
      cell: `requests.carriedOver.${c.key}`,
      currentTerms: [],
      previousTerms: [{ path: `requests.carriedForward.${c.key}`, sign: 1 }],
      actualName: '本年「二、上年结转」',
      explain: ({ previous: [p] }) => `${yearOf(previous)}「四、结转下年度继续办理」为 ${p}`,
    })));
  },
};

export const inForceBalance: CrossYearRule = {
  id: 'XY-IN-FORCE', severity: 'warning',
  description: '跨年度（同一机关，2021 版）：表二现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数',
  check(current, previous) {
    if (current.format !== '2021' || previous.format !== '2021') return [];
    return judgePairs(current, previous, ['regulations', 'normativeDocs'].map((key): Pair => ({
      where: `表二「${tableRow(current, key)}」`,
      cell: `active.${key}.inForce`,
      currentTerms: [{ path: `active.${key}.issued`, sign: 1 }, { path: `active.${key}.repealed`, sign: -1 }],
      previousTerms: [{ path: `active.${key}.inForce`, sign: 1 }],
      actualName: '现行有效件数',
      explain: ({ previous: [p], current: [issued, repealed], expected }) => `${yearOf(previous)}现行有效件数 ${p} + 本年制发 ${issued} − 本年废止 ${repealed} = ${expected}`,
    })));
  },
};

export const previousCountChain: CrossYearRule = {
  id: 'XY-PREVIOUS-COUNT', severity: 'warning',
  description: '跨年度（同一机关，2019 版）：表二上一年项目数量 ≈ 上年报告的上一年项目数量 + 上年报告的本年增/减',
  check(current, previous) {
    if (current.format !== '2019' || previous.format !== '2019') return [];
    const rows = getFormat('2019').active.filter((s) => s.columns.some((c) => c.key === 'previous') && s.columns.some((c) => c.key === 'change')).flatMap((s) => s.rows);
    return judgePairs(current, previous, rows.map((row): Pair => ({
      where: `表二「${row.label}」`,
      cell: `active.${row.key}.previous`,
      currentTerms: [],
      previousTerms: [{ path: `active.${row.key}.previous`, sign: 1 }, { path: `active.${row.key}.change`, sign: 1 }],
      actualName: '上一年项目数量',
      explain: ({ previous: [p, change], expected }) => `${yearOf(previous)}报告的上一年项目数量 ${p} + 本年增/减 ${change! < 0 ? `(${change})` : change} = ${expected}`,
    })));
  },
};

export const CROSS_YEAR_RULES: CrossYearRule[] = [carriedOverChain, inForceBalance, previousCountChain];

/**
 * Findings on `current` from its agency's report on the year before. The caller pairs the reports (same agency);
 * when both years are known and `previous` is not the year before `current`, no rule applies and none is run.
 */
export function checkAcrossYears(current: ReportData, previous: ReportData, rules: CrossYearRule[] = CROSS_YEAR_RULES): Finding[] {
  if (current.year !== null && previous.year !== null && previous.year !== current.year - 1) return [];
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const f of rule.check(current, previous)) {
      out.push({ rule: rule.id, severity: f.severity ?? rule.severity, paths: f.paths, message: f.message, ...(f.evidence ? { evidence: f.evidence } : {}) });
    }
  }
  return out;
}
