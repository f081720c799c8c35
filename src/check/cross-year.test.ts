import { describe, expect, it } from 'vitest';
import { checkAcrossYears, CROSS_YEAR_RULES, PREVIOUS } from './cross-year.js';
import { RULES } from './index.js';
import { generateReport } from '../generate/index.js';
import { getCell, getFormat, setCell } from '../template/index.js';
import type { FormatId, ReportData } from '../template/index.js';

const COLUMNS = getFormat('2021').requests.columns.map((c) => c.key);
const num = (r: ReportData, path: string) => getCell(r, path) as number;

/** Two valid generated reports of one agency, the second made consistent with the first across the year. */
function pair(format: FormatId, seed = 1): { previous: ReportData; current: ReportData } {
  const previous = generateReport(seed, { format });
  const current = generateReport(seed + 1000, { format });
  previous.agency = current.agency = '某某市某某局';
  previous.year = 2022;
  current.year = 2023;
  for (const c of COLUMNS) setCell(current, `requests.carriedOver.${c}`, num(previous, `requests.carriedForward.${c}`));
  if (format === '2021') {
    for (const key of ['regulations', 'normativeDocs']) {
      setCell(current, `active.${key}.inForce`, num(previous, `active.${key}.inForce`) + num(current, `active.${key}.issued`) - num(current, `active.${key}.repealed`));
    }
  } else {
    for (const key of ['licensing', 'otherServices', 'penalties', 'coercion', 'fees']) {
      setCell(current, `active.${key}.previous`, num(previous, `active.${key}.previous`) + num(previous, `active.${key}.change`));
    }
  }
  return { previous, current };
}

describe('cross-year rules', () => {
  it('have stable ids, warnings by default, Chinese descriptions, and no id shared with the registry', () => {
    expect(CROSS_YEAR_RULES.map((r) => r.id)).toEqual(['XY-CARRIED-OVER', 'XY-IN-FORCE', 'XY-PREVIOUS-COUNT']);
    expect(CROSS_YEAR_RULES.every((r) => r.severity === 'warning' && /[\u4e00-\u9fff]/.test(r.description))).toBe(true);
    const ids = new Set(RULES.map((r) => r.id));
    expect(CROSS_YEAR_RULES.some((r) => ids.has(r.id))).toBe(false);
  });

  it.each(['2019', '2021'] as const)('consistent years (%s): no finding', (format) => {
    for (let seed = 1; seed <= 20; seed++) {
      const { previous, current } = pair(format, seed);
      expect(checkAcrossYears(current, previous)).toEqual([]);
    }
  });

  it('结转 chain: one warning per column that breaks, naming both cells and both numbers', () => {
    const { previous, current } = pair('2021');
    setCell(previous, 'requests.carriedForward.naturalPerson', 2);
    setCell(current, 'requests.carriedOver.naturalPerson', 3);
    const f = checkAcrossYears(current, previous);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      rule: 'XY-CARRIED-OVER', severity: 'warning',
      paths: ['requests.carriedOver.naturalPerson', `${PREVIOUS}requests.carriedForward.naturalPerson`],
      evidence: { actual: 3, expected: 2, difference: 1, previousYear: 2022 },
    });
    expect(f[0]!.message).toBe('表三「自然人」列：本年「二、上年结转」为 3，而上年（2022 年度）「四、结转下年度继续办理」为 2（相差 +1）');
  });

  it('现行有效件数 (2021): last year\'s + 本年制发 − 本年废止', () => {
    const { previous, current } = pair('2021');
    setCell(previous, 'active.regulations.inForce', 10);
    setCell(current, 'active.regulations.issued', 3);
    setCell(current, 'active.regulations.repealed', 1);
    setCell(current, 'active.regulations.inForce', 11);
    const f = checkAcrossYears(current, previous);
    expect(f.map((x) => x.rule)).toEqual(['XY-IN-FORCE']);
    expect(f[0]!.paths).toEqual(['active.regulations.inForce', 'active.regulations.issued', 'active.regulations.repealed', `${PREVIOUS}active.regulations.inForce`]);
    expect(f[0]!.message).toBe('表二「规章」：现行有效件数为 11，而上年（2022 年度）现行有效件数 10 + 本年制发 3 − 本年废止 1 = 12（相差 -1）');
  });

  it('上一年项目数量 (2019): last year\'s 上一年项目数量 + last year\'s 本年增/减, signed', () => {
    const { previous, current } = pair('2019');
    setCell(previous, 'active.licensing.previous', 12);
    setCell(previous, 'active.licensing.change', -2);
    setCell(current, 'active.licensing.previous', 15);
    const f = checkAcrossYears(current, previous);
    expect(f.map((x) => x.rule)).toEqual(['XY-PREVIOUS-COUNT']);
    expect(f[0]!.paths).toEqual(['active.licensing.previous', `${PREVIOUS}active.licensing.previous`, `${PREVIOUS}active.licensing.change`]);
    expect(f[0]!.message).toContain('上一年项目数量为 15');
    expect(f[0]!.message).toContain('上一年项目数量 12 + 本年增/减 (-2) = 10（相差 +5）');
  });

  it('every path of a finding resolves on { ...current, previous }', () => {
    const { previous, current } = pair('2021', 5);
    for (const c of COLUMNS) setCell(current, `requests.carriedOver.${c}`, num(current, `requests.carriedOver.${c}`) + 1);
    const f = checkAcrossYears(current, previous);
    expect(f).toHaveLength(COLUMNS.length);
    const both = { ...current, previous };
    for (const p of f.flatMap((x) => x.paths)) expect(typeof getCell(both, p), p).toBe('number');
  });

  it('a blank on one side is not assessable (info), not a pass; blanks on both sides say nothing', () => {
    const { previous, current } = pair('2021');
    setCell(current, 'requests.carriedOver.total', null);
    setCell(previous, 'requests.carriedForward.business', null);
    setCell(current, 'requests.carriedOver.business', null);
    const f = checkAcrossYears(current, previous);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'XY-CARRIED-OVER', severity: 'info', paths: ['requests.carriedOver.total'] });
    expect(f[0]!.message).toContain('无法跨年度核对（不算通过）');
  });

  it('applies only to consecutive years, and the 表二 rules only within one format', () => {
    const { previous, current } = pair('2021');
    setCell(current, 'requests.carriedOver.total', 999);
    previous.year = 2020;
    expect(checkAcrossYears(current, previous)).toEqual([]);
    previous.year = null; // unknown: the caller's pairing is trusted
    expect(checkAcrossYears(current, previous).map((f) => f.rule)).toEqual(['XY-CARRIED-OVER']);

    // a 2021 report after a 2019 one: the 结转 chain holds across formats; 现行有效件数 has nothing to start from
    const older = generateReport(3, { format: '2019' });
    older.year = 2020;
    const newer = generateReport(4, { format: '2021' });
    newer.year = 2021;
    setCell(newer, 'active.regulations.inForce', 12345);
    expect(checkAcrossYears(newer, older).every((f) => f.rule === 'XY-CARRIED-OVER')).toBe(true);
  });
});
