import { describe, expect, it } from 'vitest';
import { renderText, TEXT_LAYOUTS } from './text.js';
import type { TextLayout, VariantOptions } from './text.js';
import { generateReport } from '../generate/index.js';
import { emptyReport, getFormat, requestRows, SECTIONS } from '../template/index.js';
import type { ReportData } from '../template/index.js';

/** Variants that print every value as its plain digits, so the tests can look for them verbatim. */
const PLAIN: Partial<VariantOptions> = { fullWidthDigits: 0, plusSign: 0, nullMark: '/', unitPlacement: 'header', brackets: 'full', headingNumerals: 'chinese' };
const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89];

const render = (report: ReportData, layout: TextLayout, variants: Partial<VariantOptions> = PLAIN, seed = 1) =>
  renderText(report, { layout, variants, seed });

/** How a layout prints the values of one table row, as a pattern that must end a line (or, for 'cell', a run of lines). */
function rowPattern(values: string[], layout: TextLayout): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const v = values.map(esc);
  switch (layout) {
    case 'row':
    case 'fragments': return new RegExp(`(^| )${v.join(' ')}$`, 'm');
    case 'tabs': return new RegExp(`(^|\\t)${v.join('\\t')}\\t*$`, 'm');
    case 'markdown': return new RegExp(`\\| ${v.join(' \\| ')} (\\| +)*\\|$`, 'm');
    case 'cell': return new RegExp(`^${v.map((x) => `\\t?${x}`).join('\\n')}$`, 'm');
  }
}

const printed = (v: unknown) => (v === null || v === undefined ? '/' : String(v));

function requestRowValues(report: ReportData): string[][] {
  const deniedSubtotal = 'deniedSubtotal' in report.requests;
  const cols = getFormat(report.format).requests.columns.map((c) => c.key);
  return requestRows(report.format, { deniedSubtotal }).map((r) => {
    let row: unknown = report.requests;
    for (const k of r.path.split('.')) row = (row as Record<string, unknown>)[k];
    return cols.map((c) => printed((row as Record<string, unknown>)[c]));
  });
}

function appealValues(report: ReportData): string[] {
  const { groups, columns } = getFormat(report.format).appeals;
  return groups.flatMap((g) => columns.map((c) => printed(report.appeals[g.key]![c.key])));
}

