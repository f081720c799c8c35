// Word reader: .docx bytes → Doc. Reads the zip's central directory itself (to refuse zip bombs before inflating
// anything), then walks word/document.xml: w:p → one paragraph per line, w:tbl → a grid whose merged cells
// (w:gridSpan, w:vMerge) become colSpan/rowSpan with covered cells absent, as in HTML.

import { crc32, inflateRawSync } from 'node:zlib';
import { load } from 'cheerio/slim';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { XxgkError } from '../errors.js';
import type { Block, Doc, Table } from './model.js';
import { cleanLine, toTable, type RawCell } from './html.js';

// ---------------------------------------------------------------------------------------------------------------
// Zip

/** Refuse archives that expand beyond this (a report's .docx expands to a few MB). */
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
// Deflate cannot expand data more than about 1032:1, so a larger declared ratio is a lie about the sizes.
const MAX_DEFLATE_RATIO = 1100;

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const corrupt = (why: string, whyEn: string): XxgkError =>
  new XxgkError('CORRUPT', `文件已损坏或不完整（${why}）`, `the file is damaged or incomplete (${whyEn})`);

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Offset of the end-of-central-directory record, searched from the end (it may be followed by a comment). */
function findEndOfCentralDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  throw corrupt('不是 zip 格式或文件被截断', 'not a zip archive, or truncated');
}

/** Zip64 extended end record, used when the classic one holds 0xFFFF/0xFFFFFFFF placeholders. */
function readZip64End(buf: Buffer, eocd: number): { count: number; cdOffset: number } {
  const locator = eocd - 20;
  if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) throw corrupt('zip64 目录缺失', 'missing zip64 directory');
  const end = Number(buf.readBigUInt64LE(locator + 8));
  if (end + 56 > buf.length || buf.readUInt32LE(end) !== ZIP64_EOCD_SIGNATURE) throw corrupt('zip64 目录损坏', 'bad zip64 directory');
  return { count: Number(buf.readBigUInt64LE(end + 32)), cdOffset: Number(buf.readBigUInt64LE(end + 48)) };
}

/** Zip64 "extended information" extra field: the 64-bit values of whichever fields hold 0xFFFFFFFF, in this order. */
function applyZip64Extra(buf: Buffer, start: number, end: number, entry: ZipEntry): void {
  for (let p = start; p + 4 <= end; ) {
    const id = buf.readUInt16LE(p);
    const len = buf.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const next = (): number => {
        if (q + 8 > p + 4 + len) throw corrupt('zip64 字段不完整', 'short zip64 field');
        const v = Number(buf.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localOffset === 0xffffffff) entry.localOffset = next();
      return;
    }
    p += 4 + len;
  }
}

/** Entries of the central directory, bounds-checked; nothing is inflated here. */
function readCentralDirectory(buf: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) ({ count, cdOffset } = readZip64End(buf, eocd));
  if (count > MAX_ENTRIES) throw tooLarge(`${count} 个文件`, `${count} entries`);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw corrupt('zip 目录损坏', 'bad zip central directory');
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const nameEnd = p + 46 + nameLength;
    if (nameEnd + extraLength > buf.length) throw corrupt('zip 目录损坏', 'bad zip central directory');
    const entry: ZipEntry = {
      name: buf.toString('utf8', p + 46, nameEnd),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    };
    applyZip64Extra(buf, nameEnd, nameEnd + extraLength, entry);
    entries.push(entry);
    p = nameEnd + extraLength + commentLength;
  }
  refuseBombs(entries);
  return entries;
}

const tooLarge = (zh: string, en: string): XxgkError =>
  new XxgkError('TOO_LARGE', `文档解压后过大（${zh}），疑似压缩炸弹`, `the document expands too much (${en}); likely a zip bomb`);

function refuseBombs(entries: ZipEntry[]): void {
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;
  if (total > MAX_UNCOMPRESSED_BYTES) {
    throw tooLarge(`${mb(total)}，上限 ${mb(MAX_UNCOMPRESSED_BYTES)}`, `${mb(total)}, limit ${mb(MAX_UNCOMPRESSED_BYTES)}`);
  }
  for (const e of entries) {
    if (e.size > 1048576 && e.size > MAX_DEFLATE_RATIO * Math.max(1, e.compressedSize)) {
      throw corrupt(`${e.name} 声明的大小不可能`, `impossible declared size of ${e.name}`);
    }
  }
}

