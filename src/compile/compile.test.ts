import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { compile, compiledLines, isCompiled, itemOf, selectItems, type CompileItem } from './index.js';
import { benchCompile, measureCompile } from './bench.js';
import { cellsOf, emptyReport, getCell, setCell } from '../template/index.js';
import type { Finding, FormatId, ParsedReport, ReportData } from '../template/index.js';
import { parseReportData } from '../template/schema.js';
import { generateReport } from '../generate/index.js';
import { check } from '../check/index.js';
import { parseFile } from '../index.js';

const SEEDS = resolve(process.cwd(), '../shared/seeds');
const SEED_NAMES = ['000_4e3009a5e39658e9', '001_b877354725f43e5a', '002_e36851e478d160e5', '003_47d82fe70f5f9d49', '004_1b8055f632d828e7'];
let seeds: ParsedReport[] | undefined;
const parsedSeeds = async () => (seeds ??= await Promise.all(SEED_NAMES.map((n) => parseFile(`${SEEDS}/${n}.txt`))));

const item = (report: ReportData, findings: Finding[] = []): CompileItem => ({ report, agency: report.agency, findings });

function report(format: FormatId, agency: string, cells: Record<string, number | string | null> = {}, year = 2022): ReportData {
  const r = emptyReport(format);
  Object.assign(r, { agency, year, title: `${agency}${year}年政府信息公开工作年度报告` });
  for (const [path, v] of Object.entries(cells)) setCell(r, path, v);
  return r;
}

const finding = (rule: string, severity: Finding['severity']): Finding => ({ rule, severity, paths: [], message: '' });

describe('compile over the seeds', () => {
  it('year 2020 (seeds 002 and 004): 表三 一、本年新收 总计 = 1', async () => {
    const c = compile(selectItems((await parsedSeeds()).map((r) => itemOf(r)), { year: 2020 }));
    expect(c.reportCount).toBe(2);
    expect(c.format).toBe('2019');
    expect(c.year).toBe(2020);
    expect(getCell(c, 'requests.newReceived.total')).toBe(1);
    expect(getCell(c, 'requests.newReceived.naturalPerson')).toBe(1);
    expect(c.blanks['requests.newReceived.total']).toBe(0);
    expect(c.problems).toEqual([]);
    expect(compiledLines(c)).toContain('  表三「一、本年新收」行「总计」列：1');
  });

  it('all five: blanks are counted per cell, never summed as zeros; unit-less amounts are left out', async () => {
    const all = await parsedSeeds();
    const c = compile(all.map((r, i) => itemOf(r, SEED_NAMES[i])));
    expect(c.reportCount).toBe(5);
    expect(c.year).toBeNull();
    // seeds 000 and 001 leave 行政复议 blank (their 表四 rows could not be decided): the others printed numbers
    expect(c.blanks['appeals.reconsideration.total']).toBe(2);
    const printed = all.map((r) => getCell(r, 'appeals.reconsideration.total')).filter((v): v is number => typeof v === 'number');
    expect(printed).toHaveLength(3);
    expect(getCell(c, 'appeals.reconsideration.total')).toBe(printed.reduce((a, b) => a + b, 0));
    // every cell: the sum of the numbers printed, and the count of blanks
    for (const cell of cellsOf('2019')) {
      if (cell.kind === 'amount') continue;
      const values = all.map((r) => getCell(r, cell.path));
      const numbers = values.filter((v): v is number => typeof v === 'number');
      expect(getCell(c, cell.path), cell.path).toBe(numbers.length ? numbers.reduce((a, b) => a + b, 0) : null);
      expect(c.blanks[cell.path], cell.path).toBe(values.length - numbers.length);
    }
    // 001 prints 135630 and 003 prints 56580 without a unit: neither is added
    expect(c.excluded.map((e) => [e.id, e.value])).toEqual([[SEED_NAMES[1], 135630], [SEED_NAMES[3], 56580]]);
    expect(c.active['procurement']).toMatchObject({ amountUnit: '万元' });
    expect(c.problems.map((p) => p.id)).toEqual([SEED_NAMES[0], SEED_NAMES[1], SEED_NAMES[3]]);
  });
});

