// Visual lines from glyphs, and their text with a space only where the page shows a gap.

import type { Glyph } from './content.js';
import { unionBox, type Box } from './geometry.js';

export interface Line {
  text: string;
  box: Box;
  /** the largest em size in the line */
  size: number;
  vertical: boolean;
  /** the line's glyphs in reading order, whitespace included */
  glyphs: Glyph[];
}

/** Glyphs whose baselines differ by less than this share a line (in ems of the smaller glyph). */
const SAME_LINE = 0.45;
/** A gap wider than this (in ems) is a word space between characters that are not both CJK. Word spaces are
 * 0.25 em or more, and so is the gap WPS and Word open between Chinese and Latin or digits. */
const WORD_GAP = 0.18;
/** CJK text is set without spaces, and justified or letter-spaced lines open gaps; only a wide one is a space. */
const CJK_GAP = 1.0;
/** Where the PDF itself put a space glyph, a smaller visible gap is enough. */
const SPACE_GLYPH_GAP = 0.15;
/** Vertical runs further apart than this (in ems) along the column are separate lines. */
const VERTICAL_BREAK = 1.5;

export interface LineOptions {
  /** in a table cell, CJK characters are never separated by a space (letter-spaced and stray-spaced labels) */
  inCell?: boolean;
}

/** Groups glyphs into visual lines: horizontal ones top to bottom, then vertical columns. */
export function buildLines(glyphs: readonly Glyph[], options: LineOptions = {}): Line[] {
  const inCell = options.inCell === true;
  const horizontal: Glyph[] = [];
  const vertical: Glyph[] = [];
  for (const g of glyphs) (g.vertical ? vertical : horizontal).push(g);
  const lines = groupHorizontal(horizontal).map((gs) => makeLine(gs, false, inCell));
  for (const run of groupVertical(vertical)) lines.push(makeLine(run, true, inCell));
  return lines.filter((l) => l.text !== '');
}

function groupHorizontal(glyphs: Glyph[]): Glyph[][] {
  const sorted = [...glyphs].sort((a, b) => a.cross - b.cross);
  const groups: Glyph[][] = [];
  let group: Glyph[] = [];
  let crossSum = 0, minSize = Infinity;
  for (const g of sorted) {
    const cross = group.length ? crossSum / group.length : g.cross;
    if (group.length && Math.abs(g.cross - cross) > SAME_LINE * Math.min(minSize, g.size)) {
      groups.push(group);
      group = [];
      crossSum = 0;
      minSize = Infinity;
    }
    group.push(g);
    crossSum += g.cross;
    minSize = Math.min(minSize, g.size);
  }
  if (group.length) groups.push(group);
  for (const gs of groups) gs.sort((a, b) => a.box[0] - b.box[0]);
  return groups;
}

/** Vertical glyphs: columns by centre x, each cut where the column has a long gap. */
function groupVertical(glyphs: Glyph[]): Glyph[][] {
  const byColumn = [...glyphs].sort((a, b) => a.cross - b.cross);
  const columns: Glyph[][] = [];
  for (const g of byColumn) {
    const column = columns[columns.length - 1];
    const first = column?.[0];
    if (column && first && Math.abs(g.cross - first.cross) <= SAME_LINE * Math.min(first.size, g.size)) column.push(g);
    else columns.push([g]);
  }
  const runs: Glyph[][] = [];
  for (const column of columns) {
    // text turned to read upwards is read from the bottom
    const upward = column.filter((g) => g.upward).length * 2 > column.length;
    column.sort((a, b) => (upward ? b.box[3] - a.box[3] : a.box[1] - b.box[1]));
    let run: Glyph[] = [];
    for (const g of column) {
      const prev = run[run.length - 1];
      if (prev && gapBetween(prev, g, true) > VERTICAL_BREAK * Math.max(prev.size, g.size)) {
        runs.push(run);
        run = [];
      }
      run.push(g);
    }
    if (run.length) runs.push(run);
  }
  // Chinese vertical columns are read right to left.
  return runs.sort((a, b) => b[0]!.cross - a[0]!.cross);
}

