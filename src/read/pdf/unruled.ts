// Tables printed without rules (LibreOffice drops the borders of HTML tables, for one): consecutive lines split into
// chunks by wide gaps; columns where the chunks of the densest rows (the data) lie; rows anchored on lines with data,
// with the lines of a label wrapped around them joined in. A fallback: blanks stay in place for grids like the
// report tables, not for every layout.

import type { Glyph } from './content.js';
import { gapEm, joinLines, type Line, lineOf, splitChunks } from './lines.js';
import type { GridCell, PageTable } from './ruled.js';

/** A gap this wide (in ems) separates two cells of a line. */
const CELL_GAP = 1.0;
/** Inside a chunk that straddles columns, a gap this wide (in ems) where it crosses into the next column splits it:
 * adjacent header cells set close together. A caption centred over several columns has no such gap. */
const COLUMN_SPLIT_GAP = 0.1;
/** Lines further apart than this (in ems of the larger) do not belong to one table. */
const ROW_GAP = 2.2;
/** A table needs this many lines with two cells or more … */
const MIN_ROWS = 3;
/** … and some line with this many cells. */
const MIN_COLUMNS = 3;
/** Wrapped one-cell lines a table may contain between two multi-cell lines. */
const MAX_WRAPPED = 6;
/** A wrapped label line joins a row whose middle is at most this far away (in ems): two lines of a cell. */
const WRAP_REACH = 3.6;
/** Lines of one cell are this close (the gap in ems); a paragraph after a table is set further away. */
const LABEL_LINE_GAP = 1.5;

interface Row {
  line: Line;
  chunks: Line[];
}

/** Finds unruled tables among a page's lines (top to bottom); returns them and the lines outside them. */
export function findUnruledTables(lines: readonly Line[], page: number): { tables: PageTable[]; rest: Line[] } {
  const rows: Row[] = lines.map((line) => ({ line, chunks: line.vertical ? [line] : splitChunks(line, CELL_GAP) }));
  const tables: PageTable[] = [];
  const rest: Line[] = [];
  let i = 0;
  while (i < rows.length) {
    let start = i;
    let end = runEnd(rows, i);
    if (end > start) {
      // the label of the first row may begin, and the last one's end, on lines of their own beside the run
      const columns = columnSpans(rows.slice(start, end));
      while (start > 0 && rest[rest.length - 1] === rows[start - 1]!.line && isLabelLine(rows, start - 1, start, columns)) {
        rest.pop();
        start--;
      }
      while (end < rows.length && isLabelLine(rows, end, end - 1, columns)) end++;
    }
    const table = end > start ? buildTable(rows.slice(start, end), page) : null;
    if (table) {
      tables.push(table);
      i = end;
    } else {
      rest.push(rows[i]!.line);
      i++;
    }
  }
  return { tables, rest };
}

/** Row `i` is a line of a label wrapped within the first column, set as close to row `next` as cell lines are. */
function isLabelLine(rows: Row[], i: number, next: number, columns: Array<[number, number]>): boolean {
  const row = rows[i]!, neighbour = rows[next]!.line;
  const first = columns[0];
  if (row.line.vertical || !first) return false;
  const slack = row.line.size;
  const inFirstColumn = row.line.box[0] >= first[0] - slack && row.line.box[2] <= first[1] + slack;
  const gap = Math.max(row.line.box[1] - neighbour.box[3], neighbour.box[1] - row.line.box[3]);
  return inFirstColumn && gap <= LABEL_LINE_GAP * row.line.size;
}

/** The end (exclusive) of the longest table-like run of rows starting at `start`, or `start` if there is none. */
function runEnd(rows: Row[], start: number): number {
  if (!isMultiCell(rows[start]!)) return start;
  let end = start + 1;
  let lastMulti = start;
  let wrapped = 0;
  for (let i = start + 1; i < rows.length; i++) {
    const prev = rows[i - 1]!.line, row = rows[i]!;
    const gap = row.line.box[1] - prev.box[3];
    if (row.line.vertical || gap > ROW_GAP * Math.max(prev.size, row.line.size)) break;
    if (isMultiCell(row)) {
      lastMulti = i;
      wrapped = 0;
    } else if (++wrapped > MAX_WRAPPED) {
      break;
    }
    end = i + 1;
  }
  end = Math.min(end, lastMulti + 1);
  const multi = rows.slice(start, end).filter(isMultiCell);
  const widest = Math.max(...multi.map((r) => r.chunks.length));
  return multi.length >= MIN_ROWS && widest >= MIN_COLUMNS ? end : start;
}