describe('renderText', () => {
  it('is deterministic in the report and the seed', () => {
    const report = generateReport(4);
    for (const layout of TEXT_LAYOUTS) {
      expect(renderText(report, { layout, seed: 9 })).toBe(renderText(report, { layout, seed: 9 }));
    }
    const texts = new Set([1, 2, 3, 4, 5].map((seed) => renderText(report, { layout: 'tabs', seed })));
    expect(texts.size).toBeGreaterThan(1);
  });

  for (const layout of TEXT_LAYOUTS) {
    describe(`layout ${layout}`, () => {
      it('prints the title, the six headings, the 表三 and 表四 headers and the 落款', () => {
        for (const seed of SEEDS) {
          const report = generateReport(seed);
          const text = render(report, layout);
          // Narrow header cells break their words over lines in some layouts; the words survive without whitespace.
          const flat = text.replace(/\s/g, '');
          expect(flat).toContain(report.title);
          for (const s of SECTIONS) expect(text, `${seed} ${s.key}`).toContain(report.sections[s.key]!.heading);
          for (const word of ['勾稽关系', '申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '尚未审结']) {
            expect(flat, `${seed} ${word}`).toContain(word);
          }
          for (const marker of getFormat(report.format).markers.strong.slice(0, 2)) expect(flat).toContain(marker);
          const [y, m, d] = report.publishedOn!.split('-').map(Number);
          const date = `${y}年0?${m}月0?${d}日`;
          expect(text.trimEnd(), `${seed} 落款`).toMatch(new RegExp(`${report.agency}\\n+${date}$`));
        }
      });

      it('prints every 表三 and 表四 row with all its values, in order', () => {
        for (const seed of SEEDS) {
          const report = generateReport(seed, { deniedSubtotal: seed % 3 === 0 });
          const text = render(report, layout);
          let from = text.indexOf('勾稽关系');
          for (const values of requestRowValues(report)) {
            const m = rowPattern(values, layout).exec(text.slice(from));
            expect(m, `seed ${seed}: 表三 row ${values.join(' ')}`).not.toBeNull();
            from += m!.index + m![0].length;
          }
          expect(text.slice(from), `seed ${seed}: 表四`).toMatch(rowPattern(appealValues(report), layout));
        }
      });

      it('prints every 表二 value and each money amount with its unit', () => {
        for (const seed of SEEDS) {
          const report = generateReport(seed);
          const text = render(report, layout);
          for (const sub of getFormat(report.format).active) {
            for (const row of sub.rows) {
              const values = sub.columns.map((c) => printed(report.active[row.key]![c.key]));
              expect(text, `seed ${seed} 表二 ${row.key}`).toMatch(rowPattern(values, layout));
              const unit = report.active[row.key]!['amountUnit'];
              if (typeof unit === 'string') expect(text.replace(/\s/g, ''), `seed ${seed} unit`).toContain(`（单位：${unit}）`);
            }
          }
        }
      });

      it('prints blank cells as a mark (or, in Markdown, as an empty cell)', () => {
        for (const seed of SEEDS) {
          const report = generateReport(seed, { blanks: true });
          const text = render(report, layout, { ...PLAIN, nullMark: '' });
          const nulls = requestRowValues(report).flat().filter((v) => v === '/').length + appealValues(report).filter((v) => v === '/').length;
          if (layout === 'markdown') continue;
          expect((text.match(/(^|[\s|])\/(?=$|[\s|])/gm) ?? []).length, `seed ${seed}`).toBeGreaterThanOrEqual(nulls);
        }
      });
    });
  }

  it('renders a report with nothing in it: every cell a blank mark, no title, no 落款', () => {
    for (const layout of TEXT_LAYOUTS) {
      const text = render(emptyReport('2021'), layout);
      expect(text).toContain('勾稽关系');
      if (layout !== 'markdown') expect(text).toMatch(/(^|[\s])\/$/m);
      expect(text).not.toContain('null');
    }
  });

  it('breaks header words and merged labels across lines in the fragments layout (seed 000)', () => {
    const text = render(generateReport(6), 'fragments', { ...PLAIN, blankLines: false });
    expect(text).toMatch(/^三、\n本年\n?度/m);
    expect(text).toMatch(/^（三）\n不予/m);
    expect(text.split('\n').filter((l) => /^[\u4e00-\u9fff]{1,2}$/.test(l)).length).toBeGreaterThan(10);
  });

  it('prints one cell per line, covered cells as lone tabs, in the cell layout (seed 003)', () => {
    const text = render(generateReport(6), 'cell', { ...PLAIN, tabPrefix: true });
    expect(text).toMatch(/^\t三\n、\n本\n年\n度\n办\n理\n结\n果\n\t（一）予以公开\n(\t0\n|\t\d+\n){7}/m);
    expect(text).toMatch(/^\t\n\t（二）部分公开/m);
  });

  it('spreads the merged 三、本年度办理结果 label over rows in the tabs layout (seeds 001, 004)', () => {
    const spread = SEEDS.map((seed) => render(generateReport(seed), 'tabs', PLAIN, seed)).filter((t) => /^三、\t/m.test(t) && /^本年\t/m.test(t));
    expect(spread.length).toBeGreaterThan(0);
  });

  it('applies each label and cell variant of template.md §7', () => {
    const report = generateReport(5, { format: '2021' });
    const text = render(report, 'row', {
      ...PLAIN, totalLabel: '合计', otherOrgLabel: '其他组织', brackets: 'ascii', normativeLabel: '规范性文件',
      headingNumerals: 'arabic', titleSpaces: true, datePadding: true, fullWidthDigits: 1, unitPlacement: 'cell', inlineGroups: false,
    });
    expect(text).toMatch(/自然人 法人或其他组织 合计/);
    expect(text).toMatch(/法律服务机构 其他组织/);
    expect(text).toMatch(/^\(一\) ?予以公开/m);
    expect(text).toMatch(/^规范性文件 /m);
    expect(text).not.toContain('行政规范性文件');
    expect(text).toMatch(/^1、总体情况$/m);
    expect(text).toMatch(/ \d{4} 年/);
    expect(text).toMatch(/\d{4}年\d\d月\d\d日\s*$/);
    expect(text).toMatch(/[０-９]/);
    expect(text).toMatch(/^行政事业性收费 [０-９.]+ ?万/m);
  });

  it('keeps 规范性文件 in format 2019 and prints signs and units as asked', () => {
    const reports = SEEDS.map((s) => generateReport(s, { format: '2019' }));
    const texts = reports.map((r) => render(r, 'tabs', { ...PLAIN, plusSign: 1, unitPlacement: 'cell', normativeLabel: '行政规范性文件' }));
    for (const t of texts) expect(t).not.toContain('行政规范性文件');
    reports.forEach((r, i) => {
      for (const row of ['licensing', 'penalties']) {
        const change = r.active[row]!['change'] as number;
        if (change > 0) expect(texts[i]).toContain(`\t+${change}\t`);
      }
      const amount = r.active['procurement']!['amount'] as number;
      const unit = r.active['procurement']!['amountUnit'];
      if (unit === '元') expect(texts[i]).toMatch(new RegExp(`\\t${amount} ?元`));
      if (unit === null) expect(texts[i]).toMatch(new RegExp(`政府集中采购\\t\\d+\\t${amount}\\t`));
    });
  });

  it('never prints a bare number in prose of the fragments layout, even after wrapping', () => {
    for (const seed of SEEDS) {
      const report = generateReport(seed);
      const text = render(report, 'fragments', { ...PLAIN, blankLines: false });
      const prose = text.slice(0, text.indexOf('第二十条'));
      for (const line of prose.split('\n')) expect(line, `seed ${seed}`).not.toMatch(/^\d+$/);
    }
  });
});