function makeLine(glyphs: Glyph[], vertical: boolean, inCell = false): Line {
  const visible = glyphs.filter((g) => !g.space);
  return {
    text: joinGlyphs(glyphs, vertical, inCell),
    box: unionBox((visible.length ? visible : glyphs).map((g) => g.box)),
    size: Math.max(...glyphs.map((g) => g.size)),
    vertical,
    glyphs,
  };
}

/** The text of glyphs in reading order, with a space where there is a visible gap; doubled glyphs (fake bold) once. */
export function joinGlyphs(glyphs: readonly Glyph[], vertical: boolean, inCell = false): string {
  let out = '';
  let prev: Glyph | undefined;
  let sawSpace = false;
  for (const g of glyphs) {
    if (g.space) {
      sawSpace = true;
      continue;
    }
    if (prev) {
      if (isOverprint(prev, g)) continue;
      if (isWordGap(gapEm(prev, g, vertical), bothCjk(out, g.text), sawSpace, inCell)) out += ' ';
    }
    out += g.text;
    prev = g;
    sawSpace = false;
  }
  return out;
}

/** The empty space between two glyphs along the line, whichever way the line runs (negative if they overlap). */
function gapBetween(a: Glyph, b: Glyph, vertical: boolean): number {
  const [start, end] = vertical ? [1, 3] : [0, 2];
  return Math.max(b.box[start]! - a.box[end]!, a.box[start]! - b.box[end]!);
}

function isWordGap(gapEm: number, cjkPair: boolean, sawSpace: boolean, inCell: boolean): boolean {
  if (cjkPair) return !inCell && gapEm > (sawSpace ? SPACE_GLYPH_GAP : CJK_GAP);
  return gapEm > (sawSpace ? SPACE_GLYPH_GAP : WORD_GAP);
}

/** The same character drawn again almost on top of the last one (a bold effect), not a doubled letter. */
function isOverprint(a: Glyph, b: Glyph): boolean {
  if (a.text !== b.text) return false;
  const slack = Math.min(0.1 * Math.min(a.size, b.size), 0.3 * (a.box[2] - a.box[0]));
  return Math.abs(a.box[0] - b.box[0]) < slack && Math.abs(a.box[1] - b.box[1]) < slack;
}

// Han ideographs, CJK punctuation, full-width forms and the curly quotes Chinese text uses.
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026]|[\ud840-\ud87f][\udc00-\udfff]/u;

export const isCjkChar = (ch: string): boolean => CJK.test(ch);

function bothCjk(before: string, next: string): boolean {
  const last = before.slice(-1);
  return last !== '' && isCjkChar(last) && isCjkChar(next.charAt(0));
}

/** Lines of one cell as a single text: wrapped CJK is joined directly, other words with a space. */
export function joinLines(texts: readonly string[]): string {
  let out = '';
  for (const t of texts) {
    const text = t.trim();
    if (!text) continue;
    if (out && !(isCjkChar(out.slice(-1)) && isCjkChar(text.charAt(0)))) out += ' ';
    out += text;
  }
  return out;
}

/** A horizontal line made of the given glyphs (in reading order). */
export const lineOf = (glyphs: Glyph[]): Line => makeLine(glyphs, false);

/** The empty space between two glyphs along the line, in ems. */
export const gapEm = (a: Glyph, b: Glyph, vertical = false): number =>
  gapBetween(a, b, vertical) / ((a.size + b.size) / 2);

/** Chunks of a horizontal line split where the gap is wider than `minGap` ems: the cells of an unruled table. */
export function splitChunks(line: Line, minGap: number): Line[] {
  const chunks: Glyph[][] = [];
  let chunk: Glyph[] = [];
  let lastEnd = -Infinity;
  for (const g of line.glyphs) {
    if (g.space) {
      if (chunk.length) chunk.push(g);
      continue;
    }
    if (chunk.length && g.box[0] - lastEnd > minGap * g.size) {
      chunks.push(chunk);
      chunk = [];
    }
    chunk.push(g);
    lastEnd = g.box[2];
  }
  if (chunk.length) chunks.push(chunk);
  return chunks.map((gs) => makeLine(trimSpaces(gs), false));
}

function trimSpaces(glyphs: Glyph[]): Glyph[] {
  let end = glyphs.length;
  while (end > 0 && glyphs[end - 1]!.space) end--;
  return glyphs.slice(0, end);
}
