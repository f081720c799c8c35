import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { XxgkError } from '../errors.js';
import type { Doc } from './model.js';
import { readPdf } from './pdf.js';
import { toGrid, tableWith, tables, paragraphs } from './doc.fixture.js';

const corpus = (name: string): string => path.resolve(process.cwd(), '../shared/corpus', name);
const corpusBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(corpus(name)));



const rowWith = (grid: string[][], label: string): string[] => {
  const row = grid.find((r) => r.some((t) => t.includes(label)));
  if (!row) throw new Error(`no row with ${label}`);
  return row;
};

async function failure(bytes: Uint8Array, opts?: { timeoutMs?: number }): Promise<{ error: XxgkError; ms: number }> {
  const start = performance.now();
  try {
    await readPdf(bytes, opts);
  } catch (e) {
    if (!(e instanceof XxgkError)) throw new Error(`not an XxgkError: ${String(e)}`);
    return { error: e, ms: performance.now() - start };
  }
  throw new Error('readPdf did not fail');
}

// ------------------------------------------------------------------------------------------------------------------
// Hand-made PDFs: A4 pages, Helvetica, coordinates given from the top left as in the Doc.

const PAGE_HEIGHT = 842;
const text = (x: number, top: number, s: string, size = 10): string =>
  `BT /F1 ${size} Tf ${x} ${PAGE_HEIGHT - top - size * 0.8} Td (${s}) Tj ET`;
const stroked = (x0: number, y0: number, x1: number, y1: number): string =>
  `${x0} ${PAGE_HEIGHT - y0} m ${x1} ${PAGE_HEIGHT - y1} l S`;
/** A rule as Word's PDF export draws it: a filled rectangle half a unit thick. */
const filled = (x0: number, y0: number, x1: number, y1: number): string =>
  `${Math.min(x0, x1) - 0.25} ${PAGE_HEIGHT - Math.max(y0, y1) - 0.25} ${Math.abs(x1 - x0) + 0.5} ${Math.abs(y1 - y0) + 0.5} re f`;

/** A grid of rules: the horizontal lines at `ys`, the vertical lines at `xs`, minus the listed pieces. */
function ruledGrid(
  xs: number[],
  ys: number[],
  { skipVertical = [], rule = stroked }: { skipVertical?: Array<[number, number]>; rule?: typeof stroked } = {},
): string[] {
  const out = ys.map((y) => rule(xs[0]!, y, xs[xs.length - 1]!, y));
  xs.forEach((x, c) => {
    for (let r = 0; r + 1 < ys.length; r++) {
      if (skipVertical.some(([sc, sr]) => sc === c && sr === r)) continue;
      out.push(rule(x, ys[r]!, x, ys[r + 1]!));
    }
  });
  return out;
}