describe('compile: sums and blanks', () => {
  it('adds the numbers cell by cell; a cell blank everywhere stays blank', () => {
    const a = report('2021', '甲局', { 'requests.newReceived.total': 3, 'requests.newReceived.naturalPerson': 3, 'appeals.reconsideration.total': 1 });
    const b = report('2021', '乙局', { 'requests.newReceived.total': 4, 'requests.newReceived.naturalPerson': null, 'appeals.reconsideration.total': 0 });
    const c = compile([item(a), item(b)]);
    expect(c.format).toBe('2021');
    expect(c.year).toBe(2022);
    expect(getCell(c, 'requests.newReceived.total')).toBe(7);
    expect(getCell(c, 'requests.newReceived.naturalPerson')).toBe(3);
    expect(c.blanks['requests.newReceived.naturalPerson']).toBe(1);
    expect(getCell(c, 'appeals.reconsideration.total')).toBe(1);
    expect(getCell(c, 'requests.granted.total')).toBeNull();
    expect(c.blanks['requests.granted.total']).toBe(2);
    expect(Object.keys(c.blanks)).toEqual(cellsOf('2021').map((x) => x.path));
  });

  it('is shaped like a report of the contract (the schema accepts it) and says it is compiled', () => {
    const c = compile([item(generateReport(1, { format: '2021' })), item(generateReport(2, { format: '2019' }))]);
    expect(parseReportData(c).ok).toBe(true);
    expect(isCompiled(c)).toBe(true);
    expect(isCompiled(generateReport(1))).toBe(false);
    expect(c.sections.overview?.text).toContain('本汇总包括 2 份年度报告');
    expect(c.sections.problems).toBeNull();
  });

  it('sums of valid reports satisfy every equation of the template (both formats, mixed)', () => {
    for (const [formats, n] of [[['2019'], 30], [['2021'], 30], [['2019', '2021'], 40]] as const) {
      const reports = Array.from({ length: n }, (_, i) => generateReport(100 + i, { format: formats[i % formats.length] }));
      const c = compile(reports.map((r) => item(r)));
      expect(c.format).toBe(formats.includes('2021' as never) ? '2021' : '2019');
      const errors = check(c).filter((f) => f.severity === 'error');
      expect(errors, JSON.stringify(errors.slice(0, 2))).toEqual([]);
      expect(getCell(c, 'requests.newReceived.total')).toBe(reports.reduce((s, r) => s + (getCell(r, 'requests.newReceived.total') as number), 0));
    }
  });

  it('no reports: format 2021, every cell blank, nothing fed', () => {
    const c = compile([], { expectedAgencies: ['甲局'] });
    expect(c.reportCount).toBe(0);
    expect(c.format).toBe('2021');
    expect(cellsOf('2021').every((x) => getCell(c, x.path) === null)).toBe(true);
    expect(c.missing).toEqual(['甲局']);
  });

  it('the optional （三） subtotal row is not compiled (its items are)', () => {
    const r = generateReport(7, { format: '2019', deniedSubtotal: true });
    const c = compile([item(r)]);
    expect(c.requests['deniedSubtotal']).toBeUndefined();
    expect(getCell(c, 'requests.denied.stateSecret.total')).toBe(getCell(r, 'requests.denied.stateSecret.total'));
  });
});

