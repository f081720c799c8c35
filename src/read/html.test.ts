import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XxgkError } from '../errors.js';
import { collapseSpaces, decodeHtml, isoDate, isSectionHeading, readHtml } from './html.js';
import type { Doc, Table } from './model.js';
import { toGrid, tableWith, tables } from './doc.fixture.js';

const corpus = (name: string): string => path.resolve(process.cwd(), '../shared/corpus', name);
const utf8 = (html: string): Uint8Array => new TextEncoder().encode(html);

const paragraphs = (doc: Doc): string[] => doc.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
const texts = (t: Table): string[][] => t.rows.map((r) => r.map((c) => c.text));
const allText = (doc: Doc): string =>
  doc.blocks.map((b) => (b.type === 'paragraph' ? b.text : texts(b).flat().join(' '))).join('\n');


function thrown(f: () => unknown): XxgkError {
  try {
    f();
  } catch (e) {
    if (e instanceof XxgkError) return e;
    throw new Error(`not an XxgkError: ${String(e)}`);
  }
  throw new Error('did not throw');
}

/** GBK bytes for a string, from a reverse table of Node's own GBK decoder (no encoder library needed). */
function encodeGbk(s: string): Uint8Array {
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail);
  }
  const decoded = new TextDecoder('gbk').decode(Uint8Array.from(pairs));
  expect(decoded.length).toBe(pairs.length / 2); // one character per pair, so indices line up
  const table = new Map<string, [number, number]>();
  for (let i = 0; i < decoded.length; i++) if (!table.has(decoded[i]!)) table.set(decoded[i]!, [pairs[2 * i]!, pairs[2 * i + 1]!]);
  const out: number[] = [];
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...table.get(ch)!);
  }
  return Uint8Array.from(out);
}