/** `toUnicode` maps single-byte codes to text, as subset fonts do: { 0x20: '例' }. */
function makePdf(pages: string[][], options: { encrypted?: boolean; toUnicode?: Record<number, string> } = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree, filled in below
  add(''); // the font, filled in below
  let toUnicode = '';
  if (options.toUnicode) {
    const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
    const pairs = Object.entries(options.toUnicode).map(([code, s]) => `<${hex(Number(code), 2)}> <${hex(s.codePointAt(0)!, 4)}>`);
    const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def 1 begincodespacerange <00> <FF> endcodespacerange ${pairs.length} beginbfchar ${pairs.join(' ')} endbfchar endcmap CMapName currentdict /CMap defineresource pop end end`;
    toUnicode = ` /ToUnicode ${add(`<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`)} 0 R`;
  }
  objects[2] = `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding${toUnicode} >>`;
  const kids = pages.map((ops) => {
    const content = ops.join('\n');
    const contentId = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    return add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`,
    );
  });
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const hex = (byte: number, n: number): string => byte.toString(16).padStart(2, '0').repeat(n);
  const encryptId = options.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /O <${hex(0x4f, 32)}> /U <${hex(0x55, 32)}> /P -4 >>`)
    : 0;
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  const encrypt = encryptId ? ` /Encrypt ${encryptId} 0 R /ID [<${hex(0x11, 16)}> <${hex(0x11, 16)}>]` : '';
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

// ------------------------------------------------------------------------------------------------------------------

describe('readPdf on hongze-2024.pdf', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = await readPdf(corpusBytes('hongze-2024.pdf'));
  });

  it('reads all five pages', () => {
    expect(doc.kind).toBe('pdf');
    expect(doc.meta?.pages).toBe(5);
    expect(new Set(doc.blocks.map((b) => b.pos.page))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('gives one paragraph per visual line, with the title on two lines', () => {
    const texts = paragraphs(doc).map((p) => p.text);
    expect(texts.slice(0, 2)).toEqual(['淮安市洪泽区人民政府', '2024 年政府信息公开工作年度报告']);
    expect(texts).toContain('一、总体情况');
    expect(texts).toContain('三、收到和处理政府信息公开申请情况');
    expect(texts[texts.length - 1]).toBe('法》，全年收取政府信息公开信息处理费 0 元。');
  });

  it('drops the page numbers', () => {
    const numbers = paragraphs(doc).filter((p) => /^[-\s]*\d+[-\s]*$/.test(p.text));
    expect(numbers).toEqual([]);
    expect(paragraphs(doc).some((p) => p.text.includes('- 2 -'))).toBe(false);
  });

  it('joins 表二 over the page break into one table with its values in place', () => {
    const grid = toGrid(tableWith(doc, '第二十条第（一）项'));
    expect(rowWith(grid, '行政规范性文件')).toEqual(['行政规范性文件', '3', '0', '8']);
    expect(rowWith(grid, '规章')).toEqual(['规章', '0', '0', '0']);
    expect(rowWith(grid, '行政许可')[1]).toBe('9487');
    expect(rowWith(grid, '行政处罚')[1]).toBe('2776'); // printed on page 3
    expect(rowWith(grid, '行政事业性收费')[1]).toBe('7545');
    expect(rowWith(grid, '本年收费金额')[1]).toBe('本年收费金额（单位：万元）');
  });

  it('reads 表三 as a grid with seven value columns, over pages 3 and 4', () => {
    const table = tableWith(doc, '申请人情况');
    const grid = toGrid(table);
    const header = rowWith(grid, '商业企业');
    const columns = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
    expect(header.slice(-7)).toEqual(columns);
    expect(rowWith(grid, '本机关不掌握相关政府信息').slice(-7)).toEqual(['31', '0', '0', '0', '0', '0', '31']);
    expect(rowWith(grid, '没有现成信息需要另行制作').slice(-7)).toEqual(['1', '0', '0', '0', '0', '0', '1']);
    expect(rowWith(grid, '一、本年新收').slice(-7)).toEqual(['95', '0', '0', '0', '0', '0', '95']);
    expect(rowWith(grid, '（七）总计').slice(-7)).toEqual(['95', '0', '0', '0', '0', '0', '95']);
    // one grid: every row as wide as the header
    expect(new Set(grid.map((r) => r.length))).toEqual(new Set([header.length]));
    // the page-4 rows continue the merged label cells of page 3
    expect(rowWith(grid, '没有现成信息需要另行制作').slice(0, 2)).toEqual(['三、本年度办理结果', '（四）无法提供']);
  });

  it('joins the vertical 三、本年度办理结果 label into one cell', () => {
    const cell = tableWith(doc, '申请人情况')
      .rows.flat()
      .find((c) => c.text === '三、本年度办理结果');
    expect(cell?.rowSpan).toBe(20);
    expect(doc.blocks.some((b) => b.type === 'paragraph' && b.text.includes('办理结果'))).toBe(false);
  });

  it('keeps blank cells as empty strings in their grid position', () => {
    const row = rowWith(toGrid(tableWith(doc, '申请人情况')), '（六）其他处理');
    expect(row.slice(-8)).toEqual(['', '0', '0', '0', '0', '0', '0', '0']);
  });

  it('reads 表四 as one data row of 15', () => {
    const table = tableWith(doc, '行政复议');
    const values = table.rows.find((r) => r.length === 15 && r.every((c) => /^\d+$/.test(c.text)));
    expect(values?.map((c) => c.text).join(' ')).toBe('1 1 0 0 2 1 0 0 0 1 2 0 1 0 3');
    expect(toGrid(table).every((r) => r.length === 15)).toBe(true);
  });

  it('gives every block and cell a page and a box inside the page', () => {
    const inPage = (pos: { page?: number; box?: number[] }): boolean =>
      pos.page !== undefined &&
      pos.box !== undefined &&
      pos.box[0]! >= 0 &&
      pos.box[1]! >= 0 &&
      pos.box[2]! <= 595 &&
      pos.box[3]! <= 842 &&
      pos.box[0]! <= pos.box[2]! &&
      pos.box[1]! <= pos.box[3]!;
    for (const b of doc.blocks) {
      expect(inPage(b.pos)).toBe(true);
      if (b.type === 'table') for (const c of b.rows.flat()) expect(inPage(c.pos)).toBe(true);
    }
  });
});

describe('readPdf on huaian-2024.pdf', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = await readPdf(corpusBytes('huaian-2024.pdf'));
  });

  it('reads six pages', () => {
    expect(doc.meta?.pages).toBe(6);
  });

  it('reads 表二 over pages 3 and 4, with the decimal fee amount', () => {
    const grid = toGrid(tableWith(doc, '第二十条第（一）项'));
    expect(rowWith(grid, '行政事业性收费')[1]).toBe('96171.6');
    expect(rowWith(grid, '行政处罚')[1]).toBe('3985758');
    expect(rowWith(grid, '行政规范性文件')).toEqual(['行政规范性文件', '8', '26', '66']);
  });

  it('joins the label cut by the page break and the labels wrapped inside cells', () => {
    const cells = tableWith(doc, '申请人情况').rows.flat();
    expect(cells.find((c) => c.text === '（四）无法提供')?.rowSpan).toBe(3);
    expect(cells.some((c) => c.text === '（三）不予公开')).toBe(true);
    expect(cells.some((c) => c.text === '商业企业')).toBe(true);
    expect(cells.some((c) => c.text.startsWith('1、申请人无正当理由逾期不补正、行政机关不再处理'))).toBe(true);
  });

  it('puts every 表三 value under its column', () => {
    const grid = toGrid(tableWith(doc, '申请人情况'));
    expect(rowWith(grid, '一、本年新收').slice(-7)).toEqual(['3001', '53', '0', '0', '61', '4', '3119']);
    expect(rowWith(grid, '本机关不掌握相关政府信息').slice(-7)).toEqual(['746', '12', '0', '0', '10', '1', '769']);
    expect(rowWith(grid, '四、结转下年度').slice(-7)).toEqual(['103', '0', '0', '0', '0', '0', '103']);
  });

  it('reads 表四', () => {
    const values = tableWith(doc, '行政复议').rows.find((r) => r.length === 15 && r.every((c) => /^\d+$/.test(c.text)));
    expect(values?.map((c) => c.text).join(' ')).toBe('72 64 178 37 351 13 4 8 1 26 12 1 1 6 20');
  });
});

describe('readPdf against the expected data', () => {
  // Every 表三 data row, in template order, against expected/<name>.json; hongze prints （六） as one row.
  const COLUMNS = ['naturalPerson', 'business', 'research', 'nonprofit', 'legalService', 'otherOrg', 'total'];
  const ROW_LABELS = [
    '一、本年新收', '二、上年结转', '（一）予以公开', '（二）部分公开', '1.属于国家秘密', '2.其他法律行政', '3.危及',
    '4.保护第三方', '5.属于三类', '6.属于四类', '7.属于行政执法', '8.属于行政查询', '1.本机关不掌握', '2.没有现成',
    '3.补正后', '1.信访举报', '2.重复申请', '3.要求提供', '4.无正当理由', '5.要求行政机关', '1、申请人无正当理由',
    '2、申请人逾期', '3、其他', '（七）总计', '四、结转下年度',
  ];

  type Cells = Record<string, number | Array<number | null> | null>;
  function expectedRows(name: string): Cells[] {
    const expected = JSON.parse(readFileSync(corpus(`expected/${name}.json`), 'utf8')) as { requests: object };
    const rows: Cells[] = [];
    const walk = (o: object): void => {
      for (const v of Object.values(o) as object[]) ('naturalPerson' in v ? rows.push(v as Cells) : walk(v));
    };
    walk(expected.requests);
    return rows;
  }

  for (const name of ['hongze-2024', 'huaian-2024']) {
    it(`${name}: every 表三 cell lands in its row and column`, async () => {
      const grid = toGrid(tableWith(await readPdf(corpusBytes(`${name}.pdf`)), '申请人情况'));
      const dataRows = grid.filter((r) => r.slice(-7).every((t) => /^\d+$/.test(t)));
      const expected = expectedRows(name);
      const labels = name === 'hongze-2024' ? [...ROW_LABELS.slice(0, 20), '（六）其他处理', ...ROW_LABELS.slice(23)] : ROW_LABELS;
      const rows = name === 'hongze-2024' ? [...expected.slice(0, 21), ...expected.slice(23)] : expected;
      expect(dataRows.length).toBe(labels.length);
      dataRows.forEach((row, i) => {
        expect(row.slice(0, -7).some((t) => t.startsWith(labels[i]!))).toBe(true);
        const want = COLUMNS.map((c) => {
          const v = rows[i]![c];
          return String(Array.isArray(v) ? v[0] : v);
        });
        expect(row.slice(-7)).toEqual(want);
      });
    });
  }
});

describe('readPdf layout on hand-made PDFs', () => {
  it('keeps a character whose code in a subset font is 32, the code of a space', async () => {
    const doc = await readPdf(makePdf([[text(72, 100, 'A B')]], { toUnicode: { 0x41: '条', 0x20: '例', 0x42: '》' } }));
    expect(paragraphs(doc).map((p) => p.text)).toEqual(['条例》']);
  });

  it('drops page numbers and a running head, keeps one paragraph per line', async () => {
    const page = (n: number): string[] => [
      text(72, 30, 'Annual report of the agency'),
      text(72, 100, `Body line one of page ${n}`),
      text(72, 120, `Body line two of page ${n}`),
      text(290, 800, `- ${n} -`),
    ];
    const doc = await readPdf(makePdf([page(1), page(2), page(3)]));
    expect(paragraphs(doc).map((p) => p.text)).toEqual([1, 2, 3].flatMap((n) => [`Body line one of page ${n}`, `Body line two of page ${n}`]));
    expect(paragraphs(doc)[0]!.pos.page).toBe(1);
    expect(paragraphs(doc)[5]!.pos.page).toBe(3);
  });

  it.each([
    ['stroked', stroked],
    ['filled', filled],
  ])('builds a grid with blank cells and a merged cell from %s rules', async (_, rule) => {
    const xs = [72, 200, 300, 400];
    const ys = [100, 120, 140, 160];
    const doc = await readPdf(
      makePdf([
        [
          text(72, 60, 'Before the table'),
          // the wall between columns 1 and 2 is missing in the first row: one cell spanning both
          ...ruledGrid(xs, ys, { skipVertical: [[2, 0]], rule }),
          text(76, 104, 'Item'),
          text(204, 104, 'Both columns'),
          text(76, 124, 'first'),
          text(204, 124, '1'),
          text(76, 144, 'second'),
          text(304, 144, '5'),
          text(72, 200, 'After the table'),
        ],
      ]),
    );
    expect(doc.blocks.map((b) => b.type)).toEqual(['paragraph', 'table', 'paragraph']);
    const table = tables(doc)[0]!;
    expect(table.rows.map((r) => r.map((c) => `${c.text}/${c.colSpan}`))).toEqual([
      ['Item/1', 'Both columns/2'],
      ['first/1', '1/1', '/1'],
      ['second/1', '/1', '5/1'],
    ]);
    expect(table.rows[2]![1]!.pos.box).toEqual([200, 140, 300, 160]);
  });

  it('reads a table without outer side borders', async () => {
    // horizontal rules from 72 to 400, vertical ones only inside, at 200 and 300
    const rules = [100, 120, 140].map((y) => stroked(72, y, 400, y)).concat([200, 300].map((x) => stroked(x, 100, x, 140)));
    const cells = [text(76, 104, 'Item'), text(204, 104, 'A'), text(304, 104, 'B'), text(76, 124, 'first'), text(304, 124, '2')];
    const doc = await readPdf(makePdf([[...rules, ...cells]]));
    expect(tables(doc)[0]!.rows.map((r) => r.map((c) => c.text))).toEqual([['Item', 'A', 'B'], ['first', '', '2']]);
    expect(paragraphs(doc)).toEqual([]);
  });

  it('reads text turned by 90° (reading upwards) inside a cell', async () => {
    // Tm 0 1 -1 0 turns the text a quarter to the left: it starts at the baseline point and runs up the page
    const turned = `BT /F1 10 Tf 0 1 -1 0 ${118} ${PAGE_HEIGHT - 190} Tm (Total) Tj ET`;
    const doc = await readPdf(makePdf([[...ruledGrid([100, 130, 250], [100, 200]), turned, text(134, 140, '42')]]));
    expect(tables(doc)[0]!.rows.map((r) => r.map((c) => c.text))).toEqual([['Total', '42']]);
  });

  it('joins a table continued at the top of the next page', async () => {
    const xs = [72, 300, 500];
    const bottom = [700, 720, 740, 760];
    const top = [60, 80, 100];
    const doc = await readPdf(
      makePdf([
        [...ruledGrid(xs, bottom), text(76, 704, 'a'), text(304, 704, '1'), text(76, 724, 'b'), text(76, 744, 'c'), text(304, 744, '3')],
        [text(290, 20, '2'), ...ruledGrid(xs, top), text(76, 64, 'd'), text(304, 64, '4'), text(76, 84, 'e'), text(72, 140, 'After')],
      ]),
    );
    expect(tables(doc)).toHaveLength(1);
    expect(tables(doc)[0]!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['a', '1'], ['b', ''], ['c', '3'], ['d', '4'], ['e', ''],
    ]);
    expect(tables(doc)[0]!.rows[3]![0]!.pos.page).toBe(2);
    expect(paragraphs(doc).map((p) => p.text)).toEqual(['After']);
  });

  it('infers columns of a table printed without rules, keeping blanks in place', async () => {
    const row = (top: number, cells: string[]): string[] =>
      cells.flatMap((s, i) => (s ? [text(72 + i * 110, top, s)] : []));
    const doc = await readPdf(
      makePdf([
        [
          text(72, 60, 'A table without rules follows'),
          ...row(100, ['Item', 'Alpha', 'Beta', 'Total']),
          ...row(120, ['first', '1', '', '1']),
          ...row(140, ['second', '', '2', '2']),
          ...row(160, ['third', '3', '4', '7']),
        ],
      ]),
    );
    const table = tables(doc)[0]!;
    expect(table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['Item', 'Alpha', 'Beta', 'Total'],
      ['first', '1', '', '1'],
      ['second', '', '2', '2'],
      ['third', '3', '4', '7'],
    ]);
    expect(paragraphs(doc).map((p) => p.text)).toEqual(['A table without rules follows']);
  });
});

describe('readPdf on a borderless table with wrapped labels', () => {
  it('joins a label wrapped around its values into one row, headers stay in their columns', async () => {
    const at = (x: number, top: number, s: string): string => text(x, top, s, 10);
    const doc = await readPdf(
      makePdf([
        [
          // the two value headers are set close together; each is wider than the values under it
          at(72, 100, 'Item'), at(180, 100, 'Received this'), at(251, 100, 'Carried'), at(330, 100, 'Total'),
          at(72, 130, 'first row label'), at(210, 138, '1'), at(265, 138, '2'), at(340, 138, '3'),
          at(72, 146, 'wrapped on two lines'),
          at(72, 170, 'second'), at(210, 170, '4'), at(265, 170, '5'), at(340, 170, '9'),
          at(72, 194, 'third'), at(265, 194, '6'), at(340, 194, '6'),
        ],
      ]),
    );
    expect(tables(doc)[0]!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['Item', 'Received this', 'Carried', 'Total'],
      ['first row label wrapped on two lines', '1', '2', '3'],
      ['second', '4', '5', '9'],
      ['third', '', '6', '6'],
    ]);
  });
});

describe('readPdf on bad input', () => {
  const quick = 2000;

  it('refuses an empty buffer', async () => {
    const { error, ms } = await failure(new Uint8Array(0));
    expect(error.code).toBe('EMPTY');
    expect(ms).toBeLessThan(quick);
  });

  it('refuses random bytes as corrupt', async () => {
    let seed = 7;
    const bytes = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    const { error, ms } = await failure(bytes);
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/损坏.* \/ .*damaged/);
    expect(error.message).not.toMatch(/\n|at .*\.m?js/);
    expect(ms).toBeLessThan(quick);
  });

  it('refuses a truncated PDF as corrupt', async () => {
    const full = corpusBytes('hongze-2024.pdf');
    const { error, ms } = await failure(full.slice(0, full.length / 2));
    expect(error.code).toBe('CORRUPT');
    expect(ms).toBeLessThan(quick);
  });

  it('refuses a PDF without a text layer as a scan', async () => {
    const { error, ms } = await failure(makePdf([[]]));
    expect(error.code).toBe('SCANNED');
    expect(error.zh).toMatch(/扫描/);
    expect(error.en).toMatch(/scan/);
    expect(ms).toBeLessThan(quick);
  });

  it('refuses an encrypted PDF', async () => {
    const { error, ms } = await failure(makePdf([[text(72, 100, 'secret')]], { encrypted: true }));
    expect(error.code).toBe('ENCRYPTED');
    expect(ms).toBeLessThan(quick);
  });

  it('gives up after the timeout', async () => {
    const { error, ms } = await failure(corpusBytes('huaian-2024.pdf'), { timeoutMs: 1 });
    expect(error.code).toBe('TIMEOUT');
    expect(ms).toBeLessThan(quick);
  });

  it('leaves the caller’s buffer intact', async () => {
    const bytes = makePdf([[text(72, 100, 'kept')]]);
    const copy = bytes.slice();
    const doc = await readPdf(bytes);
    expect(paragraphs(doc).map((p) => p.text)).toEqual(['kept']);
    expect(bytes).toEqual(copy);
  });
});
