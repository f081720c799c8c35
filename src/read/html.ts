// HTML reader: a crawled or saved web page → Doc. Picks the report out of the site's chrome, keeps one paragraph per
// visual line and every <table> as a grid of cells with their spans.

import { load } from 'cheerio/slim';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { XxgkError } from '../errors.js';
import type { Block, Doc, Table, TableCell } from './model.js';
import { isBlankText, normalizeText } from './normalize.js';

// ---------------------------------------------------------------------------------------------------------------
// Text helpers, shared with the Word reader

// Han ideographs plus the full-width punctuation that sits between them in Chinese text.
const CJK_CHAR = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\ufe30-\ufe4f\u2018\u2019\u201c\u201d\u2014\u2026\u00b7]/u;

const isCjk = (ch: string | undefined): boolean => ch !== undefined && CJK_CHAR.test(ch);

/** The character that ends at `end` (exclusive), whole even when it is a surrogate pair. */
function charBefore(s: string, end: number): string | undefined {
  if (end <= 0) return undefined;
  const low = s.charCodeAt(end - 1);
  return low >= 0xdc00 && low <= 0xdfff && end >= 2 ? s.slice(end - 2, end) : s[end - 1];
}

function charAt(s: string, i: number): string | undefined {
  const cp = s.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

// Whitespace that only formats the source: a line break with ASCII spaces around it (no &nbsp; or U+3000).
const SOURCE_BREAK = /^[ \t\r\f]*\n[ \t\n\r\f]*$/;

/**
 * Collapses every whitespace run to one space and trims. A run between two CJK characters is dropped when it only
 * formats the source (as CSS does with line breaks) or, with `dropAllBetweenCjk`, always (cell labels like 总 计).
 */
export function collapseSpaces(raw: string, dropAllBetweenCjk = false): string {
  return raw.replace(/\s+/g, (run: string, offset: number, whole: string) => {
    const before = charBefore(whole, offset);
    const after = charAt(whole, offset + run.length);
    if (before === undefined || after === undefined) return '';
    const dropHere = dropAllBetweenCjk || SOURCE_BREAK.test(run);
    return dropHere && isCjk(before) && isCjk(after) ? '' : ' ';
  });
}

/** A paragraph line: normalised, whitespace collapsed. */
export const cleanLine = (raw: string): string => collapseSpaces(normalizeText(raw));

/** A cell's lines joined: no space between two CJK characters, otherwise one; '' when blank. */
export function cellTextOf(lines: string[]): string {
  const joined = normalizeText(lines.join('\n'));
  return isBlankText(joined) ? '' : collapseSpaces(joined, true);
}

// ---------------------------------------------------------------------------------------------------------------
// Grids

/** A cell before its text is cleaned; spans as written in the source. */
export interface RawCell {
  lines: string[];
  rowSpan: number;
  colSpan: number;
  path: string;
}

/** Builds a Table; a rowspan reaching past the last row is cut there, as browsers do. */
export function toTable(rawRows: RawCell[][], path: string): Table {
  const rows: TableCell[][] = rawRows.map((row, r) =>
    row.map((raw) => ({
      text: cellTextOf(raw.lines),
      rowSpan: Math.max(1, Math.min(raw.rowSpan, rawRows.length - r)),
      colSpan: Math.max(1, raw.colSpan),
      pos: { path: raw.path },
    })),
  );
  return { type: 'table', rows, pos: { path } };
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding

const UTF8 = 'utf-8';

/** The page's text and the encoding used: BOM, then valid UTF-8, then the declared charset, then GB18030. */
export function decodeHtml(bytes: Uint8Array): { text: string; encoding: string } {
  const bom = bomEncoding(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), encoding: bom };
  // Valid UTF-8 with non-ASCII text is UTF-8 whatever the page declares: pages saved as UTF-8 often keep a stale
  // <meta charset=gb2312>, and GBK text is practically never valid UTF-8.
  const utf8 = tryDecode(bytes, UTF8);
  if (utf8 !== undefined) return { text: utf8, encoding: UTF8 };
  const declared = declaredCharset(bytes);
  const encoding = declared && declared !== UTF8 && !declared.startsWith('utf-16') ? declared : 'gb18030';
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}

function bomEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return UTF8;
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

function tryDecode(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The charset of <meta charset>, <meta http-equiv content="…charset=…"> or <?xml encoding> in the first 4 KB. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const m =
    /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  if (!m?.[1]) return undefined;
  try {
    return new TextDecoder(m[1]).encoding; // canonical name; throws on labels TextDecoder does not know
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The page walk: DOM → lines and tables, each remembering where it came from

interface LineItem {
  kind: 'line';
  text: string;
  path: string;
  /** parent of the line's first text, to test whether the line lies inside the report's container */
  origin: ParentNode;
  chrome: boolean;
}

interface TableItem {
  kind: 'table';
  table: Table;
  origin: Element;
  chrome: boolean;
}

type FlowItem = LineItem | TableItem;

// Never content. (`title` appears in the body of crawled pages that inline the site's header template.)
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'iframe', 'template', 'object', 'embed', 'svg', 'canvas', 'select', 'button',
  'input', 'textarea', 'title', 'head', 'meta', 'link',
]);
// Site chrome, unless it holds the report itself.
const LANDMARKS = new Set(['nav', 'header', 'footer', 'aside']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul',
]);
const SECTION_WORDS = /总体情况|主动公开|收到和处理|依申请|行政复议|行政诉讼|问题|改进|整改|其他需要报告|其他事项/;
const REPORT_TEXT = /总体情况|本年新收|行政复议|第二十条/;
const REPORT_TABLE = /本年新收|上年结转|行政复议|第二十条|本年制发|信息内容|自然人/;

