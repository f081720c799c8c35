// A Doc as lines of tokens. A token is a piece of text, a number (with the unit printed beside it), or a blank:
// a printed "/", "-", "—" or an empty cell of a real table. Text lines split on whitespace; table rows give one
// token per cell, so that a blank keeps its column.
//
// Speed: there are thousands of tokens per report and few become a cell's source, so a token keeps where its line
// starts and its index in the line; positionOf makes the Position only when a source needs one.

import type { Doc, Position } from '../read/model.js';
import { isBlankText } from '../read/normalize.js';
import { isSpaceCode, charTable } from '../text.js';

export type TokenKind = 'text' | 'num' | 'blank';

export interface Token {
  kind: TokenKind;
  text: string;
  /** the number for 'num' tokens */
  value?: number;
  /** a unit printed in or beside the number: 万元, 元 … */
  unit?: string;
  /** digits only, no sign, no decimals: may be half of a number split by a line or cell break */
  plain?: boolean;
  /** the position of the line (or cell) the token is in */
  base: Position;
  /** 0-based index of the token in its line's text; -1 when `base` is the token's own position (a cell) */
  at: number;
}

export interface Line {
  /** the line's text as printed (cells of a table row joined by tabs) */
  text: string;
  /** the tokens of a table row; for a text line they are made on first use (see tokensOf), since prose needs none */
  tokens?: Token[];
  pos: Position;
  /** true for a row of a real table: its tokens are its cells and blanks are positional */
  grid: boolean;
  /** the text as labels are matched (see keyOf), made on first use */
  key?: string;
}

/** Where a token is: its line's position with the column and offset of the token. */
export function positionOf(t: Token): Position {
  if (t.at < 0) return t.base;
  const b = t.base;
  return { ...b, column: t.at + 1, offset: b.offset !== undefined ? b.offset + t.at : undefined };
}

/** Label text as matched: no whitespace or quotes, brackets unified to the full-width ones of the template. */
export function labelKey(s: string): string {
  // A loop over the characters, not regex replacements: this runs over the text of every table (measured 1.6×).
  let out = '', from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i), k = keyCode(c);
    if (k === c) continue;
    if (i > from) out += s.slice(from, i);
    if (k >= 0) out += String.fromCharCode(k);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** A character as labelKey keys it: -1 when it is dropped (whitespace, quotes), ( and ) made full-width. */
export function keyCode(c: number): number {
  if (c > 0x3000) return c === 0xfeff ? -1 : c; // CJK, the usual case
  if (c === 40) return 0xff08;
  if (c === 41) return 0xff09;
  return c === 0x201c || c === 0x201d || c === 34 || isSpaceCode(c) ? -1 : c;
}

/** A line's text as labels are matched, made once. */
export function keyOf(line: Line): string {
  line.key ??= labelKey(line.text);
  return line.key;
}

const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|亿元|万|元|件|个|条|项|次|人次)?$/;
const NULL_MARK = /^(?:[/\\\-–—―─~]+|无)$/;
const UNIT_ONLY = /^(万元|亿元|万|元)$/;

const token = (kind: TokenKind, text: string, base: Position, at: number): Token =>
  ({ kind, text, value: undefined, unit: undefined, plain: undefined, base, at });

/** Classify one piece of text (a cell or a whitespace-separated word) found at `at` in the line at `base`. */
export function classify(text: string, base: Position, at = -1): Token {
  // Cells are padded (" 12 ", "| 0 |"): trim by hand, and strip inner spaces only when there are some.
  let from = 0, to = text.length;
  while (from < to && isSpaceCode(text.charCodeAt(from))) from++;
  while (to > from && isSpaceCode(text.charCodeAt(to - 1))) to--;
  let t = from === 0 && to === text.length ? text : text.slice(from, to);
  for (let i = 0; i < t.length; i++) if (isSpaceCode(t.charCodeAt(i))) { t = t.replace(/[\s\u3000\u00a0]+/g, ''); break; }
  return classifyWord(t, text, base, at);
}

/** `t` is `text` without whitespace. */
function classifyWord(t: string, text: string, base: Position, at: number): Token {
  if (t === '') return token('blank', text, base, at);
  // Most pieces are words: neither a digit, a sign nor a blank mark can start them.
  const c = t.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 47 || c === 92 || c === 126 || (c >= 0x2013 && c <= 0x2015) || c === 0x2500 || c === 0x65e0)) {
    return token('text', t, base, at);
  }
  // The usual number: a few plain digits.
  if (c >= 48 && c <= 57 && t.length <= 9) {
    let v = 0, i = 0;
    for (; i < t.length; i++) {
      const d = t.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === t.length) { const tok = token('num', text, base, at); tok.value = v; tok.plain = true; return tok; }
  }
  if (NULL_MARK.test(t)) return token('blank', text, base, at);
  const m = NUMBER.exec(t);
  if (m) {
    const digits = m[2]!.replace(/,/g, '');
    const tok = token('num', text, base, at);
    tok.value = Number(`${m[1] === '-' ? '-' : ''}${digits}${m[3] ? '.' + m[3] : ''}`);
    const unit = m[4];
    if (unit && UNIT_ONLY.test(unit)) tok.unit = unit;
    if (!m[1] && !m[3] && !m[4] && !m[2]!.includes(',')) tok.plain = true;
    return tok;
  }
  return token('text', t, base, at);
}