const isMultiCell = (row: Row): boolean => row.chunks.length >= 2;

function buildTable(rows: Row[], page: number): PageTable | null {
  const columns = columnSpans(rows);
  if (columns.length < 2) return null;
  const left = Math.min(...rows.map((r) => r.line.box[0]));
  const right = Math.max(...rows.map((r) => r.line.box[2]));
  const xs = [left];
  for (let c = 1; c < columns.length; c++) xs.push((columns[c - 1]![1] + columns[c]![0]) / 2);
  xs.push(right);
  const bands = bandRows(rows, xs, columns);
  const top = (band: Row[]): number => band[0]!.line.box[1];
  const bottom = (band: Row[]): number => band[band.length - 1]!.line.box[3];
  const ys = [top(bands[0]!)];
  for (let r = 1; r < bands.length; r++) ys.push((bottom(bands[r - 1]!) + top(bands[r]!)) / 2);
  ys.push(bottom(bands[bands.length - 1]!));
  const cells = bands.flatMap((band, r) => rowCells(band, r, xs, ys, columns));
  return { page, box: [left, ys[0]!, right, ys[ys.length - 1]!], xs, ys, cells };
}

/**
 * The table rows, each a list of lines: a line with cells beyond the first column starts a row, and a line only in
 * the first column (a label wrapped around its row's values, which are set on its middle line) joins the nearest such
 * line above or below it. Lines too far from any are rows of their own.
 */
function bandRows(rows: Row[], xs: number[], columns: Array<[number, number]>): Row[][] {
  const wrapped = rows.map((r) => !r.line.vertical && r.chunks.every((c) => columnsCovered(c, xs, columns)[1] === 0));
  const owner = rows.map((_, i) => i);
  const middle = (i: number): number => (rows[i]!.line.box[1] + rows[i]!.line.box[3]) / 2;
  rows.forEach((row, i) => {
    if (!wrapped[i]) return;
    let above = i - 1, below = i + 1;
    while (above >= 0 && wrapped[above]) above--;
    while (below < rows.length && wrapped[below]) below++;
    const reach = WRAP_REACH * row.line.size;
    const up = above >= 0 ? middle(i) - middle(above) : Infinity;
    const down = below < rows.length ? middle(below) - middle(i) : Infinity;
    if (Math.min(up, down) <= reach) owner[i] = up <= down ? above : below;
  });
  const bands = new Map<number, Row[]>();
  rows.forEach((row, i) => bands.set(owner[i]!, [...(bands.get(owner[i]!) ?? []), row]));
  return [...bands.values()]
    .map((band) => band.sort((a, b) => a.line.box[1] - b.line.box[1]))
    .sort((a, b) => a[0]!.line.box[1] - b[0]!.line.box[1]);
}

/**
 * The columns, as x-intervals of data: where the cells of the rows with the most cells (data rows, usually) lie.
 * Rows one cell short (values whose label wrapped onto other lines) widen a column they overlap, but never bridge two
 * nor make one of their own. Header and caption rows, with fewer cells, are left out: they are wider than the data.
 */
function columnSpans(rows: Row[]): Array<[number, number]> {
  const most = Math.max(...rows.map((r) => r.chunks.length));
  const columns = mergeSpans(rows.filter((r) => r.chunks.length === most).flatMap((r) => r.chunks.map(span)));
  for (const row of rows) {
    if (row.chunks.length !== most - 1 || most < 3) continue;
    for (const chunk of row.chunks) {
      const [lo, hi] = span(chunk);
      const touched = columns.filter(([a, b]) => Math.min(b, hi) > Math.max(a, lo));
      if (touched.length !== 1) continue;
      touched[0]![0] = Math.min(touched[0]![0], lo);
      touched[0]![1] = Math.max(touched[0]![1], hi);
    }
  }
  return mergeSpans(columns);
}

const span = (chunk: Line): [number, number] => [chunk.box[0], chunk.box[2]];