const isElement = (n: AnyNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

/** A section heading of the report such as 一、总体情况, 1.总体情况, 第一部分 总体情况 or 五、存在的主要问题及改进情况. */
export function isSectionHeading(line: string): boolean {
  const m = /^(?:[一二三四五六七]\s*[、.．,，]|[1-7](?!\d)\s*[、.．]|第[一二三四五六七]部分\s*)/.exec(line);
  return m !== null && line.length <= 60 && SECTION_WORDS.test(line.slice(m[0].length, m[0].length + 30));
}

/** Turns a subtree into lines and tables. `tablesAsText` flattens tables into lines (for text inside a cell). */
class FlowWalker {
  readonly items: FlowItem[] = [];
  private buffer = '';
  private bufferPath = '';
  private bufferOrigin: ParentNode | null = null;
  private readonly blockPaths: string[] = [];
  private chromeDepth = 0;
  private preDepth = 0;

  constructor(private readonly tablesAsText = false) {}

  walk(el: ParentNode, path: string): this {
    this.blockPaths.push(path);
    this.walkChildren(el, path);
    this.flush();
    return this;
  }

  lines(): string[] {
    return this.items.map((i) => (i.kind === 'line' ? i.text : tableAsLines(i.table).join('\n')));
  }

  private walkChildren(el: ParentNode, path: string): void {
    const seen = new Map<string, number>();
    for (const child of el.children) {
      if (child.type === 'text') this.addText(child.data, el);
      else if (isElement(child)) {
        const index = (seen.get(child.name) ?? 0) + 1;
        seen.set(child.name, index);
        this.walkElement(child, `${path}/${child.name}[${index}]`);
      }
    }
  }

  private walkElement(el: Element, path: string): void {
    const name = el.name;
    if (SKIPPED.has(name)) return;
    if (name === 'br') return this.flush();
    if (name === 'table' && !this.tablesAsText && !nestsTables(el)) {
      const rows = readHtmlRows(el, path);
      if (!holdsProse(rows)) return this.addTable(el, path, rows);
    }
    const chrome = LANDMARKS.has(name) && !REPORT_TEXT.test(textContent(el));
    const block = BLOCKS.has(name);
    if (chrome) this.chromeDepth++;
    if (name === 'pre') this.preDepth++;
    if (block) {
      this.flush();
      this.blockPaths.push(path);
    }
    this.walkChildren(el, path);
    if (block) {
      this.flush();
      this.blockPaths.pop();
    }
    if (name === 'pre') this.preDepth--;
    if (chrome) this.chromeDepth--;
  }

  private addText(data: string, parent: ParentNode): void {
    if (this.preDepth > 0 && data.includes('\n')) {
      const [first, ...rest] = data.split('\n');
      this.addText(first ?? '', parent);
      for (const part of rest) {
        this.flush();
        this.addText(part, parent);
      }
      return;
    }
    if (this.bufferOrigin === null && !isBlankText(data)) {
      this.bufferOrigin = parent;
      this.bufferPath = this.blockPaths.at(-1) ?? '';
    }
    this.buffer += data;
  }

  private flush(): void {
    if (this.bufferOrigin !== null) {
      const text = cleanLine(this.buffer);
      if (text !== '') {
        this.items.push({ kind: 'line', text, path: this.bufferPath, origin: this.bufferOrigin, chrome: this.chromeDepth > 0 });
      }
    }
    this.buffer = '';
    this.bufferOrigin = null;
  }

  private addTable(el: Element, path: string, rows: RawCell[][]): void {
    this.flush();
    const caption = el.children.find((c): c is Element => isElement(c) && c.name === 'caption');
    if (caption) this.walkElement(caption, `${path}/caption[1]`);
    const table = toTable(rows, path);
    this.items.push({ kind: 'table', table, origin: el, chrome: this.chromeDepth > 0 });
  }
}

const tableAsLines = (t: Table): string[] => t.rows.map((row) => row.map((c) => c.text).join(' '));

// ---------------------------------------------------------------------------------------------------------------
// Tables

const CELLS = new Set(['td', 'th']);

/** Rows of a <table> (inside thead/tbody/tfoot or stray wrappers), not of tables nested in its cells. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const visit = (el: Element): void => {
    for (const child of el.children) {
      if (!isElement(child) || child.name === 'table') continue;
      if (child.name === 'tr') rows.push(child);
      else if (!CELLS.has(child.name)) visit(child);
    }
  };
  visit(table);
  return rows;
}

/** Cells of a <tr>, looking through wrappers such as a <form> that broken markup puts between tr and td. */
function cellsOf(tr: Element): Element[] {
  const cells: Element[] = [];
  const visit = (el: Element): void => {
    for (const child of el.children) {
      if (!isElement(child) || child.name === 'table' || child.name === 'tr') continue;
      if (CELLS.has(child.name)) cells.push(child);
      else visit(child);
    }
  };
  visit(tr);
  return cells;
}

/** A span attribute: a positive integer, else 1; rowspan="0" (to the end of the table) counts as the rest. */
function spanOf(el: Element, attr: 'rowspan' | 'colspan', rowsLeft: number): number {
  const value = Number.parseInt(el.attribs[attr] ?? '', 10);
  if (attr === 'rowspan' && value === 0) return rowsLeft;
  if (!Number.isFinite(value) || value < 1) return 1;
  return Math.min(value, attr === 'colspan' ? 1000 : 65534); // the HTML spec's limits
}

function readHtmlRows(table: Element, tablePath: string): RawCell[][] {
  const rows = rowsOf(table);
  return rows.map((tr, r) => {
    const rowPath = `${tablePath}/tr[${r + 1}]`;
    const seen = new Map<string, number>();
    return cellsOf(tr).map((td) => {
      const index = (seen.get(td.name) ?? 0) + 1;
      seen.set(td.name, index);
      const path = `${rowPath}/${td.name}[${index}]`;
      return {
        lines: new FlowWalker(true).walk(td, path).lines(),
        rowSpan: spanOf(td, 'rowspan', rows.length - r),
        colSpan: spanOf(td, 'colspan', 1),
        path,
      };
    });
  });
}

// A table used for page layout rather than data nests tables or holds long prose in a cell; it is read as flow.
function nestsTables(table: Element): boolean {
  return rowsOf(table).some((tr) => cellsOf(tr).some((td) => hasDescendant(td, 'table')));
}

const holdsProse = (rows: RawCell[][]): boolean => rows.some((row) => row.some((c) => countHan(c.lines.join('')) > 300));

function hasDescendant(el: Element, name: string): boolean {
  return el.children.some((c) => isElement(c) && (c.name === name || hasDescendant(c, name)));
}

// ---------------------------------------------------------------------------------------------------------------
// Where the report is

/** Han characters in a string (BMP ideographs and surrogate pairs of the supplementary planes); a plain loop, as
 *  this runs over every text node of the page. */
function countHan(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd840 && c <= 0xd87f)) n++;
  }
  return n;
}

