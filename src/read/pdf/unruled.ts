// Tables printed without rules: consecutive lines split into chunks by wide gaps, with columns where the chunks of
// the densest rows line up. A fallback: it keeps blanks in place for simple grids, not for every layout.

import { type Line, splitChunks } from './lines.js';
import type { GridCell, PageTable } from './ruled.js';

/** A gap this wide (in ems) separates two cells of a line. */
const CELL_GAP = 1.5;
/** Lines further apart than this (in ems of the larger) do not belong to one table. */
const ROW_GAP = 2.2;
/** A table needs this many lines with two cells or more … */
const MIN_ROWS = 3;
/** … and some line with this many cells. */
const MIN_COLUMNS = 3;
/** Wrapped one-cell lines a table may contain between two multi-cell lines. */
const MAX_WRAPPED = 2;

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
    const end = runEnd(rows, i);
    const table = end > i ? buildTable(rows.slice(i, end), page) : null;
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
  const columns = columnSpans(rows.filter(isMultiCell));
  if (columns.length < 2) return null;
  const left = Math.min(...rows.map((r) => r.line.box[0]));
  const right = Math.max(...rows.map((r) => r.line.box[2]));
  const xs = [left];
  for (let c = 1; c < columns.length; c++) xs.push((columns[c - 1]![1] + columns[c]![0]) / 2);
  xs.push(right);
  const ys = [rows[0]!.line.box[1]];
  for (let r = 1; r < rows.length; r++) ys.push((rows[r - 1]!.line.box[3] + rows[r]!.line.box[1]) / 2);
  ys.push(rows[rows.length - 1]!.line.box[3]);
  const cells = rows.flatMap((row, r) => rowCells(row, r, xs, ys));
  return { page, box: [left, ys[0]!, right, ys[ys.length - 1]!], xs, ys, cells };
}

/** x-intervals covered by cells of the multi-cell rows: the columns; the uncovered gaps between them separate them. */
function columnSpans(rows: Row[]): Array<[number, number]> {
  const spans = rows.flatMap((r) => r.chunks.map((c) => [c.box[0], c.box[2]] as [number, number]));
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  return merged;
}

/** One grid row: each chunk in the columns it covers, '' in every column nothing covers. */
function rowCells(row: Row, r: number, xs: number[], ys: number[]): GridCell[] {
  const placed: Array<{ col: number; colSpan: number; text: string }> = [];
  for (const chunk of row.chunks) {
    const first = columnOf(xs, chunk.box[0]);
    const last = Math.max(first, columnOf(xs, chunk.box[2]));
    const prev = placed[placed.length - 1];
    if (prev && first < prev.col + prev.colSpan) {
      prev.text += ` ${chunk.text}`;
      prev.colSpan = Math.max(prev.colSpan, last - prev.col + 1);
    } else {
      placed.push({ col: first, colSpan: last - first + 1, text: chunk.text });
    }
  }
  const cells: GridCell[] = [];
  const add = (col: number, colSpan: number, text: string): void => {
    cells.push({ row: r, col, rowSpan: 1, colSpan, box: [xs[col]!, ys[r]!, xs[col + colSpan]!, ys[r + 1]!], text });
  };
  let c = 0;
  for (const p of placed) {
    for (; c < p.col; c++) add(c, 1, '');
    add(p.col, p.colSpan, p.text);
    c = p.col + p.colSpan;
  }
  for (; c < xs.length - 1; c++) add(c, 1, '');
  return cells;
}

/** The column whose interval holds x (the outer columns take everything beyond the edges). */
function columnOf(xs: number[], x: number): number {
  let c = 0;
  while (c < xs.length - 2 && x >= xs[c + 1]!) c++;
  return c;
}
