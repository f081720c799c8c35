// Extraction cases the seeds do not cover, each on a small report built from a rendered one.
import { describe, it, expect } from 'vitest';
import { parseText } from '../index.js';
import { generateReport } from '../generate/index.js';
import { renderText } from '../render/text.js';
import { XxgkError } from '../errors.js';

const plain = { brackets: 'full', fullWidthDigits: 0, nullMark: '/', headingNumerals: 'chinese', titlePlacement: 'top', mergedAlign: 'top', inlineGroups: false, blankLines: false } as const;
const rowText = (seed: number, format: '2019' | '2021') => renderText(generateReport(seed, { format }), { layout: 'row', seed, variants: plain });
const rules = (t: string) => parseText(t).findings.map((f) => f.rule);

describe('extract', () => {
  it('numbers under a label it cannot read are reported, naming the rows left open', () => {
    const text = rowText(3, '2021').replace(/^2\.重复申请(.*)$/m, '■■■■$1');
    const r = parseText(text);
    const f = r.findings.find((x) => x.rule === 'X-ROW-UNMATCHED');
    expect(f?.paths).toContain('requests.notProcessed.repeated');
    expect(r.requests['notProcessed'] && (r.requests['notProcessed'] as Record<string, Record<string, unknown>>)['repeated']!['total']).toBeNull();
  });

  it('a row printed twice keeps the first and says so', () => {
    const text = rowText(4, '2019').replace(/^(2\.重复申请.*)$/m, '$1\n$1');
    expect(rules(text)).toContain('X-ROW-DUPLICATE');
  });

  it('a 2021 report printing （六） as one row of zeros: the three sub-rows are 0, and it is flagged', () => {
    const text = rowText(2, '2021').replace(/（六）其他处理\n1\.申请人[^\n]*\n2\.申请人[^\n]*\n3\.其他[^\n]*/, '（六）其他处理 0 0 0 0 0 0 0');
    const r = parseText(text);
    expect(r.findings.map((f) => f.rule)).toContain('X-OTHER-HANDLING-SINGLE');
    expect((r.requests['otherHandling'] as Record<string, Record<string, unknown>>)['other']!['total']).toBe(0);
  });

  it('detects the format from the headers, not the year', () => {
    const t2019 = rowText(5, '2019').replace(/\d{4}年/g, '2023年');
    expect(parseText(t2019).format).toBe('2019');
    expect(parseText(rowText(5, '2021')).format).toBe('2021');
  });

  it('reads a title printed on two lines and a 落款 date in Chinese numerals', () => {
    const r = parseText(['淮安市洪泽区人民政府', '2024 年政府信息公开工作年度报告', '一、总体情况', '正文。', '六、其他需要报告的事项', '无。', '淮安市洪泽区人民政府', '二〇二五年一月二十日'].join('\n'));
    expect(r.title).toBe('淮安市洪泽区人民政府2024年政府信息公开工作年度报告');
    expect(r.agency).toBe('淮安市洪泽区人民政府');
    expect(r.publishedOn).toBe('2025-01-20');
    expect(r.sections.other?.text).toBe('无。');
  });

  it('text that is not an annual report is refused with NOT_A_REPORT', () => {
    expect(() => parseText('今天天气很好。\n我们去公园散步。')).toThrow(XxgkError);
  });
});
