// A Doc as lines of tokens. A token is a piece of text, a number (with the unit printed beside it), or a blank:
// a printed "/", "-", "—" or an empty cell of a real table. Text lines split on whitespace; table rows give one
// token per cell, so that a blank keeps its column.

import type { Doc, Position } from '../read/model.js';
import { isBlankText } from '../read/normalize.js';

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
  pos: Position;
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

/** Label text as matched: no whitespace, brackets unified to the full-width ones of the template. */
export const labelKey = (s: string) => (NEEDS_KEYING.test(s) ? s.replace(KEYED, keyChar) : s);
const NEEDS_KEYING = /[\s\u3000()“”"]/;
const KEYED = /[\s\u3000()“”"]/g;
const keyChar = (c: string) => (c === '(' ? '（' : c === ')' ? '）' : '');

/** A line's text as labels are matched, made once. */
export function keyOf(line: Line): string {
  line.key ??= labelKey(line.text);
  return line.key;
}

const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|亿元|万|元|件|个|条|项|次|人次)?$/;
const NULL_MARK = /^(?:[/\\\-–—―─~]+|无)$/;
const UNIT_ONLY = /^(万元|亿元|万|元)$/;
const HAS_SPACE = /[\s\u3000\u00a0]/;

/** Classify one piece of text (a cell or a whitespace-separated word). */
export function classify(text: string, pos: Position): Token {
  const t = HAS_SPACE.test(text) ? text.replace(/[\s\u3000\u00a0]+/g, '') : text;
  if (t === '') return { kind: 'blank', text, pos };
  // Most pieces are words: neither a digit, a sign nor a blank mark can start them.
  const c = t.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 47 || c === 92 || c === 126 || (c >= 0x2013 && c <= 0x2015) || c === 0x2500 || c === 0x65e0)) {
    return { kind: 'text', text: t, pos };
  }
  if (NULL_MARK.test(t)) return { kind: 'blank', text, pos };
  const m = NUMBER.exec(t);
  if (m) {
    const digits = m[2]!.replace(/,/g, '');
    const value = Number(`${m[1] === '-' ? '-' : ''}${digits}${m[3] ? '.' + m[3] : ''}`);
    const tok: Token = { kind: 'num', text, value, pos };
    const unit = m[4];
    if (unit && UNIT_ONLY.test(unit)) tok.unit = unit;
    if (!m[1] && !m[3] && !m[4] && !m[2]!.includes(',')) tok.plain = true;
    return tok;
  }
  return { kind: 'text', text: t, pos };
}

const SPLIT = /[^\s\u3000\u00a0]+/g;

function tokenizeTextLine(text: string, pos: Position): Token[] {
  return tabbedValueRow(text, pos) ?? splitOnWhitespace(text, pos);
}

/**
 * A tab-separated line of values only (no label) is a table row whose empty cells are blanks in position:
 * "\t\t\t\t\t0\t0…" prints 表四 with its five 行政复议 cells empty. Trailing tabs carry no cell.
 */
function tabbedValueRow(text: string, pos: Position): Token[] | null {
  const tab = text.indexOf('\t');
  if (tab < 0 || text.indexOf('\t', tab + 1) < 0 || /[^\s\d.,+\-/\\–—―─~万元亿件个条项次人无]/.test(text)) return null;
  const parts = text.replace(/[\t ]+$/, '').split('\t');
  let column = 1;
  const out: Token[] = [];
  for (const part of parts) {
    const tok = classify(part, { ...pos, column, offset: pos.offset !== undefined ? pos.offset + column - 1 : undefined });
    if (tok.kind === 'text') return null;
    out.push(tok);
    column += part.length + 1;
  }
  // One value after a tab is a cell-per-line layout, not a row.
  return out.filter((t) => t.kind === 'num').length >= 2 ? out : null;
}

/** Position of a piece of a line: plain objects of one shape, since there is one per token. */
function at(pos: Position, column: number, index: number): Position {
  if (pos.page === undefined && pos.path === undefined) return { line: pos.line, column, offset: pos.offset !== undefined ? pos.offset + index : undefined };
  return { ...pos, column, offset: pos.offset !== undefined ? pos.offset + index : undefined };
}

/** The tokens of a line, made once when a table stage first asks. */
export function tokensOf(line: Line): Token[] {
  line.tokens ??= tokenizeLine(line);
  return line.tokens;
}

function tokenizeLine(line: Line): Token[] {
  return (line.grid ? pipeCells(line.text, line.pos) : null) ?? tokenizeTextLine(line.text, line.pos);
}

function splitOnWhitespace(text: string, pos: Position): Token[] {
  const out: Token[] = [];
  SPLIT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPLIT.exec(text))) {
    const column = m.index + 1;
    const piecePos = at(pos, column, m.index);
    const tok = classify(m[0], piecePos);
    const prev = out[out.length - 1];
    // "249 万": a unit standing alone belongs to the number before it.
    if (tok.kind === 'text' && UNIT_ONLY.test(tok.text) && prev?.kind === 'num' && !prev.unit) {
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
    out.push(classify(text.slice(from, to), at(pos, from + 1, from)));
    from = to + 1;
  }
  return out;
}

/** Flatten a Doc into lines of tokens, in reading order. */
export function toLines(doc: Doc): Line[] {
  const lines: Line[] = [];
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') {
      const t = block.text;
      const piped = PIPED.test(t);
      if (piped && MD_RULE.test(t)) continue;
      lines.push({ text: t, pos: block.pos, grid: piped });
      continue;
    }
    for (const row of block.rows) {
      const tokens = row.map((cell) => (isBlankText(cell.text) ? { kind: 'blank' as const, text: '', pos: cell.pos } : classify(cell.text, cell.pos)));
      // A merged cell spanning several value columns prints one value for all of them; keep the columns counted.
      const spread: Token[] = [];
      row.forEach((cell, i) => { spread.push(tokens[i]!); for (let k = 1; k < cell.colSpan && tokens[i]!.kind !== 'text'; k++) spread.push({ kind: 'blank', text: '', pos: cell.pos }); });
      lines.push({ text: row.map((c) => c.text).join('\t'), tokens: spread, pos: row[0]?.pos ?? block.pos, grid: true });
    }
  }
  return lines;
}