describe('compile: mixed formats', () => {
  const r19 = report('2019', '甲镇人民政府', {
    'requests.otherHandling.total': 2, 'requests.otherHandling.naturalPerson': 2,
    'active.licensing.decisions': 5, 'active.licensing.previous': 9, 'active.regulations.made': 1,
  }, 2021);
  const r21 = report('2021', '乙镇人民政府', {
    'requests.otherHandling.noCorrection.total': 1, 'requests.otherHandling.other.total': 3,
    'active.licensing.decisions': 7, 'active.regulations.issued': 2,
  }, 2021);
  const c = compile([item(r19), item(r21)]);

  it('compiles into 2021; a 2019 （六）其他处理 goes to （六）3.其他', () => {
    expect(c.format).toBe('2021');
    expect(c.formats).toEqual({ '2019': 1, '2021': 1 });
    expect(getCell(c, 'requests.otherHandling.other.total')).toBe(5);
    expect(getCell(c, 'requests.otherHandling.other.naturalPerson')).toBe(2);
    expect(getCell(c, 'requests.otherHandling.noCorrection.total')).toBe(1);
    expect(c.notes.join('')).toContain('计入 2021 版「（六）其他处理 3.其他」');
  });

  it('cells of one format only are compiled over that format\'s reports, and say so', () => {
    expect(getCell(c, 'active.licensing.decisions')).toBe(12); // in both formats
    expect(getCell(c, 'active.regulations.issued')).toBe(2);
    const only2021 = c.partial.find((p) => p.formats.join() === '2021');
    expect(only2021?.reports).toBe(1);
    expect(only2021?.paths).toContain('active.regulations.issued');
    expect(only2021?.paths).toContain('requests.otherHandling.noCorrection.total');
    expect(only2021?.paths).not.toContain('requests.otherHandling.other.total');
    expect(only2021?.paths).not.toContain('active.licensing.decisions');
    expect(c.partial).toHaveLength(1);
  });

  it('the 2019 reports\' own 表二 is kept beside, in the 2019 structure', () => {
    expect(c.extraActive).toHaveLength(1);
    const [extra] = c.extraActive;
    expect(extra).toMatchObject({ format: '2019', reports: 1 });
    expect(extra!.active['licensing']).toMatchObject({ previous: 9, decisions: 5 });
    expect(extra!.active['regulations']).toMatchObject({ made: 1 });
    expect(extra!.blanks['active.regulations.total']).toBe(1);
  });
});

describe('compile: money', () => {
  it('converts 元 and 亿元 to 万元 and adds like units only', () => {
    const c = compile([
      item(report('2019', '甲', { 'active.procurement.amount': 251000, 'active.procurement.amountUnit': '元' })),
      item(report('2019', '乙', { 'active.procurement.amount': 10.5, 'active.procurement.amountUnit': '万元' })),
      item(report('2019', '丙', { 'active.procurement.amount': 0.01, 'active.procurement.amountUnit': '亿元' })),
      item(report('2019', '丁', { 'active.procurement.amount': 0 })), // zero: no unit needed
      item(report('2019', '戊', { 'active.procurement.amount': 980 })), // unit unknown: left out
    ]);
    expect(getCell(c, 'active.procurement.amount')).toBe(25.1 + 10.5 + 100);
    expect(c.active['procurement']!['amountUnit']).toBe('万元');
    expect(c.blanks['active.procurement.amount']).toBe(0);
    expect(c.excluded).toEqual([{ agency: '戊', year: 2022, path: 'active.procurement.amount', value: 980, reason: expect.stringContaining('未注明金额单位') }]);
  });

  it('adds amounts as whole 分: the sum is exact, where floating sums of decimals drift', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const amounts = Array.from({ length: 3000 }, () => Math.round(rnd() * 2e6 * 1e6) / 1e6);
    const c = compile(amounts.map((a, i) => item(report('2021', `机关${i}`, { 'active.fees.amount': a }))));
    const exact = Number(amounts.reduce((s, a) => s + BigInt(Math.round(a * 1e6)), 0n)) / 1e6;
    const floating = Math.round(amounts.reduce((s, a) => s + a, 0) * 1e6) / 1e6;
    expect(floating).not.toBe(exact); // the case this guards against
    expect(getCell(c, 'active.fees.amount')).toBe(exact);
  });

  it('2021 amounts without a printed unit are in the template\'s 万元', () => {
    const c = compile([
      item(report('2021', '甲', { 'active.fees.amount': 1.25 })),
      item(report('2021', '乙', { 'active.fees.amount': 2500, 'active.fees.amountUnit': '元' })),
    ]);
    expect(getCell(c, 'active.fees.amount')).toBe(1.5);
    expect(c.excluded).toEqual([]);
  });
});