/** Overlapping intervals merged, sorted by start. */
function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const s of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** One grid row from its lines: each chunk in the columns it covers (pieces of one cell joined top to bottom), ''
 * in every column nothing covers. */
function rowCells(band: Row[], r: number, xs: number[], ys: number[], columns: Array<[number, number]>): GridCell[] {
  let placed: Array<{ col: number; end: number; text: string }> = [];
  for (const chunk of band.flatMap((row) => row.chunks.flatMap((c) => splitAtColumns(c, columns)))) {
    const [first, last] = columnsCovered(chunk, xs, columns);
    const overlapping = placed.filter((p) => p.col <= last && p.end >= first);
    placed = placed.filter((p) => !overlapping.includes(p));
    placed.push({
      col: Math.min(first, ...overlapping.map((p) => p.col)),
      end: Math.max(last, ...overlapping.map((p) => p.end)),
      text: joinLines([...overlapping.map((p) => p.text), chunk.text]),
    });
  }
  placed.sort((a, b) => a.col - b.col);
  const cells: GridCell[] = [];
  const add = (col: number, colSpan: number, text: string): void => {
    cells.push({ row: r, col, rowSpan: 1, colSpan, box: [xs[col]!, ys[r]!, xs[col + colSpan]!, ys[r + 1]!], text });
  };
  let c = 0;
  for (const p of placed) {
    for (; c < p.col; c++) add(c, 1, '');
    add(p.col, p.end - p.col + 1, p.text);
    c = p.end + 1;
  }
  for (; c < xs.length - 1; c++) add(c, 1, '');
  return cells;
}

/**
 * A chunk over the data of several columns (header cells set close together) cut between them, at the widest glyph
 * gap, if that gap is visible. A chunk over one column's data, or over none, is left whole.
 */
function splitAtColumns(chunk: Line, columns: Array<[number, number]>): Line[] {
  if (chunk.vertical) return [chunk];
  const glyphs = chunk.glyphs;
  const dataColumn = (g: Glyph): number => columns.findIndex(([lo, hi]) => Math.min(hi, g.box[2]) > Math.max(lo, g.box[0]));
  const cuts: number[] = [];
  let lastColumn = -1, lastIndex = -1;
  glyphs.forEach((g, i) => {
    const column = g.space ? -1 : dataColumn(g);
    if (column < 0) return;
    if (lastColumn >= 0 && column !== lastColumn) {
      const cut = widestGap(glyphs, lastIndex, i);
      if (cut > 0) cuts.push(cut);
    }
    lastColumn = column;
    lastIndex = i;
  });
  const parts: Line[] = [];
  let start = 0;
  for (const cut of [...cuts, glyphs.length]) {
    if (glyphs.slice(start, cut).some((g) => !g.space)) parts.push(lineOf(glyphs.slice(start, cut)));
    start = cut;
  }
  return parts;
}

/** Index of the glyph after the widest visible gap between glyphs `from` and `to`, or -1 if none is visible. */
function widestGap(glyphs: Glyph[], from: number, to: number): number {
  let best = -1, widest = COLUMN_SPLIT_GAP;
  let prev = glyphs[from]!;
  for (let i = from + 1; i <= to; i++) {
    const g = glyphs[i]!;
    if (g.space) continue;
    const gap = gapEm(prev, g);
    if (gap >= widest) {
      widest = gap;
      best = i;
    }
    prev = g;
  }
  return best;
}

/** The columns whose data (`columns`) the chunk overlaps; a header wider than its column's data still overlaps only
 * that column's data. A chunk over no data goes to the column under its centre. */
function columnsCovered(chunk: Line, xs: number[], columns: Array<[number, number]>): [number, number] {
  const covered: number[] = [];
  columns.forEach(([lo, hi], c) => {
    if (Math.min(hi, chunk.box[2]) > Math.max(lo, chunk.box[0])) covered.push(c);
  });
  if (covered.length === 0) {
    const c = columnOf(xs, (chunk.box[0] + chunk.box[2]) / 2);
    return [c, c];
  }
  return [covered[0]!, covered[covered.length - 1]!];
}

/** The column whose interval holds x (the outer columns take everything beyond the edges). */
function columnOf(xs: number[], x: number): number {
  let c = 0;
  while (c < xs.length - 2 && x >= xs[c + 1]!) c++;
  return c;
}