type HanCounter = (node: AnyNode) => number;

/** Counts Han characters in a subtree, skipping scripts and styles; memoised for one page. */
function hanCounter(): HanCounter {
  const memo = new Map<AnyNode, number>();
  const count = (node: AnyNode): number => {
    let n = memo.get(node);
    if (n !== undefined) return n;
    n = 0;
    if (node.type === 'text') n = countHan(node.data);
    else if (isElement(node) && SKIPPED.has(node.name)) n = 0;
    else if ('children' in node) for (const c of node.children) n += count(c);
    memo.set(node, n);
    return n;
  };
  return count;
}

function ancestors(node: ParentNode): ParentNode[] {
  const chain: ParentNode[] = [];
  for (let n: ParentNode | null = node; n; n = n.parent) chain.push(n);
  return chain.reverse();
}

function commonAncestor(nodes: ParentNode[]): ParentNode | undefined {
  let chain: ParentNode[] | undefined;
  for (const node of nodes) {
    const other = ancestors(node);
    if (!chain) chain = other;
    else {
      let i = 0;
      while (i < chain.length && i < other.length && chain[i] === other[i]) i++;
      chain = chain.slice(0, i);
    }
  }
  return chain?.at(-1);
}

function contains(container: ParentNode, node: ParentNode): boolean {
  for (let n: ParentNode | null = node; n; n = n.parent) if (n === container) return true;
  return false;
}

