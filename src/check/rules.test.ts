// Each rule of the registry fires on the report it is about, names the cells, and stays quiet on a valid one.
import { describe, it, expect } from 'vitest';
import { check, RULES } from './index.js';
import { emptyReport, setCell, cellsOf } from '../template/index.js';
import type { ReportData, FormatId, Finding } from '../template/index.js';
import { generateReport } from '../generate/index.js';

/** A valid report: every cell 0, sections present. */
function zeroReport(format: FormatId, agency = '某某市某某局'): ReportData {
  const r = emptyReport(format);
  for (const c of cellsOf(format)) setCell(r, c.path, 0);
  for (const k of Object.keys(r.sections) as Array<keyof ReportData['sections']>) r.sections[k] = { heading: k, text: '' };
  r.agency = agency; r.year = format === '2021' ? 2023 : 2020; r.title = `${agency}${r.year}年政府信息公开工作年度报告`;
  if (format === '2019') setCell(r, 'active.procurement.amountUnit', '万元');
  else setCell(r, 'active.fees.amountUnit', '万元');
  return r;
}
const byRule = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

describe('the rule registry', () => {
  it('has unique ids, a severity and a Chinese description for every rule', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) expect(r.description).toMatch(/[\u4e00-\u9fff]/);
  });
  it('finds nothing on valid reports of both formats', () => {
    expect(check(zeroReport('2019', '某某县人民政府'))).toEqual([]);
    expect(check(zeroReport('2021'))).toEqual([]);
    for (let seed = 1; seed <= 50; seed++) expect(check(generateReport(seed)).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('equation rules', () => {
  it('T3-BALANCE: one error per failing column, with both sides in the message', () => {
    const r = zeroReport('2021');
    setCell(r, 'requests.newReceived.naturalPerson', 5); setCell(r, 'requests.newReceived.total', 5);
    setCell(r, 'requests.granted.naturalPerson', 4); setCell(r, 'requests.granted.total', 4);
    setCell(r, 'requests.resultTotal.naturalPerson', 4); setCell(r, 'requests.resultTotal.total', 4);
    const f = byRule(check(r), 'T3-BALANCE');
    expect(f.map((x) => x.message)).toEqual(['表三「自然人」列：一+二=5，（七）+四=4', '表三「总计」列：一+二=5，（七）+四=4']);
    expect(f[0]!.paths).toEqual(['requests.newReceived.naturalPerson', 'requests.carriedOver.naturalPerson', 'requests.resultTotal.naturalPerson', 'requests.carriedForward.naturalPerson']);
    expect(f[0]!.severity).toBe('error');
  });
  it('T3-RESULTS, T3-ROWSUM and T4-SUM name every cell of their equation', () => {
    const r = zeroReport('2019');
    setCell(r, 'requests.otherHandling.business', 2);
    setCell(r, 'appeals.litigationDirect.pending', 1);
    const fs = check(r);
    expect(byRule(fs, 'T3-RESULTS')[0]!.paths).toContain('requests.otherHandling.business');
    expect(byRule(fs, 'T3-ROWSUM')[0]!.paths).toEqual(expect.arrayContaining(['requests.otherHandling.total', 'requests.otherHandling.business']));
    expect(byRule(fs, 'T4-SUM')[0]).toMatchObject({ message: '表四「行政诉讼·未经复议直接起诉」：总计=0，四项结果之和=1' });
  });
  it('blank cells make an equation not assessable (a warning), never a pass or an error', () => {
    const r = zeroReport('2021');
    setCell(r, 'requests.newReceived.total', null); setCell(r, 'requests.newReceived.naturalPerson', 3);
    const f = byRule(check(r), 'T3-ROWSUM');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.paths).toEqual(['requests.newReceived.total']);
  });
  it('T3-DENIED-SUBTOTAL checks a printed （三） row against its items', () => {
    const r = zeroReport('2019');
    (r.requests as Record<string, unknown>)['deniedSubtotal'] = { naturalPerson: 1, business: 0, research: 0, nonprofit: 0, legalService: 0, otherOrg: 0, total: 1 };
    expect(byRule(check(r), 'T3-DENIED-SUBTOTAL').map((f) => f.paths[0])).toEqual(['requests.deniedSubtotal.naturalPerson', 'requests.deniedSubtotal.total']);
  });
});

describe('cell and report rules', () => {
  it('INVALID-NUMBER: negative or fractional counts', () => {
    const r = zeroReport('2019');
    setCell(r, 'active.licensing.change', -3); // signed: fine
    setCell(r, 'appeals.reconsideration.upheld', -1);
    setCell(r, 'requests.granted.research', 0.5);
    expect(byRule(check(r), 'INVALID-NUMBER').map((f) => f.paths[0])).toEqual(['requests.granted.research', 'appeals.reconsideration.upheld']);
  });
  it('BLANK-CELLS lists the blank cells of each table', () => {
    const r = zeroReport('2021');
    setCell(r, 'active.licensing.decisions', null);
    expect(byRule(check(r), 'BLANK-CELLS')).toEqual([expect.objectContaining({ paths: ['active.licensing.decisions'], message: '表二有 1 个空白单元格（空白不等于 0）' })]);
  });
  it('AMOUNT-UNIT: a township\'s 135630 万元, and an amount with no unit', () => {
    const r = zeroReport('2019', '某某县某某镇人民政府');
    setCell(r, 'active.procurement.amount', 135630);
    expect(byRule(check(r), 'AMOUNT-UNIT')[0]!.message).toContain('13.56 亿元');
    setCell(r, 'active.procurement.amountUnit', null);
    expect(byRule(check(r), 'AMOUNT-UNIT')[0]!.paths).toContain('active.procurement.amountUnit');
  });
  it('TOWNSHIP-REGULATIONS and ACTIVE-TOTAL-BELOW-NEW', () => {
    const r = zeroReport('2019', '某某镇人民政府');
    setCell(r, 'active.regulations.published', 3);
    const fs = check(r);
    expect(byRule(fs, 'TOWNSHIP-REGULATIONS')[0]!.paths).toEqual(['active.regulations.published']);
    expect(byRule(fs, 'ACTIVE-TOTAL-BELOW-NEW')[0]!.message).toBe('表二「规章」对外公开总数量 0 小于本年新公开数量 3');
  });
  it('SECTION-MISSING, FORMAT-OUTDATED, LATE-PUBLICATION', () => {
    const r = zeroReport('2019');
    r.sections.other = null; r.year = 2022; r.publishedOn = '2023-02-10';
    const fs = check(r);
    expect(byRule(fs, 'SECTION-MISSING')[0]!.paths).toEqual(['sections.other']);
    expect(byRule(fs, 'FORMAT-OUTDATED')).toHaveLength(1);
    expect(byRule(fs, 'LATE-PUBLICATION')[0]!.message).toBe('落款日期 2023-02-10 晚于期限 2023-01-31');
  });
  it('PROSE-TABLE: 收到申请 N 件 and 行政复议 N 件 against the tables', () => {
    const r = zeroReport('2021');
    r.sections.requests = { heading: '三', text: '本年度共收到政府信息公开申请 12 件。' };
    r.sections.appeals = { heading: '四', text: '本年度未发生行政复议、行政诉讼案件。' };
    const fs = byRule(check(r), 'PROSE-TABLE');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ paths: ['requests.newReceived.total'], evidence: { prose: 12, table: 0 } });
  });
});