describe('readHtml on the shuyang page (crawled CMS page)', () => {
  const bytes = readFileSync(corpus('shuyang-fgj-2023.html'));
  const doc = readHtml(bytes);

  it('reads 表三 as a grid whose value cells stay in position, blanks as blanks', () => {
    const t3 = tableWith(doc, '本年新收');
    const newRow = t3.rows.find((r) => r[0]?.text.startsWith('一、本年新收政府信息公开申请数量'))!;
    expect(newRow.map((c) => c.text).slice(1)).toEqual(['26', '', '', '', '', '', '26']);
    expect(newRow[0]!.colSpan).toBe(3);

    // 25 data rows below 3 header rows; on the grid, columns 3..9 are the 7 value columns of every data row.
    const grid = toGrid(t3);
    expect(grid).toHaveLength(28);
    for (const row of grid.slice(3)) {
      expect(row).toHaveLength(10);
      expect(row[3]).toMatch(/^\d+$/); // 自然人
      expect(row.slice(4, 9)).toEqual(['', '', '', '', '']); // the five 法人或其他组织 columns are blank
      expect(row[9]).toBe(row[3]); // 总计
    }
    expect(grid[27]![0]).toBe('四、结转下年度继续办理');
    expect(grid.slice(5, 27).every((row) => row[0] === '三、本年度办理结果')).toBe(true); // rowspan=22
    expect(grid[24]![1]).toBe('（六）其他处理');
  });

  it('keeps merged label cells and absent covered cells as in the HTML', () => {
    const t3 = tableWith(doc, '本年新收');
    expect(t3.rows[5]!.map((c) => [c.text, c.rowSpan, c.colSpan]).slice(0, 2)).toEqual([
      ['三、本年度办理结果', 22, 1],
      ['（一）予以公开', 1, 2],
    ]);
    expect(t3.rows[8]!.length).toBe(8); // (三)2: its two label cells are covered from above
    expect(t3.rows[8]![0]!.text).toBe('2.其他法律行政法规禁止公开');
    expect(t3.rows[9]![0]!.text).toBe('3.危及“三安全一稳定”');
    expect(t3.rows[0]![0]).toMatchObject({ rowSpan: 3, colSpan: 3 });
    expect(t3.rows[3]![1]!.pos.path).toMatch(/\/table\[1\]\/tr\[4\]\/td\[2\]$/);
  });

  it('reads 表二 and 表四', () => {
    const t2 = tableWith(doc, '第二十条');
    expect(texts(t2)[3]).toEqual(['规范性文件', '8', '0', '18']);
    expect(texts(t2)[13]).toEqual(['行政事业性收费', '0']);
    const t4 = tableWith(doc, '行政复议');
    expect(texts(t4)[3]).toEqual(['0', '0', '0', '1', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0']);
  });

  it('has the six section headings on lines of their own, and the title first', () => {
    const lines = paragraphs(doc);
    for (const heading of [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及整改措施', // split over two <font> runs in the page
      '六、其他需要报告的事项',
    ]) {
      expect(lines).toContain(heading);
    }
    expect(lines[0]).toBe('沭阳县发展和改革局2023年政府信息公开年度报告');
    expect(lines.at(-2)).toBe('沭阳县发展和改革局');
    expect(lines.at(-1)).toBe('2024年1月17日');
  });

  it('fills meta from the page: publication date, article title, encoding', () => {
    expect(doc.meta).toEqual({
      publishedOn: '2024-01-17',
      title: '沭阳县发展和改革局2023年政府信息公开年度报告',
      encoding: 'utf-8',
    });
  });

  it("drops the site's header, navigation, metadata table, crawler block and scripts", () => {
    const text = allText(doc);
    for (const chrome of ['繁體版', '无障碍', '走进沭阳', '办事服务', '请输入关键词', '索引号', '采集时间', '星期', 'getElementById']) {
      expect(text).not.toContain(chrome);
    }
    expect(tables(doc)).toHaveLength(3); // 表二, 表三, 表四; not the CMS metadata table
    expect(doc.blocks.every((b) => b.pos.path?.startsWith('body/'))).toBe(true);
  });

  it('is fast (target: well under 20 ms a page)', () => {
    for (let i = 0; i < 5; i++) readHtml(bytes);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      readHtml(bytes);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`readHtml shuyang: fastest ${times[0]!.toFixed(1)} ms, median ${times[10]!.toFixed(1)} ms a page`);
    expect(times[0]).toBeLessThan(20); // the fastest run: the reader's own cost, not the machine's load
  });
});

describe('readHtml charsets', () => {
  const report = '<p>一、总体情况</p><p>沭阳县发展和改革局</p><table><tr><td>本年新收</td><td>２６</td></tr></table>';

  it('decodes a GBK page declared by <meta charset>', () => {
    const doc = readHtml(encodeGbk(`<html><head><meta charset="gbk"><title>报告</title></head><body>${report}</body></html>`));
    expect(doc.meta?.encoding).toBe('gbk');
    expect(paragraphs(doc)).toEqual(['一、总体情况', '沭阳县发展和改革局']);
    expect(texts(tables(doc)[0]!)).toEqual([['本年新收', '26']]); // full-width digits folded
  });

  it('decodes a GB2312 page declared by <meta http-equiv>', () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>${report}</body></html>`;
    const doc = readHtml(encodeGbk(html));
    expect(doc.meta?.encoding).toBe('gbk');
    expect(paragraphs(doc)[1]).toBe('沭阳县发展和改革局');
  });

  it('falls back to GB18030 for an undeclared page that is not UTF-8', () => {
    const doc = readHtml(encodeGbk(`<html><body>${report}</body></html>`));
    expect(doc.meta?.encoding).toBe('gb18030');
    expect(paragraphs(doc)[0]).toBe('一、总体情况');
  });

  it('trusts valid UTF-8 over a stale GBK declaration, and honours a BOM', () => {
    const doc = readHtml(utf8(`<meta charset="gb2312"><body>${report}</body>`));
    expect(doc.meta?.encoding).toBe('utf-8');
    expect(paragraphs(doc)[0]).toBe('一、总体情况');
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<body>${report}</body>`, 'utf16le')]);
    expect(decodeHtml(bom)).toMatchObject({ encoding: 'utf-16le' });
    expect(paragraphs(readHtml(bom))[0]).toBe('一、总体情况');
  });
});

