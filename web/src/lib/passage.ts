// Finding a cell's passage in the original file: a line of a text file, or an element of an HTML page or a Word
// document named by its element path ("body/div[2]/table[1]/tr[3]/td[2]", indices among siblings of one name).
// Everything here reads the original as data: nothing of it is run or inserted as markup.

import { decodeText, normalizeText } from './core.js';

export interface TextWindow {
  /** first line number of `lines` (1-based) */
  first: number;
  lines: string[];
  /** the line of the source, and where its printed text sits in it */
  target: { line: number; start: number; end: number } | null;
}

/** The lines of a text file, decoded and normalised the way the reader did (so line numbers agree). */
export function textLines(bytes: Uint8Array): string[] {
  return normalizeText(decodeText(bytes).text).split('\n');
}

/** A few lines around `line`, with the printed text (`raw`) located in it near `column`. */
export function textWindow(lines: string[], line: number, raw: string | null, column?: number, around = 6): TextWindow {
  const first = Math.max(1, line - around);
  const last = Math.min(lines.length, line + around);
  const text = lines[line - 1];
  let target: TextWindow['target'] = null;
  if (text !== undefined) {
    target = { line, start: 0, end: text.length };
    if (raw) {
      const hits: number[] = [];
      for (let i = text.indexOf(raw); i >= 0; i = text.indexOf(raw, i + 1)) hits.push(i);
      if (hits.length) {
        const col = column ?? 0;
        const best = hits.reduce((a, b) => (Math.abs(b - col) < Math.abs(a - col) ? b : a));
        target = { line, start: best, end: best + raw.length };
      }
    }
  }
  return { first, lines: lines.slice(first - 1, last), target };
}

/** Decode an HTML file (UTF-8, or the GB18030 family many government sites still use). */
export function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const declared = /charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (declared && /gb|big5/.test(declared)) return new TextDecoder(declared === 'big5' ? 'big5' : 'gb18030').decode(bytes);
  return decodeText(bytes).text;
}

const localName = (el: Element): string => el.localName.toLowerCase();
const childElements = (el: Element): Element[] => Array.from(el.children);

/** The element an element path names, or null. `rowsOf` gives a table's rows through thead/tbody wrappers. */
export function resolvePath(root: Element, path: string): Element | null {
  const segments = path.split('/').filter(Boolean);
  let el: Element | null = root;
  // the first segment names the root itself (body, or Word's body)
  if (segments[0] && !/\[\d+\]$/.test(segments[0])) segments.shift();
  for (const seg of segments) {
    if (!el) return null;
    const m = /^([\w:-]+)\[(\d+)\]$/.exec(seg);
    if (!m) return null;
    const name = m[1]!.toLowerCase().replace(/^w:/, '');
    const index = Number(m[2]);
    el = nthChild(el, name, index);
  }
  return el;
}

/** The index-th child of that name, looking through wrappers the DOM or Word adds (tbody, thead, sdt, sdtContent). */
function nthChild(el: Element, name: string, index: number): Element | null {
  let seen = 0;
  const visit = (parent: Element): Element | null => {
    for (const c of childElements(parent)) {
      const n = localName(c);
      if (n === name) { if (++seen === index) return c; continue; }
      if (['tbody', 'thead', 'tfoot', 'sdt', 'sdtcontent', 'customxml'].includes(n)) {
        const found = visit(c);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(el);
}

export interface PassageTable { rows: Array<Array<{ text: string; target: boolean; rowSpan: number; colSpan: number }>> }
export interface Passage {
  /** text blocks before and after, and the target's own text */
  before: string[];
  target: string;
  after: string[];
  /** when the target is a table cell: the whole table as text, the target marked */
  table: PassageTable | null;
}

const cellNames = new Set(['td', 'th', 'tc']);
const rowNames = new Set(['tr']);
const tableNames = new Set(['table', 'tbl']);

const textOf = (el: Element): string => {
  // Word: paragraphs (w:p) become lines; HTML: textContent with its spacing collapsed
  const paras = Array.from(el.getElementsByTagNameNS('*', 'p')).filter((p) => p.namespaceURI?.includes('wordprocessingml'));
  const raw = paras.length ? paras.map((p) => p.textContent ?? '').join('\n') : el.textContent ?? '';
  return raw.replace(/[ \t\r\f]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
};

const ancestor = (el: Element, names: Set<string>): Element | null => {
  for (let e: Element | null = el; e; e = e.parentElement) if (names.has(localName(e))) return e;
  return null;
};

function rowsOfTable(table: Element): Element[] {
  const out: Element[] = [];
  const visit = (parent: Element) => {
    for (const c of childElements(parent)) {
      const n = localName(c);
      if (rowNames.has(n)) out.push(c);
      else if (!tableNames.has(n) && !cellNames.has(n)) visit(c);
    }
  };
  visit(table);
  return out;
}

function spanOf(cell: Element, attr: 'rowspan' | 'colspan'): number {
  const html = Number.parseInt(cell.getAttribute(attr) ?? '', 10);
  if (Number.isFinite(html) && html > 0) return Math.min(html, 100);
  if (attr === 'colspan') {
    const grid = Array.from(cell.getElementsByTagNameNS('*', 'gridSpan'))[0];
    const v = Number.parseInt(grid?.getAttribute('w:val') ?? grid?.getAttributeNS(grid.namespaceURI, 'val') ?? '', 10);
    if (Number.isFinite(v) && v > 0) return Math.min(v, 100);
  }
  return 1;
}

/** The passage around an element: the table it is a cell of, or the blocks beside it. */
export function passageOf(target: Element): Passage {
  const cell = ancestor(target, cellNames);
  const table = cell ? ancestor(cell, tableNames) : null;
  if (cell && table) {
    const rows = rowsOfTable(table).map((tr) => childElements(tr).filter((c) => cellNames.has(localName(c))).map((c) => ({
      text: textOf(c), target: c === cell || c.contains(target), rowSpan: spanOf(c, 'rowspan'), colSpan: spanOf(c, 'colspan'),
    })));
    return { before: [], target: textOf(cell), after: [], table: { rows } };
  }
  const siblings = (dir: 'previousElementSibling' | 'nextElementSibling') => {
    const out: string[] = [];
    for (let e = target[dir]; e && out.length < 3; e = e[dir]) { const s = textOf(e); if (s) out.push(s); }
    return dir === 'previousElementSibling' ? out.reverse() : out;
  };
  return { before: siblings('previousElementSibling'), target: textOf(target), after: siblings('nextElementSibling'), table: null };
}

/**
 * Inline event handlers (onclick=…) taken out of every tag. DOMParser's document runs nothing, but Chromium still
 * reports each handler it parses as a violation of the page's CSP; the element structure (and so every path) stays.
 */
export const withoutHandlers = (html: string): string =>
  html.replace(/<[a-zA-Z][^>]*>/g, (tag) => tag.replace(/\s+on[a-zA-Z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, ''));

/** The passage of an HTML page's element path. */
export function htmlPassage(bytes: Uint8Array, path: string): Passage | null {
  const doc = new DOMParser().parseFromString(withoutHandlers(decodeHtml(bytes)), 'text/html');
  const el = resolvePath(doc.body, path);
  return el ? passageOf(el) : null;
}

/** The passage of a Word document's element path (word/document.xml). */
export async function docxPassage(bytes: Uint8Array, path: string): Promise<Passage | null> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) return null;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const body = Array.from(doc.getElementsByTagNameNS('*', 'body'))[0];
  if (!body) return null;
  const el = resolvePath(body, path);
  return el ? passageOf(el) : null;
}