function tokenizeTextLine(text: string, pos: Position): Token[] {
  return tabbedValueRow(text, pos) ?? splitOnWhitespace(text, pos);
}

/** What a row of values may hold besides whitespace: digits, signs, blank marks, units. */
const VALUE_ROW_CHARS = charTable([...'0123456789.,+-/\\–—―─~万元亿件个条项次人无']);

/** Two tabs or more, and nothing but values: one loop, since every line of a table region is asked. */
function isTabbedValues(text: string): boolean {
  let tabs = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9) tabs++;
    else if (VALUE_ROW_CHARS[c] === 0 && !isSpaceCode(c)) return false;
  }
  return tabs >= 2;
}

/**
 * A tab-separated line of values only (no label) is a table row whose empty cells are blanks in position:
 * "\t\t\t\t\t0\t0…" prints 表四 with its five 行政复议 cells empty. Trailing tabs carry no cell.
 */
function tabbedValueRow(text: string, pos: Position): Token[] | null {
  if (!isTabbedValues(text)) return null;
  const parts = text.replace(/[\t ]+$/, '').split('\t');
  let at = 0, nums = 0;
  const out: Token[] = [];
  for (const part of parts) {
    const tok = classify(part, pos, at);
    if (tok.kind === 'text') return null;
    if (tok.kind === 'num') nums++;
    out.push(tok);
    at += part.length + 1;
  }
  // One value after a tab is a cell-per-line layout, not a row.
  return nums >= 2 ? out : null;
}

/** The tokens of a line, made once when a table stage first asks. */
export function tokensOf(line: Line): Token[] {
  line.tokens ??= tokenizeLine(line);
  return line.tokens;
}

function tokenizeLine(line: Line): Token[] {
  return (line.grid ? pipeCells(line.text, line.pos) : null) ?? tokenizeTextLine(line.text, line.pos);
}

const isSpace = isSpaceCode;

function splitOnWhitespace(text: string, pos: Position): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    const word = text.slice(start, i);
    const tok = classifyWord(word, word, pos, start);
    // "249 万": a unit standing alone belongs to the number before it. (out[-1] is not read: as a key that is not
    // an array index, it is looked up by name, on the array and its prototypes, for the first word of every line.)
    const prev = out.length > 0 ? out[out.length - 1]! : null;
    if (tok.kind === 'text' && prev?.kind === 'num' && !prev.unit && UNIT_ONLY.test(tok.text)) {
      prev.unit = tok.text; prev.text += ' ' + tok.text; prev.plain = false;
      continue;
    }
    out.push(tok);
  }
  return out;
}

const PIPED = /^\s*\|.*\|\s*$/;
const MD_RULE = /^[\s|:]*-{3,}[\s|:-]*$/;

/** A Markdown table row (| a | b |) is a row of a real table: one token per cell, blanks in position. */
function pipeCells(text: string, pos: Position): Token[] | null {
  const first = text.indexOf('|');
  const last = text.lastIndexOf('|');
  if (first < 0 || last - first < 2 || text.slice(0, first).trim() !== '' || text.slice(last + 1).trim() !== '') return null;
  const out: Token[] = [];
  let from = first + 1;
  while (from <= last) {
    const to = text.indexOf('|', from);
    out.push(classify(text.slice(from, to), pos, from));
    from = to + 1;
  }
  return out;
}

/** The cheap test before PIPED, on every line: a Markdown table row starts with a pipe after optional spaces. */
function startsWithPipe(text: string): boolean {
  let i = 0;
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 124;
}

/** Flatten a Doc into lines of tokens, in reading order. */
export function toLines(doc: Doc): Line[] {
  const lines: Line[] = [];
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') {
      const t = block.text;
      const piped = startsWithPipe(t) && PIPED.test(t);
      if (piped && MD_RULE.test(t)) continue;
      lines.push({ text: t, tokens: undefined, pos: block.pos, grid: piped, key: undefined });
      continue;
    }
    for (const row of block.rows) {
      const tokens = row.map((cell) => (isBlankText(cell.text) ? token('blank', '', cell.pos, -1) : classify(cell.text, cell.pos)));
      // A merged cell spanning several value columns prints one value for all of them; keep the columns counted.
      const spread: Token[] = [];
      row.forEach((cell, i) => { spread.push(tokens[i]!); for (let k = 1; k < cell.colSpan && tokens[i]!.kind !== 'text'; k++) spread.push(token('blank', '', cell.pos, -1)); });
      lines.push({ text: row.map((c) => c.text).join('\t'), tokens: spread, pos: row[0]?.pos ?? block.pos, grid: true, key: undefined });
    }
  }
  return lines;
}
