import { describe, expect, it } from 'vitest';
import { cellsOf, emptyReport, getFormat, setCell } from '../template/index.js';
import type { FormatId, ReportData } from '../template/index.js';
import { chineseDate, formatValue, gridOf, officialTables, paragraphsOf, reportOutline, titleOf } from './layout.js';
import type { RenderCell, RenderTable } from './layout.js';
import { sampleReport as sample } from './sample.fixture.js';

const sampleReport = (format: FormatId, opts: { deniedSubtotal?: boolean } = {}): ReportData => sample(format, {
  overview: { heading: '一、总体情况', text: '第一段。\n\n　　第二段<script>alert(1)</script>' }, feesUnit: '万元', ...opts,
});

/** Problems of a table whose cells do not tile a rectangle: per row, the columns taken by rowspans from above
 *  plus the colSpans of the row's own cells must equal the width, and no rowspan may run past the last row. */
function rectangularityProblems(table: RenderTable): string[] {
  const problems: string[] = [];
  /** cells merged down from rows above: how many more rows each covers, and its colSpan */
  const pending: { rows: number; cols: number }[] = [];
  table.rows.forEach((row, r) => {
    const fromAbove = pending.filter((p) => p.rows > 0).reduce((a, p) => a + p.cols, 0);
    const width = fromAbove + row.cells.reduce((a, c) => a + c.colSpan, 0);
    if (width !== table.width) problems.push(`row ${r}: width ${width}, expected ${table.width}`);
    for (const p of pending) p.rows--;
    for (const c of row.cells) if (c.rowSpan > 1) pending.push({ rows: c.rowSpan - 1, cols: c.colSpan });
    if (row.cells.some((c) => r + c.rowSpan > table.rows.length)) problems.push(`row ${r}: a rowspan runs past the end`);
  });
  return problems;
}

const tableOf = (report: ReportData, id: RenderTable['table']) => officialTables(report).find((t) => t.table === id)!;
const valueCells = (table: RenderTable) => table.rows.flatMap((r) => r.cells).filter((c) => !c.header);
const cellAt = (table: RenderTable, path: string) => valueCells(table).find((c) => c.path === path);
const spans = (c: RenderCell) => `${c.text}:${c.colSpan}x${c.rowSpan}`;

describe.each(['2019', '2021'] as const)('official tables, format %s', (format) => {
  const report = sampleReport(format);
  const tables = officialTables(report);

  it('gives 表二, 表三 and 表四 in their sections', () => {
    expect(tables.map((t) => `${t.table}@${t.section}`)).toEqual(['active@activeDisclosure', 'requests@requests', 'appeals@appeals']);
  });

  it('tiles every table as a rectangle', () => {
    for (const t of tables) {
      expect(rectangularityProblems(t), t.table).toEqual([]);
      expect(() => gridOf(t)).not.toThrow();
      expect(t.columnWeights).toHaveLength(t.width);
    }
  });

  it('has one value cell per template cell, in printed order, with its path', () => {
    const paths = tables.flatMap(valueCells).map((c) => c.path);
    expect(paths).toEqual(cellsOf(format).map((c) => c.path));
  });

  it('prints values as written: blanks empty, zero as 0', () => {
    const requests = tableOf(report, 'requests');
    expect(cellAt(requests, 'requests.newReceived.naturalPerson')?.text).toBe('12');
    expect(cellAt(requests, 'requests.newReceived.business')?.text).toBe('');
    expect(cellAt(requests, 'requests.newReceived.total')?.text).toBe('15');
    expect(cellAt(tableOf(report, 'appeals'), 'appeals.litigationDirect.total')?.text).toBe('0');
  });

  it('lays out 表三 as the official template: header, labels and merges', () => {
    const requests = tableOf(report, 'requests');
    const f = getFormat(format);
    expect(requests.width).toBe(10);
    expect(requests.rows.filter((r) => r.kind === 'data')).toHaveLength(format === '2019' ? 23 : 25);
    const [top, middle, bottom] = requests.rows.map((r) => r.cells.map(spans));
    expect(top).toEqual([`${f.requests.topLeft}:3x3`, '申请人情况:7x1']);
    expect(middle).toEqual(['自然人:1x2', '法人或其他组织:5x1', '总计:1x2']);
    expect(bottom).toEqual(['商业企业:1x1', '科研机构:1x1', '社会公益组织:1x1', '法律服务机构:1x1', '其他:1x1']);
    const labels = requests.rows.flatMap((r) => r.cells).filter((c) => c.header).map(spans);
    const resultRows = format === '2019' ? 20 : 22; // all but 一、二、四、
    expect(labels).toEqual(expect.arrayContaining([
      '一、本年新收政府信息公开申请数量:3x1', '二、上年结转政府信息公开申请数量:3x1', `三、本年度办理结果:1x${resultRows}`,
      '（一）予以公开:2x1', '（三）不予公开:1x8', '（四）无法提供:1x3', '（五）不予处理:1x5', '（七）总计:2x1',
      '四、结转下年度继续办理:3x1',
    ]));
    expect(labels).toContain(format === '2019' ? '（六）其他处理:2x1' : '（六）其他处理:1x3');
    for (const row of f.requests.rows) expect(labels.some((l) => l.startsWith(`${row.label}:`)), row.label).toBe(true);
  });

  it('lays out 表四: 行政复议 over 5, 行政诉讼 over 10 and its two groups over 5 each, then 15 labels and one row', () => {
    const appeals = tableOf(report, 'appeals');
    expect(appeals.width).toBe(15);
    const [top, middle, bottom, data] = appeals.rows;
    expect(top!.cells.map(spans)).toEqual(['行政复议:5x1', '行政诉讼:10x1']);
    expect(middle!.cells.map(spans)).toEqual([
      '结果维持:1x2', '结果纠正:1x2', '其他结果:1x2', '尚未审结:1x2', '总计:1x2', '未经复议直接起诉:5x1', '复议后起诉:5x1',
    ]);
    expect(bottom!.cells).toHaveLength(10);
    expect(data!.kind).toBe('data');
    expect(data!.cells).toHaveLength(15);
    expect(appeals.rows).toHaveLength(4);
  });

  it('lays out 表二 as captioned sub-tables whose last column spans the rest', () => {
    const active = tableOf(report, 'active');
    const f = getFormat(format);
    expect(active.width).toBe(4);
    const captions = active.rows.filter((r) => r.kind === 'caption').map((r) => r.cells.map(spans)[0]);
    expect(captions).toEqual(f.active.map((s) => `${s.caption}:4x1`));
    const headers = active.rows.filter((r) => r.kind === 'header').map((r) => r.cells.map(spans));
    for (const h of headers) expect(h[0]).toBe('信息内容:1x1');
    if (format === '2021') expect(headers[1]).toEqual(['信息内容:1x1', '本年处理决定数量:3x1']);
    else expect(headers[3]).toEqual(['信息内容:1x1', '上一年项目数量:1x1', '本年增/减:2x1']);
  });
});