/** One entry's bytes: inflated no further than its declared size, and checked against its CRC. */
function extractEntry(buf: Buffer, entry: ZipEntry): Buffer {
  if (entry.flags & 1) throw new XxgkError('ENCRYPTED', '文档已加密，请先取消密码保护', 'the document is encrypted; remove the password first');
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIGNATURE) throw corrupt('zip 条目损坏', 'bad zip entry');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (start + entry.compressedSize > buf.length) throw corrupt('文件被截断', 'truncated');
  const out = inflateEntry(data, entry);
  if (out.length !== entry.size || crc32(out) !== entry.crc) throw corrupt(`${entry.name} 校验失败`, `${entry.name} fails its checksum`);
  return out;
}

function inflateEntry(data: Buffer, entry: ZipEntry): Buffer {
  if (entry.method === 0) return data;
  if (entry.method !== 8) {
    throw new XxgkError('UNSUPPORTED', `不支持的压缩方式 ${entry.method}`, `unsupported zip compression method ${entry.method}`);
  }
  if (entry.size === 0) return Buffer.alloc(0);
  try {
    // The limit stops an entry that lies about its size from expanding any further.
    return inflateRawSync(data, { maxOutputLength: entry.size });
  } catch {
    throw corrupt(`${entry.name} 解压失败`, `cannot inflate ${entry.name}`);
  }
}

/** The parts of a zip, read lazily by name. */
class ZipArchive {
  private readonly byName: Map<string, ZipEntry>;
  constructor(private readonly buf: Buffer) {
    this.byName = new Map(readCentralDirectory(buf).map((e) => [e.name, e]));
  }
  has(name: string): boolean {
    return this.byName.has(name);
  }
  text(name: string): string | undefined {
    const entry = this.byName.get(name);
    return entry && extractEntry(this.buf, entry).toString('utf8');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// XML helpers

const parseXml = (xml: string): ParentNode => load(xml, { xml: true }).root().get(0)!;

/**
 * Drops self-closing elements other than `kept` before parsing. Formatting properties (<w:sz/>, <w:rFonts/>, borders)
 * are most of a Word part and never read; without them the parse takes half the time. Only empty elements go, so
 * the tree and its element paths are unchanged.
 */
function withoutEmptyElements(xml: string, kept: string[]): string {
  const pattern = new RegExp(`<(?!(?:${kept.join('|')})[\\s/>])[\\w:.-]+(?:\\s[^>]*)?/>`, 'g');
  return xml.replace(pattern, '');
}

// Empty elements the readers below look at; w:p/w:tbl/w:tr/w:tc are kept so that element paths count them.
const DOCUMENT_KEPT = [
  'w:p', 'w:tbl', 'w:tr', 'w:tc', 'w:tab', 'w:ptab', 'w:br', 'w:cr', 'w:noBreakHyphen', 'w:gridSpan', 'w:vMerge',
  'w:hMerge', 'w:gridBefore', 'w:vanish', 'w:specVanish', 'w:pStyle', 'w:numId', 'w:ilvl',
];
const STYLES_KEPT = ['w:style', 'w:basedOn', 'w:numId', 'w:ilvl'];
const isElement = (n: AnyNode): n is Element => n.type === 'tag';
const elementsOf = (node: ParentNode): Element[] => node.children.filter(isElement);
const child = (node: ParentNode, name: string): Element | undefined => elementsOf(node).find((c) => c.name === name);
const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const attr = (el: Element | undefined, name: string): string | undefined => el?.attribs[name];

function firstDescendant(node: ParentNode, name: string): Element | undefined {
  for (const c of elementsOf(node)) {
    if (c.name === name) return c;
    const found = firstDescendant(c, name);
    if (found) return found;
  }
  return undefined;
}

/** Children with their element paths (`tr[3]`), the index counted among siblings of the same name. */
function* withPaths(node: ParentNode, path: string): Generator<[Element, string]> {
  const seen = new Map<string, number>();
  for (const c of elementsOf(node)) {
    const name = localName(c.name);
    const index = (seen.get(name) ?? 0) + 1;
    seen.set(name, index);
    yield [c, `${path}/${name}[${index}]`];
  }
}

/** An on/off property such as <w:vanish/>: on unless w:val says 0/false/off. */
const isOn = (el: Element | undefined): boolean => el !== undefined && !/^(0|false|off)$/.test(attr(el, 'w:val') ?? '');

// Containers that only wrap content (content controls, custom XML, tracked insertions): read through them.
const WRAPPERS = new Set(['w:sdt', 'w:sdtContent', 'w:customXml', 'w:smartTag', 'w:ins', 'w:moveTo']);

/** The content of an mc:AlternateContent: its first choice (the fallback repeats it for old readers). */
const alternative = (el: Element): Element | undefined => child(el, 'mc:Choice') ?? child(el, 'mc:Fallback');

// ---------------------------------------------------------------------------------------------------------------
// Numbering: automatic list labels (一、 （一） 1.) are not in the text runs, so render them from numbering.xml.

interface Level {
  start: number;
  format: string;
  text: string;
}

interface NumPr {
  numId?: string;
  ilvl?: number;
}

const CHINESE_DIGITS = '〇一二三四五六七八九';
const LEGAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';

function chineseNumber(n: number, digits: string, ten: string): string {
  if (n <= 0 || n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens > 1 ? digits[tens] : '') + (tens > 0 ? ten : '') + (ones > 0 ? digits[ones] : '');
}

function letters(n: number, base: number): string {
  return String.fromCharCode(base + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [value, sym] of table) for (; n >= value; n -= value) out += sym;
  return out;
}

/** A counter value in one of Word's number formats (w:numFmt). */
export function formatListNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseNumber(n, CHINESE_DIGITS, '十');
    case 'chineseLegalSimplified':
      return chineseNumber(n, LEGAL_DIGITS, '拾');
    case 'ideographTraditional':
      return '甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10] ?? String(n);
    case 'ideographZodiac':
      return '子丑寅卯辰巳午未申酉戌亥'[(n - 1) % 12] ?? String(n);
    case 'upperLetter':
      return letters(n, 65);
    case 'lowerLetter':
      return letters(n, 97);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x245f + n) : String(n);
    case 'none':
      return '';
    default:
      return String(n);
  }
}

