import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { compare, comparisonLines, diffSentences, sentences } from './index.js';
import { generateReport } from '../generate/index.js';
import { cellsOf, getCell, setCell } from '../template/index.js';
import type { ReportData } from '../template/index.js';
import { parseFile } from '../index.js';

const SEEDS = resolve(process.cwd(), '../shared/seeds');
const copy = (r: ReportData): ReportData => structuredClone(r);

describe('compare: cells', () => {
  it('a report against itself: every cell the same, nothing else changed', () => {
    const r = generateReport(11, { format: '2021' });
    const c = compare(r, copy(r));
    expect(c.cells.map((x) => x.path)).toEqual(cellsOf('2021').map((x) => x.path));
    expect(c.summary).toEqual({ same: cellsOf('2021').length, changed: 0, filled: 0, blanked: 0, onlyA: 0, onlyB: 0 });
    expect(c.meta).toEqual([]);
    expect(c.sections.every((s) => s.status === 'same' && !s.added.length && !s.removed.length)).toBe(true);
    expect(c.crossYear).toBeNull();
  });

  it('each cell: label, both values, the delta, and what happened', () => {
    const a = generateReport(12, { format: '2021' });
    const b = copy(a);
    setCell(b, 'requests.newReceived.total', (getCell(a, 'requests.newReceived.total') as number) + 5);
    setCell(b, 'appeals.reconsideration.total', null);
    setCell(a, 'requests.granted.business', null);
    const c = compare(a, b);
    const at = (p: string) => c.cells.find((x) => x.path === p)!;
    expect(at('requests.newReceived.total')).toMatchObject({
      label: '表三「一、本年新收」行「总计」列', table: 'requests', kind: 'count', delta: 5, status: 'changed',
      a: getCell(a, 'requests.newReceived.total'), b: getCell(b, 'requests.newReceived.total'),
    });
    expect(at('appeals.reconsideration.total')).toMatchObject({ b: null, delta: null, status: 'blanked' });
    expect(at('requests.granted.business')).toMatchObject({ a: null, status: 'filled' });
    expect(c.summary).toMatchObject({ changed: 1, blanked: 1, filled: 1 });
  });

  it('two formats: the common cells compared, the others listed as only in one', () => {
    const a = generateReport(13, { format: '2019' });
    const b = generateReport(14, { format: '2021' });
    const c = compare(a, b);
    const only = (s: string) => c.cells.filter((x) => x.status === s).map((x) => x.path);
    expect(only('onlyA')).toContain('requests.otherHandling.total');
    expect(only('onlyA')).toContain('active.procurement.amount');
    expect(only('onlyB')).toContain('requests.otherHandling.other.total');
    expect(only('onlyB')).toContain('active.fees.amount');
    expect(only('onlyA').concat(only('onlyB'))).not.toContain('active.licensing.decisions');
    expect(c.cells).toHaveLength(new Set([...cellsOf('2019'), ...cellsOf('2021')].map((x) => x.path)).size);
    expect(c.meta.map((m) => m.field)).toContain('format');
  });

  it('money in different units is compared in 万元', () => {
    const a = generateReport(15, { format: '2019' });
    const b = copy(a);
    setCell(a, 'active.procurement.amount', 251000);
    setCell(a, 'active.procurement.amountUnit', '元');
    setCell(b, 'active.procurement.amount', 30);
    setCell(b, 'active.procurement.amountUnit', '万元');
    const cell = compare(a, b).cells.find((x) => x.path === 'active.procurement.amount')!;
    expect(cell).toMatchObject({ a: 251000, b: 30, delta: 4.9, status: 'changed', unit: { a: '元', b: '万元', delta: '万元' } });
    setCell(b, 'active.procurement.amount', 25.1);
    expect(compare(a, b).cells.find((x) => x.path === 'active.procurement.amount')).toMatchObject({ delta: 0, status: 'same' });
    setCell(b, 'active.procurement.amountUnit', null);
    expect(compare(a, b).cells.find((x) => x.path === 'active.procurement.amount')).toMatchObject({ delta: null, status: 'changed' });
  });
});