describe('readHtml tables', () => {
  it('keeps rowspan/colspan, leaves covered cells out, and clamps a rowspan past the end', () => {
    const doc = readHtml(
      utf8(`<table>
        <tr><td rowspan="2">A</td><td colspan="2">B</td></tr>
        <tr><td>C</td><td>D</td></tr>
        <tbody><tr><th>E</th><td rowspan="5">F</td><td colspan="0">G</td></tr></tbody>
      </table>`),
    );
    const [t] = tables(doc);
    expect(t!.rows.map((r) => r.map((c) => `${c.text}${c.rowSpan}${c.colSpan}`))).toEqual([
      ['A21', 'B12'],
      ['C11', 'D11'],
      ['E11', 'F11', 'G11'],
    ]);
    expect(toGrid(t!)).toEqual([
      ['A', 'B', 'B'],
      ['A', 'C', 'D'],
      ['E', 'F', 'G'],
    ]);
    expect(t!.rows[2]!.map((c) => c.pos.path)).toEqual([
      'body/table[1]/tr[3]/th[1]',
      'body/table[1]/tr[3]/td[1]',
      'body/table[1]/tr[3]/td[2]',
    ]);
  });

  it('gives blank cells as "" whatever fills them: &nbsp;, <o:p> </o:p>, U+3000, spaces, empty', () => {
    const doc = readHtml(
      utf8(`<table><tr>
        <td>&nbsp;</td><td><p><span><o:p> </o:p></span></p></td><td>\u3000\u3000</td><td>   </td><td></td>
        <td><p>&nbsp;</p><p><o:p>&nbsp;</o:p></p></td><td>0</td>
      </tr></table>`),
    );
    expect(texts(tables(doc)[0]!)).toEqual([['', '', '', '', '', '', '0']]);
  });

  it('joins the lines of a cell: no space between CJK characters, one space otherwise', () => {
    const doc = readHtml(
      utf8(`<table><tr>
        <td>三、<br>本年<br/>度办<br>理结<br>果</td>
        <td><p>商业</p><p>企业</p></td>
        <td>总 计</td>
        <td>1<br>0</td>
        <td><span>3.危及</span><span>“</span>三安全一稳定<span>”</span></td>
        <td>Total<br>count</td>
        <td>251000<br>元</td>
      </tr></table>`),
    );
    expect(texts(tables(doc)[0]!)[0]).toEqual([
      '三、本年度办理结果',
      '商业企业',
      '总计',
      '1 0',
      '3.危及“三安全一稳定”',
      'Total count',
      '251000 元',
    ]);
  });

  it('reads a layout table as flow and its nested data table as a table', () => {
    const doc = readHtml(
      utf8(`<body><table><tr><td><a href="/">首页</a> <a href="/x">机构设置</a></td></tr>
        <tr><td><p>一、总体情况</p><p>正文。</p><p>三、收到和处理政府信息公开申请情况</p>
          <table><tr><td>一、本年新收政府信息公开申请数量</td><td>5</td></tr></table>
          <p>四、政府信息公开行政复议、行政诉讼情况</p></td></tr></table></body>`),
    );
    expect(paragraphs(doc)).toEqual(['一、总体情况', '正文。', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况']);
    expect(tables(doc).map(texts)).toEqual([[['一、本年新收政府信息公开申请数量', '5']]]);
  });
});

describe('readHtml lines and content', () => {
  const page = `<!doctype html><html><head><title>某某局2023年政府信息公开工作年度报告_某某市人民政府</title>
    <meta name="PubDate" content="2024-01-20 09:30"><script>var t = "发布日期：2020-01-01";</script></head>
    <body>
      <header><div class="logo">某某市人民政府</div></header>
      <nav><ul><li>首页</li><li>政务公开</li><li>互动交流</li></ul></nav>
      <div class="main">
        <div class="sidebar"><ul><li>通知公告</li></ul></div>
        <div class="article">
          <h1 class="title">某某局2023年政府信息公开工作年度报告</h1>
          <div class="info">发布时间：2024-01-18　来源：某某局</div>
          <div class="content">
            <p>一、总体情况<br>2023年，我局……</p>
            <p>二、主动<span>公开</span>政府信息情况</p>
            <p>五、存在的主要问题及
               改进情况</p>
            <div>六、其他需要报告的事项<div>无。</div>尾行</div>
            <pre>第一行
第二行</pre>
          </div>
        </div>
      </div>
      <footer>版权所有：某某市人民政府 网站标识码 1234</footer>
      <script>document.write('广告')</script>
    </body></html>`;
  const doc = readHtml(utf8(page));

  it('makes one paragraph per line: <br>, block elements and <pre> lines break, inline elements do not', () => {
    expect(paragraphs(doc)).toEqual([
      '某某局2023年政府信息公开工作年度报告',
      '发布时间:2024-01-18 来源:某某局',
      '一、总体情况',
      '2023年,我局……',
      '二、主动公开政府信息情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
      '无。',
      '尾行',
      '第一行',
      '第二行',
    ].map((s) => s.replace(/:/g, '：').replace(/,/g, '，')));
  });

  it('leaves out header, nav, footer, sidebar and scripts', () => {
    const text = allText(doc);
    for (const chrome of ['某某市人民政府', '互动交流', '通知公告', '网站标识码', '广告', 'document.write']) expect(text).not.toContain(chrome);
  });

  it('prefers the PubDate meta, and takes the title from the article heading', () => {
    expect(doc.meta).toMatchObject({ publishedOn: '2024-01-20', title: '某某局2023年政府信息公开工作年度报告' });
  });

  it('falls back to a labelled date in the text and to <title> without the site name', () => {
    const d = readHtml(utf8(`<title>某某局2023年度报告 - 某某网</title><p>发布日期：2024年1月7日</p><p>一、总体情况</p>`));
    expect(d.meta).toMatchObject({ publishedOn: '2024-01-07', title: '某某局2023年度报告' });
    const noDate = readHtml(utf8(`<p>页面生成时间 2024-05-28</p><p>发布日期：2024-02-30</p>`));
    expect(noDate.meta?.publishedOn).toBeUndefined();
  });

  it('returns the Doc of a page that holds no report, for the extractor to judge', () => {
    const d = readHtml(utf8('<html><body><nav>首页</nav><div><p>今日天气晴。</p><p>明日多云。</p></div></body></html>'));
    expect(paragraphs(d)).toEqual(['今日天气晴。', '明日多云。']);
  });
});

describe('readHtml errors', () => {
  it('throws NO_DATA for a page without text', () => {
    expect(thrown(() => readHtml(utf8('<html><head><title>x</title></head><body><script>var a = 1;</script><div> &nbsp; </div></body></html>'))).code).toBe(
      'NO_DATA',
    );
  });

  it('throws EMPTY for 0 bytes and BINARY for bytes with NULs', () => {
    expect(thrown(() => readHtml(new Uint8Array(0))).code).toBe('EMPTY');
    const binary = Uint8Array.from({ length: 2048 }, (_, i) => (i * 37) % 256);
    const e = thrown(() => readHtml(binary));
    expect(e.code).toBe('BINARY');
    expect(e.message).toMatch(/ \/ /); // bilingual
  });
});

describe('helpers', () => {
  it('recognises section headings, not prose', () => {
    expect(isSectionHeading('一、总体情况')).toBe(true);
    expect(isSectionHeading('1.总体情况')).toBe(true);
    expect(isSectionHeading('四、因政府信息公开工作被申请行政复议、提起行政诉讼情况')).toBe(true);
    expect(isSectionHeading('第五部分 存在的主要问题及改进情况')).toBe(true);
    expect(isSectionHeading('一、本年新收政府信息公开申请数量')).toBe(false);
    expect(isSectionHeading('1.5万元用于……')).toBe(false);
  });

  it('collapses whitespace: source line breaks between CJK vanish, &nbsp; spacing stays one space', () => {
    expect(collapseSpaces('  存在的主要问题及\n     整改措施 ')).toBe('存在的主要问题及整改措施');
    expect(collapseSpaces('信息公开年报\n   \u00a0\u00a0其他')).toBe('信息公开年报 其他');
    expect(collapseSpaces('2023 年 共 26 件')).toBe('2023 年 共 26 件');
    expect(collapseSpaces('总 计', true)).toBe('总计');
  });

  it('accepts only real calendar dates', () => {
    expect(isoDate('2024年1月17日')).toBe('2024-01-17');
    expect(isoDate('2024/01/17 10:00')).toBe('2024-01-17');
    expect(isoDate('2023-02-29')).toBeUndefined();
  });
});