function readNumPr(pPr: Element | undefined): NumPr {
  const numPr = pPr && child(pPr, 'w:numPr');
  if (!numPr) return {};
  const ilvl = attr(child(numPr, 'w:ilvl'), 'w:val');
  return { numId: attr(child(numPr, 'w:numId'), 'w:val'), ...(ilvl !== undefined && { ilvl: Number(ilvl) }) };
}

class Numbering {
  private readonly counters = new Map<string, number[]>();

  constructor(
    private readonly abstracts: Map<string, Map<number, Level>>,
    private readonly nums: Map<string, { abstractId: string; starts: Map<number, number> }>,
    private readonly styles: Map<string, NumPr>,
  ) {}

  static parse(numberingXml: string | undefined, stylesXml: string | undefined): Numbering | undefined {
    if (!numberingXml) return undefined;
    const root = parseXml(numberingXml);
    const numbering = firstDescendant(root, 'w:numbering');
    if (!numbering) return undefined;
    const abstracts = new Map<string, Map<number, Level>>();
    const nums = new Map<string, { abstractId: string; starts: Map<number, number> }>();
    for (const el of elementsOf(numbering)) {
      if (el.name === 'w:abstractNum') abstracts.set(attr(el, 'w:abstractNumId') ?? '', readLevels(el));
      if (el.name === 'w:num') nums.set(attr(el, 'w:numId') ?? '', readNum(el));
    }
    return new Numbering(abstracts, nums, readStyleNumbering(stylesXml));
  }