describe('compare: meta, sections, years', () => {
  it('meta and section text differences', () => {
    const a = generateReport(16, { format: '2021' });
    const b = copy(a);
    b.title = '新的标题';
    b.publishedOn = '2099-01-01';
    a.sections.problems = { heading: '五、存在的主要问题及改进情况', text: '一是公开不及时。二是解读不够；三是平台老旧。\n下一步加强培训。' };
    b.sections.problems = { heading: '五、存在的主要问题及改进情况', text: '一是公开不及时。三是平台老旧。\n下一步加强培训。四是新增一条。' };
    b.sections.other = null;
    const c = compare(a, b);
    expect(c.meta).toEqual([{ field: 'title', a: a.title, b: '新的标题' }, { field: 'publishedOn', a: a.publishedOn, b: '2099-01-01' }]);
    const problems = c.sections.find((s) => s.key === 'problems')!;
    expect(problems).toMatchObject({ status: 'changed', removed: ['二是解读不够；'], added: ['四是新增一条。'] });
    expect(problems.diff.map((d) => d.op)).toEqual(['same', 'removed', 'same', 'same', 'added']);
    expect(comparisonLines(c)).toEqual(expect.arrayContaining(['标题：' + a.title + ' → 新的标题', '五、存在的主要问题及改进情况：文字有改动', '  - 二是解读不够；', '  + 四是新增一条。']));
    expect(c.sections.find((s) => s.key === 'other')).toMatchObject({ status: a.sections.other ? 'removed' : 'absent' });
  });

  it('one agency\'s consecutive years: cross-year findings on the later one, either order', () => {
    const a = generateReport(17, { format: '2021' });
    const b = generateReport(18, { format: '2021' });
    a.agency = '某某县人民政府';
    b.agency = '某某县 人民政府';
    a.year = 2022;
    b.year = 2023;
    setCell(a, 'requests.carriedForward.total', 4);
    setCell(b, 'requests.carriedOver.total', 9);
    const c = compare(a, b);
    expect(c.crossYear?.current).toBe('b');
    expect(c.crossYear?.findings.find((f) => f.paths[0] === 'requests.carriedOver.total')?.message).toContain('为 9，而上年（2022 年度）「四、结转下年度继续办理」为 4');
    expect(compare(b, a).crossYear?.current).toBe('a');
    const lines = comparisonLines(c);
    expect(lines).toContain('年度：2022 → 2023');
    expect(lines.some((l) => l.startsWith('跨年度核对（2023 年度对上一年度）'))).toBe(true);
    expect(lines.some((l) => l.includes('warning XY-CARRIED-OVER 表三「总计」列'))).toBe(true);
    b.agency = '另一个县人民政府';
    expect(compare(a, b).crossYear).toBeNull();
  });

  it('the seeds: 000 and 003 (2019, blanks against numbers)', async () => {
    const [a, b] = await Promise.all(['000_4e3009a5e39658e9', '003_47d82fe70f5f9d49'].map((n) => parseFile(`${SEEDS}/${n}.txt`)));
    const c = compare(a!, b!);
    expect(c.summary.onlyA + c.summary.onlyB).toBe(0);
    expect(c.summary.filled).toBeGreaterThan(100); // 000 leaves most cells blank, 003 fills all
    expect(c.cells.find((x) => x.path === 'active.regulations.made')).toMatchObject({ a: 13, status: 'changed' });
    expect(c.meta.map((m) => m.field)).toContain('agency');
    expect(c.sections.some((s) => s.status === 'changed')).toBe(true);
  });
});

describe('sentence diff', () => {
  it('splits on 。；and line breaks, keeping the mark', () => {
    expect(sentences('甲。乙；丙\n　丁。\n\n')).toEqual(['甲。', '乙；', '丙', '丁。']);
  });

  it('is a longest common subsequence, spaces ignored', () => {
    const d = diffSentences(['A。', 'B。', 'C。', 'D。'], ['A。', 'X。', 'C 。', 'D。', 'E。']);
    expect(d).toEqual([
      { op: 'same', text: 'A。' }, { op: 'removed', text: 'B。' }, { op: 'added', text: 'X。' },
      { op: 'same', text: 'C 。' }, { op: 'same', text: 'D。' }, { op: 'added', text: 'E。' },
    ]);
  });

  it('very long texts fall back to an order-blind difference', () => {
    const a = Array.from({ length: 2500 }, (_, i) => `第${i}句。`);
    const b = [...a.slice(1).reverse(), '新句。'];
    const d = diffSentences(a, b);
    expect(d.filter((x) => x.op === 'removed').map((x) => x.text)).toEqual(['第0句。']);
    expect(d.filter((x) => x.op === 'added').map((x) => x.text)).toEqual(['新句。']);
    expect(d.filter((x) => x.op === 'same')).toHaveLength(2499);
  });
});