function isReportAnchor(item: FlowItem): boolean {
  if (item.chrome) return false;
  if (item.kind === 'line') return isSectionHeading(item.text);
  return item.table.rows.some((row) => row.some((c) => REPORT_TABLE.test(c.text)));
}

/** Without report markers: go down while one child holds nearly all of the text (the page's main content). */
function mainContent(el: ParentNode, count: HanCounter): ParentNode {
  const total = count(el);
  const big = el.children.find((c): c is Element => isElement(c) && count(c) >= 0.8 * total);
  return big && total > 0 ? mainContent(big, count) : el;
}

// Text allowed between the title and the report when the title is pulled in (a date line, 字号 大中小, 打印).
const TITLE_GAP = 80;

/** The smallest element holding the report's headings and tables, widened to its title when that sits just above. */
function reportContainer(items: FlowItem[], body: ParentNode, title: Element | undefined): ParentNode {
  const count = hanCounter();
  const anchors = items.filter(isReportAnchor).map((i) => i.origin);
  let root = anchors.length >= 2 ? commonAncestor(anchors) ?? body : mainContent(body, count);
  // A data table is read whole: a container found inside one widens to the table's parent.
  for (const item of items) if (item.kind === 'table' && item.origin.parent && contains(item.origin, root)) root = item.origin.parent;
  if (title && !contains(root, title)) {
    const wider = commonAncestor([root, title]);
    if (wider && count(wider) - count(root) - count(title) <= TITLE_GAP) root = wider;
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata

/** Elements the metadata search needs, by tag name, in document order; found in one pass instead of one per query. */
type PageIndex = { get(name: string): Element[] };
const INDEXED = new Set(['meta', 'publishtime', 'title', 'ucaptitle', 'h1', 'h2', 'h3', 'body']);
const TITLED = '[title]'; // pseudo name: elements whose class or id contains "title"

function indexPage(root: ParentNode): PageIndex {
  const found = new Map<string, Element[]>();
  const add = (key: string, el: Element): void => void (found.get(key) ?? found.set(key, []).get(key)!).push(el);
  const visit = (node: ParentNode): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (INDEXED.has(child.name)) add(child.name, child);
      if (/title/i.test(`${child.attribs.class ?? ''} ${child.attribs.id ?? ''}`)) add(TITLED, child);
      visit(child);
    }
  };
  visit(root);
  return { get: (name) => found.get(name) ?? [] };
}

/** Text of a subtree, scripts and styles left out. */
function textContent(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (isElement(node) && SKIPPED.has(node.name) && node.name !== 'title') return '';
  return 'children' in node ? node.children.map(textContent).join('') : '';
}

const PUBDATE_META = /^(?:pubdate|publishdate|publish[-_]?(?:date|time)|article:published_time|og:published_time|dc\.date(?:\.issued|\.created)?|dcterms\.(?:issued|created)|firstpublishedtime|releasedate)$/i;
const DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
const LABELLED_DATE = new RegExp(`(?:发布|公开|成文|印发|发文|公布)(?:日期|时间)\\s*[:：]?\\s*${DATE.source}`);

