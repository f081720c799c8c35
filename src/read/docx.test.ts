import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatListNumber, readDocx } from './docx.js';
import type { Doc, Table } from './model.js';
import { rejection, tableWith, tables } from './doc.fixture.js';

const corpus = (name: string): string => path.resolve(process.cwd(), '../shared/corpus', name);
const template = readFileSync(corpus('template-2021-blank.docx'));

const paragraphs = (doc: Doc): string[] => doc.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
const texts = (t: Table): string[][] => t.rows.map((r) => r.map((c) => c.text));


// ---------------------------------------------------------------------------------------------------------------
// A minimal zip writer, so that broken and malicious archives can be built byte by byte.

interface ZipFile {
  name: string;
  data: Buffer | string;
  /** uncompressed size written in the headers, when it should lie */
  declaredSize?: number;
  /** uncompressed size given only in a zip64 extra field (the 32-bit field says 0xFFFFFFFF) */
  zip64Size?: bigint;
  flags?: number;
  stored?: boolean;
  badCrc?: boolean;
}

function buildZip(files: ZipFile[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = Buffer.from(f.data);
    const body = f.stored ? data : deflateRawSync(data);
    const name = Buffer.from(f.name);
    const crc = f.badCrc ? crc32(data) ^ 1 : crc32(data);
    const size = f.zip64Size !== undefined ? 0xffffffff : (f.declaredSize ?? data.length);
    const extra = Buffer.alloc(f.zip64Size !== undefined ? 12 : 0);
    if (f.zip64Size !== undefined) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(f.zip64Size, 4);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(f.flags ?? 0, 6);
    local.writeUInt16LE(f.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(45, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(f.flags ?? 0, 8);
    entry.writeUInt16LE(f.stored ? 0 : 8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(extra.length, 30);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(entry, name, extra);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
const RELS = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;
const DOC_RELS = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`;

const run = (text: string): string => `<w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">${text}</w:t></w:r>`;
const para = (...runs: string[]): string => `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>${runs.join('')}</w:p>`;
const cell = (text: string, props = ''): string => `<w:tc><w:tcPr><w:tcW w:w="100"/>${props}</w:tcPr>${para(run(text))}</w:tc>`;

function docx(bodyXml: string, extra: ZipFile[] = []): Buffer {
  return buildZip([
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: '_rels/.rels', data: RELS },
    { name: 'word/document.xml', data: `<?xml version="1.0"?><w:document ${W}><w:body>${bodyXml}<w:sectPr/></w:body></w:document>` },
    ...extra,
  ]);
}

// ---------------------------------------------------------------------------------------------------------------

describe('readDocx on the blank 2021 template', () => {
  it('reads the section headings and the three tables', async () => {
    const doc = await readDocx(template);
    expect(doc.kind).toBe('docx');
    const lines = paragraphs(doc);
    expect(lines[0]).toBe('政府信息公开工作年度报告格式模板');
    for (const heading of [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]) {
      expect(lines).toContain(heading);
    }
    expect(tables(doc)).toHaveLength(3);
    expect(doc.blocks.map((b) => b.type).filter((t, i, a) => t === 'table' && a[i - 1] === 'paragraph')).toHaveLength(3);
  });

  it('keeps 表二 with its 第二十条 sub-tables, value cells blank (U+3000 cells too)', async () => {
    const t2 = tableWith(await readDocx(template), '第二十条');
    expect(texts(t2)).toEqual([
      ['第二十条第（一）项'],
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '', '', ''],
      ['行政规范性文件', '', '', ''],
      ['第二十条第（五）项'],
      ['信息内容', '本年处理决定数量'],
      ['行政许可', ''],
      ['第二十条第（六）项'],
      ['信息内容', '本年处理决定数量'],
      ['行政处罚', ''],
      ['行政强制', ''],
      ['第二十条第（八）项'],
      ['信息内容', '本年收费金额（单位：万元）'],
      ['行政事业性收费', ''],
    ]);
    expect(t2.rows[0]![0]!.colSpan).toBe(4);
    expect(t2.rows[6]![1]!.colSpan).toBe(3);
  });

  it('turns w:vMerge into rowSpan with covered cells absent, and leaves every value of 表三 and 表四 blank', async () => {
    const doc = await readDocx(template);
    const t3 = tableWith(doc, '本年新收');
    expect(t3.rows).toHaveLength(28);
    const labelled = (row: number) => t3.rows[row]!.map((c) => [c.text, c.rowSpan, c.colSpan]);
    expect(labelled(0)[0]).toEqual(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, 3]);
    expect(labelled(1)).toEqual([['自然人', 2, 1], ['法人或其他组织', 1, 5], ['总计', 2, 1]]);
    expect(labelled(5).slice(0, 2)).toEqual([['三、本年度办理结果', 22, 1], ['（一）予以公开', 1, 2]]);
    expect(labelled(7)[0]).toEqual(['（三）不予公开', 8, 1]);
    expect(labelled(15)[0]).toEqual(['（四）无法提供', 3, 1]);
    expect(labelled(18)[0]).toEqual(['（五）不予处理', 5, 1]);
    expect(labelled(23)[0]).toEqual(['（六）其他处理', 3, 1]);
    expect(t3.rows[8]![0]!.text).toBe('2.其他法律行政法规禁止公开'); // its two label columns are covered
    for (const row of t3.rows.slice(3)) {
      const values = row.slice(-7).map((c) => c.text);
      expect(values).toEqual(['', '', '', '', '', '', '']);
      expect(row.slice(0, -7).every((c) => c.text !== '')).toBe(true);
    }
    const t4 = tableWith(doc, '行政复议');
    expect(t4.rows.at(-1)!.map((c) => c.text)).toEqual(Array(15).fill(''));
    for (const t of [t3, t4]) expect(t.rows.flat().filter((c) => /^\s*\d+\s*$/.test(c.text))).toEqual([]);
  });

  it('gives every block and cell an element path', async () => {
    const doc = await readDocx(template);
    expect(doc.blocks[0]!.pos.path).toMatch(/^body\/p\[\d+\]$/);
    const t3 = tableWith(doc, '本年新收');
    expect(t3.pos.path).toBe('body/tbl[2]');
    expect(t3.rows[3]![1]!.pos.path).toBe('body/tbl[2]/tr[4]/tc[2]');
  });

  it('is fast (target: well under 50 ms a document)', async () => {
    for (let i = 0; i < 5; i++) await readDocx(template);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await readDocx(template);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`readDocx template: fastest ${times[0]!.toFixed(1)} ms, median ${times[10]!.toFixed(1)} ms a document`);
    expect(times[0]).toBeLessThan(50); // the fastest run: the reader's own cost, not the machine's load
  });
});

describe('readDocx structure', () => {
  it('lays out gridSpan, gridBefore and vMerge on the grid', async () => {
    const doc = await readDocx(
      docx(`<w:tbl><w:tblGrid/>
        <w:tr>${cell('A', '<w:vMerge w:val="restart"/>')}${cell('B', '<w:gridSpan w:val="2"/>')}${cell('C', '<w:vMerge w:val="restart"/>')}</w:tr>
        <w:tr>${cell('', '<w:vMerge/>')}${cell('D')}${cell('E')}${cell('', '<w:vMerge w:val="continue"/>')}</w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${cell('F', '<w:gridSpan w:val="2"/>')}${cell('', '<w:vMerge/>')}</w:tr>
        <w:tr>${cell('G', '<w:vMerge/>')}${cell('\u3000\u3000')}${cell(' ')}${cell('H')}</w:tr>
      </w:tbl>`),
    );
    const [t] = tables(doc);
    expect(t!.rows.map((r) => r.map((c) => `${c.text}${c.rowSpan}${c.colSpan}`))).toEqual([
      ['A21', 'B12', 'C31'],
      ['D11', 'E11'],
      ['F12'],
      ['G11', '11', '11', 'H11'], // G continues nothing (gridBefore left column 0 empty): kept as a cell
    ]);
    expect(t!.rows[1]![0]!.pos.path).toBe('body/tbl[1]/tr[2]/tc[2]');
  });

  it('makes one paragraph per line, skipping hidden and deleted text, once per text box', async () => {
    const doc = await readDocx(
      docx(
        para(run('一、总体情况'), '<w:r><w:br/></w:r>', run('第二行')) +
          para(run('可见'), '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>', '<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>', '<w:ins>' + run('插入') + '</w:ins>') +
          para('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>' + para(run('文本框')) +
            '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>' + para(run('文本框')) +
            '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>') +
          '<w:sdt><w:sdtPr/><w:sdtContent>' + para(run('内容控件')) + '</w:sdtContent></w:sdt>' +
          para(run('  ')) +
          para(run('存在的主要问题'), run('\u3000'), run('及改进情况'), '<w:r><w:tab/></w:r>', run('Total')),
      ),
    );
    expect(paragraphs(doc)).toEqual(['一、总体情况', '第二行', '可见插入', '文本框', '内容控件', '存在的主要问题 及改进情况 Total']);
  });

  it('joins the paragraphs of a cell without spaces between CJK characters', async () => {
    const doc = await readDocx(
      docx(`<w:tbl><w:tr><w:tc>${para(run('三、'))}${para(run('本年度办'))}${para(run('理结果'))}</w:tc>
        <w:tc>${para(run('1'))}${para(run('0'))}</w:tc><w:tc>${para(run('总 计'))}</w:tc></w:tr></w:tbl>`),
    );
    expect(texts(tables(doc)[0]!)).toEqual([['三、本年度办理结果', '1 0', '总计']]);
  });

  it('renders automatic list numbers (一、 （一） 1.) from numbering.xml, also through a style', async () => {
    const numbering = `<w:numbering ${W}>
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
    </w:numbering>`;
    const styles = `<w:styles ${W}><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style></w:styles>`;
    const numbered = (numPr: string, text: string) => `<w:p><w:pPr>${numPr}</w:pPr>${run(text)}</w:p>`;
    const level = (id: number, lvl: number) => `<w:numPr><w:ilvl w:val="${lvl}"/><w:numId w:val="${id}"/></w:numPr>`;
    const doc = await readDocx(
      docx(
        numbered('<w:pStyle w:val="H1"/>', '总体情况') +
          numbered(level(1, 1), '主动公开') +
          numbered(level(1, 1), '依申请公开') +
          numbered(level(2, 0), 'first') +
          numbered('<w:pStyle w:val="H1b"/>', '主动公开政府信息情况') +
          numbered(level(1, 1), '规章') +
          numbered(level(3, 0), '要点'),
        [
          { name: 'word/_rels/document.xml.rels', data: DOC_RELS },
          { name: 'word/numbering.xml', data: numbering },
          { name: 'word/styles.xml', data: styles },
        ],
      ),
    );
    expect(paragraphs(doc)).toEqual(['一、总体情况', '（一）主动公开', '（二）依申请公开', '1. first', '二、主动公开政府信息情况', '（一）规章', '要点']);
  });

  it('formats Word list numbers', () => {
    expect([1, 10, 11, 20, 23].map((n) => formatListNumber(n, 'chineseCounting'))).toEqual(['一', '十', '十一', '二十', '二十三']);
    expect(formatListNumber(4, 'upperRoman')).toBe('IV');
    expect(formatListNumber(28, 'lowerLetter')).toBe('bb');
    expect(formatListNumber(3, 'decimalEnclosedCircle')).toBe('③');
    expect(formatListNumber(2, 'ideographTraditional')).toBe('乙');
  });
});

describe('readDocx refuses bad files with a clear XxgkError', () => {
  it('0 bytes → EMPTY', async () => {
    expect((await rejection(readDocx(new Uint8Array(0)))).code).toBe('EMPTY');
  });

  it('random bytes, or a zip signature followed by junk → CORRUPT', async () => {
    const junk = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251);
    expect((await rejection(readDocx(junk))).code).toBe('CORRUPT');
    const fakeZip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from(junk)]);
    expect((await rejection(readDocx(fakeZip))).code).toBe('CORRUPT');
  });

  it('a truncated .docx → CORRUPT', async () => {
    for (const length of [30, template.length / 2, template.length - 10]) {
      const e = await rejection(readDocx(template.subarray(0, length)));
      expect(e.code).toBe('CORRUPT');
      expect(e.message).toMatch(/损坏.* \/ .*damaged/);
    }
  });

  it('a zip that declares a huge uncompressed size → TOO_LARGE, before inflating anything', async () => {
    const bomb = docx(para(run('一、总体情况')), [{ name: 'word/media/image1.png', data: Buffer.alloc(1000), declaredSize: 300 * 1024 * 1024 }]);
    const start = performance.now();
    const e = await rejection(readDocx(bomb));
    expect(e.code).toBe('TOO_LARGE');
    expect(performance.now() - start).toBeLessThan(100);
    const zip64 = docx(para(run('x')), [{ name: 'word/media/a.bin', data: 'x', zip64Size: 5n * 2n ** 32n }]);
    expect((await rejection(readDocx(zip64))).code).toBe('TOO_LARGE');
  });

  it('an entry whose declared size is impossible for deflate → CORRUPT', async () => {
    const bomb = docx(para(run('x')), [{ name: 'word/media/a.bin', data: Buffer.alloc(2000), declaredSize: 150 * 1024 * 1024 }]);
    expect((await rejection(readDocx(bomb))).code).toBe('CORRUPT');
  });

  it('an entry that inflates beyond the size it declares → CORRUPT, without inflating it all', async () => {
    const xml = `<w:document ${W}><w:body>${para(run('x'))}</w:body></w:document>`;
    const hidden = Buffer.concat([Buffer.from(xml), Buffer.alloc(20 * 1024 * 1024, 0x20)]); // 20 MB of spaces
    const bomb = buildZip([
      { name: '_rels/.rels', data: RELS },
      { name: 'word/document.xml', data: hidden, declaredSize: xml.length },
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    const start = performance.now();
    expect((await rejection(readDocx(bomb))).code).toBe('CORRUPT');
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('a checksum mismatch → CORRUPT; an encrypted entry → ENCRYPTED; no document.xml → CORRUPT', async () => {
    const badCrc = buildZip([{ name: '_rels/.rels', data: RELS }, { name: 'word/document.xml', data: `<w:document ${W}><w:body/></w:document>`, badCrc: true }]);
    expect((await rejection(readDocx(badCrc))).code).toBe('CORRUPT');
    const encrypted = buildZip([{ name: '_rels/.rels', data: RELS, flags: 1 }]);
    expect((await rejection(readDocx(encrypted))).code).toBe('ENCRYPTED');
    const noDocument = buildZip([{ name: 'hello.txt', data: 'hello', stored: true }]);
    expect((await rejection(readDocx(noDocument))).code).toBe('CORRUPT');
  });

  it('an OLE file: legacy .doc → UNSUPPORTED, password-protected .docx → ENCRYPTED', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await rejection(readDocx(ole))).code).toBe('UNSUPPORTED');
    const protectedDocx = Buffer.concat([ole, Buffer.from('EncryptionInfo', 'utf16le')]);
    expect((await rejection(readDocx(protectedDocx))).code).toBe('ENCRYPTED');
  });

  it('a document without text → NO_DATA', async () => {
    expect((await rejection(readDocx(docx(para(run('\u3000')))))).code).toBe('NO_DATA');
  });
});