  /** The label of a paragraph in a list ('一、', '（二）', '3.'), advancing the list's counters; else undefined. */
  label(pPr: Element | undefined): string | undefined {
    const own = readNumPr(pPr);
    const style = this.styles.get(attr(pPr && child(pPr, 'w:pStyle'), 'w:val') ?? '') ?? {};
    const numId = own.numId ?? style.numId;
    const ilvl = own.ilvl ?? style.ilvl ?? 0;
    const num = numId && numId !== '0' ? this.nums.get(numId) : undefined;
    const levels = num && this.abstracts.get(num.abstractId);
    const level = levels?.get(ilvl);
    if (!num || !levels || !level || level.format === 'bullet') return undefined;
    const startOf = (l: number): number => num.starts.get(l) ?? levels.get(l)?.start ?? 1;
    // Lists sharing an abstract definition continue one another unless one restarts its numbering.
    const key = num.starts.size > 0 ? `num:${numId}` : `abstract:${num.abstractId}`;
    const counters = this.counters.get(key) ?? [];
    counters[ilvl] = counters[ilvl] === undefined ? startOf(ilvl) : counters[ilvl]! + 1;
    counters.length = ilvl + 1;
    this.counters.set(key, counters);
    return level.text.replace(/%([1-9])/g, (_, k: string) => {
      const l = Number(k) - 1;
      return formatListNumber(counters[l] ?? startOf(l), levels.get(l)?.format ?? 'decimal');
    });
  }
}

function readLevels(abstractNum: Element): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const lvl of elementsOf(abstractNum).filter((e) => e.name === 'w:lvl')) {
    levels.set(Number(attr(lvl, 'w:ilvl') ?? 0), {
      start: Number(attr(child(lvl, 'w:start'), 'w:val') ?? 1),
      format: attr(child(lvl, 'w:numFmt'), 'w:val') ?? 'decimal',
      text: attr(child(lvl, 'w:lvlText'), 'w:val') ?? '',
    });
  }
  return levels;
}

function readNum(num: Element): { abstractId: string; starts: Map<number, number> } {
  const starts = new Map<number, number>();
  for (const override of elementsOf(num).filter((e) => e.name === 'w:lvlOverride')) {
    const start = attr(child(override, 'w:startOverride'), 'w:val');
    if (start !== undefined) starts.set(Number(attr(override, 'w:ilvl') ?? 0), Number(start));
  }
  return { abstractId: attr(child(num, 'w:abstractNumId'), 'w:val') ?? '', starts };
}