/** yyyy-mm-dd from the first date in `s`, if it is a real calendar date. */
export function isoDate(s: string, pattern: RegExp = DATE): string | undefined {
  const m = pattern.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1990 || y > 2100 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Publication date: a PubDate-like <meta>, a <publishtime> element, then 发布日期/发布时间/公开日期 in the page text. */
function findPublishedOn(page: PageIndex, items: FlowItem[]): string | undefined {
  for (const el of page.get('meta')) {
    const key = el.attribs.name ?? el.attribs.property ?? el.attribs.itemprop ?? '';
    const date = PUBDATE_META.test(key) ? isoDate(el.attribs.content ?? '') : undefined;
    if (date) return date;
  }
  for (const el of page.get('publishtime')) {
    const date = isoDate(textContent(el));
    if (date) return date;
  }
  const pageText = items.map((i) => (i.kind === 'line' ? i.text : tableAsLines(i.table).join(' '))).join(' ');
  return isoDate(pageText, LABELLED_DATE);
}

// Where the article's own title sits, best first: the ucap CMS tag, <h1>, elements whose class or id says title.
const TITLE_PLACES = ['ucaptitle', 'h1', TITLED, 'h2', 'h3'];
const looksLikeReportTitle = (s: string): boolean => s.length >= 6 && s.length <= 100 && /报告/.test(s);
const titleText = (raw: string): string => collapseSpaces(normalizeText(raw), true);
// An article's <header> may hold its title; the site's nav, footer and sidebars do not.
const NOT_TITLE = new Set([...SKIPPED, 'nav', 'footer', 'aside']);

function findTitle(page: PageIndex): { text: string; element?: Element } | undefined {
  const isContent = (el: Element): boolean => !ancestors(el).some((a) => isElement(a) && NOT_TITLE.has(a.name));
  for (const place of TITLE_PLACES) {
    for (const el of page.get(place)) {
      const text = titleText(textContent(el));
      if (looksLikeReportTitle(text) && isContent(el)) return { text, element: el };
    }
  }
  // ArticleTitle is the standard <meta> of Chinese government sites; <title> adds the site's name after a dash.
  const metaTitle = page.get('meta').find((m) => /^articletitle$/i.test(m.attribs.name ?? ''));
  const fromMeta = titleText(metaTitle?.attribs.content ?? '');
  if (looksLikeReportTitle(fromMeta)) return { text: fromMeta };
  const [pageTitle] = page.get('title');
  const part = titleText(pageTitle ? textContent(pageTitle) : '').split(/\s*[-_|–—]\s*/).find(looksLikeReportTitle);
  return part ? { text: part } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------

/** Reads an HTML page (any charset) into a Doc holding only the report's own content. */
export function readHtml(bytes: Uint8Array): Doc {
  if (bytes.length === 0) throw new XxgkError('EMPTY', '文件为空', 'the file is empty');
  if (looksBinary(bytes)) throw new XxgkError('BINARY', '文件不是网页（二进制内容）', 'the file is not a web page (binary content)');
  const { text, encoding } = decodeHtml(bytes);
  const document = load(text).root().get(0)!;
  const page = indexPage(document);
  // A fragment without <body> is walked from the document root.
  const body: ParentNode = page.get('body')[0] ?? document;
  const items = new FlowWalker().walk(body, 'body').items;
  if (!items.some(hasText)) throw new XxgkError('NO_DATA', '网页中没有文字', 'the page has no text');

  const title = findTitle(page);
  const root = reportContainer(items, body, title?.element);
  const blocks: Block[] = items
    .filter((i) => !i.chrome && contains(root, i.origin))
    .map((i) => (i.kind === 'line' ? { type: 'paragraph', text: i.text, pos: { path: i.path } } : i.table));
  const publishedOn = findPublishedOn(page, items);
  return {
    kind: 'html',
    blocks,
    meta: { encoding, ...(publishedOn && { publishedOn }), ...(title && { title: title.text }) },
  };
}

const hasText = (i: FlowItem): boolean => i.kind === 'line' || i.table.rows.some((r) => r.some((c) => c.text !== ''));

/** NUL bytes in the first KB mean binary (UTF-16 pages start with a BOM, which is checked first). */
function looksBinary(bytes: Uint8Array): boolean {
  if (bomEncoding(bytes)) return false;
  const head = bytes.subarray(0, 1024);
  return head.includes(0);
}