describe('表二 values', () => {
  it('prints a signed value with its minus sign and a zero without sign', () => {
    const report = sampleReport('2019');
    setCell(report, 'active.penalties.change', 5);
    setCell(report, 'active.coercion.change', -0);
    const active = tableOf(report, 'active');
    expect(cellAt(active, 'active.licensing.change')?.text).toBe('-8');
    expect(cellAt(active, 'active.penalties.change')?.text).toBe('5');
    expect(cellAt(active, 'active.coercion.change')?.text).toBe('0');
  });

  it('keeps the decimals of an amount and adds its unit when the template prints none', () => {
    expect(cellAt(tableOf(sampleReport('2019'), 'active'), 'active.procurement.amount')?.text).toBe('251000.75元');
  });

  it('adds no unit when it is the one the header prints, and the unit when it differs', () => {
    const report = sampleReport('2021');
    expect(cellAt(tableOf(report, 'active'), 'active.fees.amount')?.text).toBe('96171.6');
    setCell(report, 'active.fees.amountUnit', '元');
    expect(cellAt(tableOf(report, 'active'), 'active.fees.amount')?.text).toBe('96171.6元');
  });

  it('formats values', () => {
    expect([null, undefined, 0, -0, -8, 5, 12.5, Number.NaN].map(formatValue)).toEqual(['', '', '0', '0', '-8', '5', '12.5', '']);
  });
});

describe('the optional （三）不予公开 subtotal row', () => {
  it.each(['2019', '2021'] as const)('is printed before the items, under the merged group label (%s)', (format) => {
    const report = sampleReport(format, { deniedSubtotal: true });
    const requests = tableOf(report, 'requests');
    expect(rectangularityProblems(requests)).toEqual([]);
    expect(requests.rows.filter((r) => r.kind === 'data')).toHaveLength(format === '2019' ? 24 : 26);
    const row = requests.rows.find((r) => r.cells.some((c) => c.path === 'requests.deniedSubtotal.total'))!;
    expect(row.cells.filter((c) => c.header).map(spans)).toEqual(['（三）不予公开:1x9', '小计:1x1']);
    expect(cellAt(requests, 'requests.deniedSubtotal.total')?.text).toBe('3');
    expect(valueCells(requests).map((c) => c.path)).toEqual(
      cellsOf(format, { deniedSubtotal: true }).filter((c) => c.table === 'requests').map((c) => c.path));
  });

  it('is left out when the report has none', () => {
    const paths = valueCells(tableOf(sampleReport('2021'), 'requests')).map((c) => c.path);
    expect(paths.some((p) => p?.startsWith('requests.deniedSubtotal'))).toBe(false);
  });
});

describe('report outline', () => {
  it('gives the six official headings with the text split into paragraphs and the 落款', () => {
    const outline = reportOutline(sampleReport('2021'));
    expect(outline.title).toBe('某某局2023年政府信息公开工作年度报告');
    expect(outline.sections.map((s) => s.heading)).toEqual([
      '一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项',
    ]);
    expect(outline.sections[0]!.paragraphs).toEqual(['第一段。', '第二段<script>alert(1)</script>']);
    expect(outline.sections.map((s) => s.tables.length)).toEqual([0, 1, 1, 1, 0, 0]);
    expect(outline.signature).toEqual(['某某局', '2024年1月17日']);
  });

  it('makes a title from the agency and year when the report has none', () => {
    const report = emptyReport('2019');
    expect(titleOf(report)).toBe('政府信息公开工作年度报告');
    Object.assign(report, { agency: '某某镇人民政府', year: 2020 });
    expect(titleOf(report)).toBe('某某镇人民政府2020年政府信息公开工作年度报告');
    expect(reportOutline(report).signature).toEqual(['某某镇人民政府']);
  });

  it('writes dates the Chinese way', () => {
    expect(chineseDate('2024-01-17')).toBe('2024年1月17日');
    expect(chineseDate('2024年1月17日')).toBe('2024年1月17日');
    expect(chineseDate(null)).toBeNull();
    expect(paragraphsOf('a\r\n\r\n\u3000\u3000b  \n')).toEqual(['a', 'b']);
  });
});
