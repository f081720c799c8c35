import { describe, expect, it } from 'vitest';
import type { FormatId, ReportData } from '../template/index.js';
import { renderMarkdown } from './markdown.js';
import { sampleReport as sample } from './sample.fixture.js';

const sampleReport = (format: FormatId): ReportData => sample(format, {
  overview: { heading: '一、总体情况', text: '第一段。\n第二段<script>alert(1)</script>，a|b' }, litigationDirectTotal: 7,
});

const pipeRows = (md: string) => md.split('\n').filter((l) => l.startsWith('|'));
/** Cells of a pipe row, split on pipes that are not escaped. */
const cellsOfRow = (row: string) => row.slice(2, -2).split(/ (?<!\\)\| /);

describe.each(['2019', '2021'] as const)('renderMarkdown, format %s', (format) => {
  const md = renderMarkdown(sampleReport(format));
  const lines = md.split('\n');

  it('has a # title and the six ## headings', () => {
    expect(lines[0]).toBe('# 某某局2023年政府信息公开工作年度报告');
    expect(lines.filter((l) => l.startsWith('## '))).toEqual([
      '## 一、总体情况', '## 二、主动公开政府信息情况', '## 三、收到和处理政府信息公开申请情况',
      '## 四、政府信息公开行政复议、行政诉讼情况', '## 五、存在的主要问题及改进情况', '## 六、其他需要报告的事项',
    ]);
  });

  it('escapes markup in the text', () => {
    expect(md).toContain('第二段\\<script\\>alert(1)\\</script\\>，a\\|b');
    expect(md).not.toContain('<script>');
  });

  it('prints 表三 as one pipe table with flattened headers and one row per data row', () => {
    const header = pipeRows(md).find((l) => l.includes('勾稽关系'))!;
    expect(cellsOfRow(header).slice(1)).toEqual([
      '自然人', '法人或其他组织·商业企业', '法人或其他组织·科研机构', '法人或其他组织·社会公益组织',
      '法人或其他组织·法律服务机构', '法人或其他组织·其他', '总计',
    ]);
    expect(md).toContain('| 一、本年新收政府信息公开申请数量 | 12 |  |  |  |  |  | 15 |');
    expect(md).toContain('| 三、本年度办理结果·（三）不予公开·1.属于国家秘密 |  |  |  |  |  |  |  |');
    const start = pipeRows(md).indexOf(header);
    const body = pipeRows(md).slice(start + 2, start + 2 + (format === '2019' ? 23 : 25));
    expect(body.at(-1)).toMatch(/^\| 四、结转下年度继续办理 /);
    for (const row of body) expect(cellsOfRow(row)).toHaveLength(8);
  });

  it('prints 表四 with 15 flattened columns and one row', () => {
    const header = pipeRows(md).find((l) => l.startsWith('| 行政复议·结果维持'))!;
    const columns = cellsOfRow(header);
    expect(columns).toHaveLength(15);
    expect(columns[5]).toBe('行政诉讼·未经复议直接起诉·结果维持');
    expect(columns[14]).toBe('行政诉讼·复议后起诉·总计');
    const rows = pipeRows(md);
    const data = rows[rows.indexOf(header) + 2]!;
    expect(cellsOfRow(data)[9]).toBe('7');
  });

  it('prints 表二 as one pipe table per sub-table under its caption', () => {
    expect(md).toContain('**第二十条第（一）项**');
    if (format === '2021') {
      expect(md).toContain('| 信息内容 | 本年处理决定数量 |\n| --- | --- |\n| 行政许可 |  |');
      expect(md).toContain('| 行政事业性收费 | 96171.6 |');
    } else {
      expect(md).toContain('| 行政许可 |  | -8 |  |');
      expect(md).toContain('| 信息内容 | 采购项目数量 | 采购总金额 |\n| --- | --- | --- |\n| 政府集中采购 |  | 251000.75元 |');
    }
  });

  it('ends with the 落款', () => {
    expect(md.trimEnd().endsWith('某某局  \n2024年1月17日')).toBe(true);
  });
});