/** Paragraph styles that carry numbering (heading styles often do), following w:basedOn. */
function readStyleNumbering(stylesXml: string | undefined): Map<string, NumPr> {
  const result = new Map<string, NumPr>();
  const styles = stylesXml ? firstDescendant(parseXml(withoutEmptyElements(stylesXml, STYLES_KEPT)), 'w:styles') : undefined;
  if (!styles) return result;
  const own = new Map<string, { numPr: NumPr; basedOn?: string }>();
  for (const style of elementsOf(styles).filter((e) => e.name === 'w:style')) {
    own.set(attr(style, 'w:styleId') ?? '', {
      numPr: readNumPr(child(style, 'w:pPr')),
      basedOn: attr(child(style, 'w:basedOn'), 'w:val'),
    });
  }
  const resolve = (id: string, depth: number): NumPr => {
    const s = own.get(id);
    if (!s || depth > 20) return {};
    const base = s.basedOn ? resolve(s.basedOn, depth + 1) : {};
    return { ...base, ...s.numPr };
  };
  for (const id of own.keys()) {
    const numPr = resolve(id, 0);
    if (numPr.numId) result.set(id, numPr);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// document.xml → blocks

interface Context {
  numbering: Numbering | undefined;
  /** whether any picture was seen, to tell an image-only document from an empty one */
  sawDrawing: boolean;
}

/** Raw text of a paragraph, split at line breaks; text boxes inside it come out as blocks of their own. */
interface ParagraphText {
  lines: string[];
  floating: Block[];
}

// Run content that is never printed text: properties, deleted text, field codes, ruby annotations, footnote marks.
const NOT_TEXT = new Set([
  'w:pPr', 'w:rPr', 'w:del', 'w:moveFrom', 'w:delText', 'w:instrText', 'w:fldData', 'w:rt',
  'w:footnoteReference', 'w:endnoteReference', 'w:commentReference', 'mc:Fallback',
]);

function readParagraph(p: Element, path: string, ctx: Context): ParagraphText {
  const result: ParagraphText = { lines: [''], floating: [] };
  const append = (s: string): void => void (result.lines[result.lines.length - 1] += s);
  const visit = (node: ParentNode): void => {
    for (const el of elementsOf(node)) {
      if (NOT_TEXT.has(el.name)) continue;
      if (el.name === 'w:t') append(textOf(el));
      else if (el.name === 'w:tab' || el.name === 'w:ptab') append('\t');
      else if (el.name === 'w:br' || el.name === 'w:cr') result.lines.push('');
      else if (el.name === 'w:noBreakHyphen') append('-');
      else if (el.name === 'w:r' && isOn(hiddenMark(el))) continue;
      else if (el.name === 'w:txbxContent') readBlocks(el, `${path}/txbxContent`, ctx, result.floating);
      else {
        if (el.name === 'w:drawing' || el.name === 'w:pict') ctx.sawDrawing = true;
        visit(el);
      }
    }
  };
  visit(p);
  const label = ctx.numbering?.label(child(p, 'w:pPr'));
  if (label) result.lines[0] = joinLabel(label, result.lines[0] ?? '');
  return result;
}

/** The w:vanish (hidden text, not printed) in a run's properties, if any. */
const hiddenMark = (run: Element): Element | undefined => {
  const rPr = child(run, 'w:rPr');
  return rPr && (child(rPr, 'w:vanish') ?? child(rPr, 'w:specVanish'));
};

const textOf = (el: Element): string => el.children.map((c) => (c.type === 'text' ? c.data : '')).join('');

/** '一、' + '总体情况' joins tight; a label before Latin text or digits gets a space. */
function joinLabel(label: string, text: string): string {
  const first = text.trimStart()[0];
  return first !== undefined && /[\p{Script=Han}（(“]/u.test(first) ? label + text.trimStart() : `${label} ${text.trimStart()}`;
}

/** Block-level content (the body, a text box, a content control): paragraphs and tables in order. */
function readBlocks(container: ParentNode, path: string, ctx: Context, out: Block[]): void {
  for (const [el, elPath] of withPaths(container, path)) {
    if (el.name === 'w:p') {
      const { lines, floating } = readParagraph(el, elPath, ctx);
      for (const raw of lines) {
        const text = cleanLine(raw);
        if (text !== '') out.push({ type: 'paragraph', text, pos: { path: elPath } });
      }
      out.push(...floating);
    } else if (el.name === 'w:tbl') out.push(readTable(el, elPath, ctx));
    else if (WRAPPERS.has(el.name)) readBlocks(el, elPath, ctx, out);
    else if (el.name === 'mc:AlternateContent') {
      const chosen = alternative(el);
      if (chosen) readBlocks(chosen, elPath, ctx, out);
    }
  }
}

/** Raw lines of a cell: its paragraphs, and the cells of any table nested in it, in reading order. */
function cellLines(tc: Element, path: string, ctx: Context): string[] {
  const blocks: Block[] = [];
  readBlocks(tc, path, ctx, blocks);
  return blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : b.rows.flat().map((c) => c.text)));
}

interface GridCell {
  raw: RawCell;
  /** first grid column the cell covers */
  column: number;
}

/** Elements of `name` under `node`, looking through wrappers (a row or cell may sit inside a content control). */
function* itemsThroughWrappers(node: ParentNode, name: string, path: string): Generator<[Element, string]> {
  for (const [el, elPath] of withPaths(node, path)) {
    if (el.name === name) yield [el, elPath];
    else if (WRAPPERS.has(el.name)) yield* itemsThroughWrappers(el, name, elPath);
  }
}

function gridValue(props: Element | undefined, name: string): number | undefined {
  const value = Number.parseInt(attr(props && child(props, name), 'w:val') ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Merge state of a cell: w:vMerge w:val="restart" opens a vertical merge, a bare w:vMerge continues it. */
function mergeOf(tcPr: Element | undefined, name: 'w:vMerge' | 'w:hMerge'): 'restart' | 'continue' | undefined {
  const el = tcPr && child(tcPr, name);
  if (!el) return undefined;
  return attr(el, 'w:val') === 'restart' ? 'restart' : 'continue';
}

function readTable(tbl: Element, path: string, ctx: Context): Table {
  const rows: RawCell[][] = [];
  let above = new Map<number, GridCell>(); // grid column → the cell covering it in the previous row
  for (const [tr, trPath] of itemsThroughWrappers(tbl, 'w:tr', path)) {
    const row: RawCell[] = [];
    const here = new Map<number, GridCell>();
    let column = gridValue(child(tr, 'w:trPr'), 'w:gridBefore') ?? 0;
    let previous: GridCell | undefined;
    for (const [tc, tcPath] of itemsThroughWrappers(tr, 'w:tc', trPath)) {
      const tcPr = child(tc, 'w:tcPr');
      const span = gridValue(tcPr, 'w:gridSpan') ?? 1;
      let cell: GridCell | undefined;
      const owner = above.get(column);
      if (mergeOf(tcPr, 'w:vMerge') === 'continue' && owner?.column === column) {
        owner.raw.rowSpan++; // covered from above: absent from this row
        cell = owner;
      } else if (mergeOf(tcPr, 'w:hMerge') === 'continue' && previous) {
        previous.raw.colSpan += span; // legacy horizontal merge: widen the cell on the left
        cell = previous;
      } else {
        cell = { raw: { lines: cellLines(tc, tcPath, ctx), rowSpan: 1, colSpan: span, path: tcPath }, column };
        row.push(cell.raw);
      }
      for (let c = column; c < column + span; c++) here.set(c, cell);
      previous = cell;
      column += span;
    }
    rows.push(row);
    above = here;
  }
  return toTable(rows, path);
}

// ---------------------------------------------------------------------------------------------------------------
// Package

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function refuseNonZip(buf: Buffer): void {
  if (buf.length === 0) throw new XxgkError('EMPTY', '文件为空', 'the file is empty');
  if (OLE_SIGNATURE.every((b, i) => buf[i] === b)) {
    // Word stores a password-protected .docx inside an OLE container with an EncryptionInfo stream.
    if (buf.includes(Buffer.from('EncryptionInfo', 'utf16le'))) {
      throw new XxgkError('ENCRYPTED', '文档已加密，请先取消密码保护', 'the document is encrypted; remove the password first');
    }
    throw new XxgkError('UNSUPPORTED', '这是旧版 Word 文件（.doc/.wps），不是 .docx', 'this is a legacy Word file (.doc/.wps), not .docx');
  }
  if (buf[0] !== 0x50 || buf[1] !== 0x4b) throw corrupt('不是 .docx 文件', 'not a .docx file');
}

/** Target of the package relationship of `type` from `relsXml`, resolved against `baseDir`. */
function relationshipTarget(relsXml: string | undefined, type: string, baseDir: string): string | undefined {
  if (!relsXml) return undefined;
  const rels = firstDescendant(parseXml(relsXml), 'Relationships');
  const rel = rels && elementsOf(rels).find((r) => (attr(r, 'Type') ?? '').endsWith(`/${type}`));
  const target = attr(rel, 'Target');
  if (!target) return undefined;
  return target.startsWith('/') ? target.slice(1) : normalizePartPath(baseDir + target);
}

function normalizePartPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** Reads a .docx into a Doc: paragraphs (one per line) and tables with their merged cells. */
export async function readDocx(bytes: Uint8Array): Promise<Doc> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  refuseNonZip(buf);
  const zip = new ZipArchive(buf);
  const mainPath = relationshipTarget(zip.text('_rels/.rels'), 'officeDocument', '') ?? 'word/document.xml';
  const documentXml = zip.text(mainPath);
  const body =
    documentXml === undefined ? undefined : firstDescendant(parseXml(withoutEmptyElements(documentXml, DOCUMENT_KEPT)), 'w:body');
  if (!body) throw corrupt('缺少 Word 正文 word/document.xml', 'no Word body in word/document.xml');

  const slash = mainPath.lastIndexOf('/');
  const dir = mainPath.slice(0, slash + 1);
  const rels = zip.text(`${dir}_rels/${mainPath.slice(slash + 1)}.rels`);
  const part = (type: string): string | undefined => {
    const target = relationshipTarget(rels, type, dir);
    return target && zip.has(target) ? zip.text(target) : undefined;
  };
  const numberingXml = part('numbering');
  const ctx: Context = { numbering: Numbering.parse(numberingXml, numberingXml && part('styles')), sawDrawing: false };

  const blocks: Block[] = [];
  readBlocks(body, 'body', ctx, blocks);
  if (!blocks.some(hasText)) {
    if (ctx.sawDrawing) throw new XxgkError('SCANNED', '文档只有图片，没有文字', 'the document holds only images, no text');
    throw new XxgkError('NO_DATA', '文档中没有文字', 'the document has no text');
  }
  return { kind: 'docx', blocks };
}

const hasText = (b: Block): boolean => (b.type === 'paragraph' ? b.text !== '' : b.rows.some((r) => r.some((c) => c.text !== '')));