describe('compile: what a reviewer acts on', () => {
  it('missing, failed, duplicates and problems per report', () => {
    const items: CompileItem[] = [
      { ...item(report('2021', '甲局')), id: 'a.pdf', findings: [finding('T3-BALANCE', 'error'), finding('T3-BALANCE', 'error'), finding('T4-SUM', 'error'), finding('BLANK-CELLS', 'warning'), finding('X-ROW-DECIDED', 'info')] },
      { ...item(report('2021', '乙局')), findings: [finding('BLANK-CELLS', 'warning')] },
      { ...item(report('2021', '丙局')), findings: [finding('X-ROW-DECIDED', 'info')] },
      // the store's name wins over the printed one; names compare without spaces
      { report: report('2021', '乙 局（印错）'), agency: '乙　局', findings: [] },
    ];
    const c = compile(items, {
      expectedAgencies: ['甲局', '乙局', '丙局', '丁局', '戊局', '丁局'],
      failed: [{ name: '戊局', reason: '不是年度报告' }],
    });
    expect(c.missing).toEqual(['丁局']);
    expect(c.failed).toEqual([{ name: '戊局', reason: '不是年度报告' }]);
    expect(c.duplicates).toEqual([{ agency: '乙局', reports: 2 }]);
    expect(c.problems).toEqual([
      { id: 'a.pdf', agency: '甲局', year: 2022, format: '2021', errors: 3, warnings: 1, errorRules: ['T3-BALANCE', 'T4-SUM'] },
      { agency: '乙局', year: 2022, format: '2021', errors: 0, warnings: 1, errorRules: [] },
    ]);
    expect(c.sections.overview?.text).toContain('其中 1 份有错误，1 份只有警告。应报而未见报告的机关 1 个。无法处理的文件 1 个。重复报告的机关 1 个。');
    const lines = compiledLines(c);
    expect(lines).toEqual(expect.arrayContaining(['缺报机关（1）：', '  丁局', '无法处理（1）：', '  戊局：不是年度报告', '  甲局 2022 年度：3 个错误，1 个警告（T3-BALANCE、T4-SUM）']));
  });

  it('selects by year, region and level', () => {
    const items = [
      item(report('2021', '洛阳市偃师区缑氏镇人民政府', {}, 2021)),
      item(report('2021', '洛阳市人民政府', {}, 2021)),
      item(report('2021', '洛阳市教育局', {}, 2022)),
      item(report('2021', '开封市人民政府', {}, 2021)),
    ];
    const names = (xs: CompileItem[]) => xs.map((x) => x.agency);
    expect(names(selectItems(items, { year: 2021, region: '洛阳市' }))).toEqual(['洛阳市偃师区缑氏镇人民政府', '洛阳市人民政府']);
    expect(names(selectItems(items, { level: 'city' }))).toEqual(['洛阳市人民政府', '开封市人民政府']);
    expect(names(selectItems(items, { level: 'township', region: '偃师' }))).toEqual(['洛阳市偃师区缑氏镇人民政府']);
  });
});

describe('benchCompile', () => {
  it('measures compile() in milliseconds, wall clock and CPU', () => {
    const ms = benchCompile(2000, { runs: 1, pool: 50 });
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5000);
    const { wallMs, cpuMs } = measureCompile(1000, { runs: 3, pool: 20 });
    expect(wallMs).toBeGreaterThan(0);
    expect(cpuMs).toBeGreaterThanOrEqual(0);
  });
});
