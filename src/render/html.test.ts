import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { cellsOf, emptyReport } from '../template/index.js';
import type { FormatId, ReportData } from '../template/index.js';
import { renderHtml } from './html.js';
import { sampleReport as sample } from './sample.fixture.js';

const sampleReport = (format: FormatId): ReportData => sample(format, {
  overview: { heading: '1、总体情况', text: '第一段。\n第二段<script>alert("x")</script>&amp;' },
  problems: { heading: '五、存在的主要问题及改进情况', text: '问题一。\n问题二。' },
});

/** Rows of an HTML table whose cells (counting rowspans from above) do not add up to the width of the first row. */
function unevenRows($: cheerio.CheerioAPI, table: ReturnType<cheerio.CheerioAPI>): number[] {
  const rows = table.find('tr').toArray();
  const carried = new Map<number, number>(); // row index → columns taken by rowspans from above
  const widths = rows.map((tr, r) => {
    let width = carried.get(r) ?? 0;
    $(tr).children('th,td').each((_, cell) => {
      const colSpan = Number($(cell).attr('colspan') ?? 1);
      const rowSpan = Number($(cell).attr('rowspan') ?? 1);
      width += colSpan;
      for (let i = 1; i < rowSpan; i++) carried.set(r + i, (carried.get(r + i) ?? 0) + colSpan);
    });
    return width;
  });
  return widths.flatMap((w, r) => (w === widths[0] ? [] : [r]));
}

describe.each(['2019', '2021'] as const)('renderHtml, format %s', (format) => {
  const html = renderHtml(sampleReport(format));
  const $ = cheerio.load(html);

  it('is a standalone HTML5 page in Chinese with its title', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect($('html').attr('lang')).toBe('zh-CN');
    expect($('meta[charset]').attr('charset')).toBe('utf-8');
    expect($('style').text()).toContain('border');
    expect($('h1').text()).toBe('某某局2023年政府信息公开工作年度报告');
    expect($('title').text()).toBe('某某局2023年政府信息公开工作年度报告');
  });

  it('shows a <script> in the text as text', () => {
    expect($('script')).toHaveLength(0);
    expect(html).not.toContain('<script>');
    expect($('section[data-section="overview"] p').last().text()).toBe('第二段<script>alert("x")</script>&amp;');
  });

  it('prints the six official headings, the text as paragraphs and the tables in sections 二, 三, 四', () => {
    expect($('h2').toArray().map((h) => $(h).text())).toEqual([
      '一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项',
    ]);
    expect($('section[data-section="problems"] p').toArray().map((p) => $(p).text())).toEqual(['问题一。', '问题二。']);
    expect($('section').toArray().map((s) => $(s).find('table').length)).toEqual([0, 1, 1, 1, 0, 0]);
    const requests = $('section[data-section="requests"]').children().toArray().map((e) => e.tagName);
    expect(requests).toEqual(['h2', 'table']);
  });

  it('has one value cell per template cell, each with its data-path, values as printed and blanks empty', () => {
    const paths = $('td[data-path]').toArray().map((td) => $(td).attr('data-path'));
    expect(paths).toEqual(cellsOf(format).map((c) => c.path));
    const text = (path: string) => $(`td[data-path="${path}"]`).text();
    expect(text('requests.newReceived.total')).toBe('15');
    expect(text('requests.newReceived.naturalPerson')).toBe('12');
    expect(text('requests.newReceived.business')).toBe('');
    expect(text('appeals.litigationDirect.total')).toBe('0');
    if (format === '2019') {
      expect(text('active.licensing.change')).toBe('-8');
      expect(text('active.procurement.amount')).toBe('251000.75元');
    } else {
      expect(text('active.fees.amount')).toBe('96171.6');
    }
  });

  it('merges cells with real rowspan and colspan, and every table is rectangular', () => {
    const topLeft = $('table[data-table="requests"] th').first();
    expect(topLeft.text()).toContain('勾稽关系');
    expect([topLeft.attr('colspan'), topLeft.attr('rowspan')]).toEqual(['3', '3']);
    const th = (text: string) => $('th').filter((_, e) => $(e).text() === text).first();
    expect(th('法人或其他组织').attr('colspan')).toBe('5');
    expect(th('三、本年度办理结果').attr('rowspan')).toBe(format === '2019' ? '20' : '22');
    expect(th('行政诉讼').attr('colspan')).toBe('10');
    for (const table of $('table').toArray()) expect(unevenRows($, $(table))).toEqual([]);
  });

  it('ends with the 落款: agency and date', () => {
    expect($('body').children().last().text().replace(/\s+/g, '')).toBe('某某局2024年1月17日');
  });
});

describe('renderHtml with a bare report', () => {
  it('prints the tables blank and no 落款', () => {
    const $ = cheerio.load(renderHtml(emptyReport('2021')));
    expect($('h1').text()).toBe('政府信息公开工作年度报告');
    expect($('td[data-path]').toArray().every((td) => $(td).text() === '')).toBe(true);
    expect($('.signature')).toHaveLength(0);
  });
});
