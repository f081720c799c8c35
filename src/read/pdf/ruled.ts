// Tables drawn with rules: the borders give a grid, missing border pieces give merged cells, glyphs fall into cells.

import type { Glyph, Rule } from './content.js';
import { clusterValues, intervalIndex, type Box } from './geometry.js';
import { buildLines, joinLines } from './lines.js';

export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  box: Box;
  text: string;
}

/** A table as found on one page, before a continuation on the next page is joined to it. */
export interface PageTable {
  page: number;
  box: Box;
  /** column boundaries, left to right (one more than the columns) */
  xs: number[];
  /** row boundaries, top to bottom (one more than the rows) */
  ys: number[];
  cells: GridCell[];
}

/** Rules closer than this are one border (double lines, a stroke's two edges, rounding). */
const SAME_BORDER = 2.5;
/** Rules that end this close to another rule touch it. */
const TOUCH = 2;
/** A border piece counts when it covers this share of the cell side. */
const MIN_COVER = 0.6;

/** Finds the ruled tables of a page; returns them and the glyphs outside them. */
export function findRuledTables(rules: readonly Rule[], glyphs: readonly Glyph[], page: number): {
  tables: PageTable[];
  rest: Glyph[];
} {
  const tables: PageTable[] = [];
  for (const group of connectedRules(mergeCollinear(rules))) {
    const grid = buildGrid(group, page);
    if (grid) tables.push(grid);
  }
  if (tables.length === 0) return { tables, rest: [...glyphs] };
  return { tables, rest: fillCells(tables, glyphs) };
}

/** Joins overlapping or touching rules on the same line, so a border drawn in pieces is one rule. */
function mergeCollinear(rules: readonly Rule[]): Rule[] {
  const sorted = [...rules].sort(
    (a, b) => Number(a.horizontal) - Number(b.horizontal) || a.at - b.at || a.from - b.from,
  );
  const out: Rule[] = [];
  for (const r of sorted) {
    const match = findMergeTarget(out, r);
    if (match) {
      match.from = Math.min(match.from, r.from);
      match.to = Math.max(match.to, r.to);
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

function findMergeTarget(merged: Rule[], r: Rule): Rule | undefined {
  for (let i = merged.length - 1; i >= 0; i--) {
    const m = merged[i]!;
    if (m.horizontal !== r.horizontal || r.at - m.at > 1) break;
    if (Math.abs(m.at - r.at) <= 1 && r.from <= m.to + TOUCH && r.to >= m.from - TOUCH) return m;
  }
  return undefined;
}

/** Groups of rules that cross or touch each other: each group is one table candidate. */
function connectedRules(rules: Rule[]): Rule[][] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const horizontals = rules.map((r, i) => [r, i] as const).filter(([r]) => r.horizontal);
  const verticals = rules.map((r, i) => [r, i] as const).filter(([r]) => !r.horizontal);
  for (const [h, hi] of horizontals) {
    for (const [v, vi] of verticals) {
      if (v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH) {
        parent[find(hi)] = find(vi);
      }
    }
  }
  const groups = new Map<number, Rule[]>();
  rules.forEach((r, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(r);
    else groups.set(root, [r]);
  });
  return [...groups.values()];
}

/** The grid of one group of rules, its merged cells found from which border pieces are drawn; null if no table. */
function buildGrid(rules: Rule[], page: number): PageTable | null {
  const horizontal = rules.filter((r) => r.horizontal);
  const vertical = rules.filter((r) => !r.horizontal);
  if (horizontal.length < 2 || vertical.length < 2) return null;
  const xs = dropNarrowGaps(clusterValues(withOpenSides(vertical, horizontal), SAME_BORDER));
  const ys = dropNarrowGaps(clusterValues(withOpenSides(horizontal, vertical), SAME_BORDER));
  const cols = xs.length - 1;
  const rows = ys.length - 1;
  if (cols < 1 || rows < 1 || cols * rows < 2) return null;

  // walls[c][r]: a border at xs[c] beside row r; floors[r][c]: a border at ys[r] above column c
  const walls = xs.map((x) => coverage(vertical, x, ys));
  const floors = ys.map((y) => coverage(horizontal, y, xs));
  const cells = mergeCells(rows, cols, walls, floors).map((c) => ({
    ...c,
    box: [xs[c.col]!, ys[c.row]!, xs[c.col + c.colSpan]!, ys[c.row + c.rowSpan]!] as Box,
    text: '',
  }));
  const table = dropEmptyTracks({ page, box: [xs[0]!, ys[0]!, xs[cols]!, ys[rows]!], xs, ys, cells });
  // one column is a frame or a boxed note, whose text reads as paragraphs
  return table.xs.length > 2 ? table : null;
}

/** A table drawn without an outer border on one side: the crossing rules run on well past the last boundary. */
const OPEN_SIDE = 8;

/** Boundary positions from the rules along one axis, plus the ends of the crossing rules where a side is open. */
function withOpenSides(along: Rule[], crossing: Rule[]): number[] {
  const at = along.map((r) => r.at);
  const first = Math.min(...at), last = Math.max(...at);
  const start = Math.min(...crossing.map((r) => r.from)), end = Math.max(...crossing.map((r) => r.to));
  if (start < first - OPEN_SIDE) at.push(start);
  if (end > last + OPEN_SIDE) at.push(end);
  return at;
}

/** Boundaries closer than a hair are one: a double border must not make a row or column of its own. */
function dropNarrowGaps(edges: number[]): number[] {
  const out: number[] = [];
  for (const e of edges) {
    if (out.length && e - out[out.length - 1]! < 3) out[out.length - 1] = (out[out.length - 1]! + e) / 2;
    else out.push(e);
  }
  return out;
}

/** For the line at `at`, which of the intervals between consecutive `edges` its rules cover. */
function coverage(rules: Rule[], at: number, edges: number[]): boolean[] {
  const pieces = rules.filter((r) => Math.abs(r.at - at) <= SAME_BORDER);
  const out: boolean[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i]!, hi = edges[i + 1]!;
    let covered = 0;
    for (const p of pieces) covered += Math.max(0, Math.min(hi, p.to) - Math.max(lo, p.from));
    out.push(covered >= MIN_COVER * (hi - lo));
  }
  return out;
}

type Span = Pick<GridCell, 'row' | 'col' | 'rowSpan' | 'colSpan'>;

/** Cells as in HTML: each grows right while no wall stops it, then down while no floor stops any of its columns. */
function mergeCells(rows: number, cols: number, walls: boolean[][], floors: boolean[][]): Span[] {
  const taken = Array.from({ length: rows }, () => new Array<boolean>(cols).fill(false));
  const cells: Span[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (taken[r]![c]) continue;
      let colSpan = 1;
      while (c + colSpan < cols && !walls[c + colSpan]![r] && !taken[r]![c + colSpan]) colSpan++;
      let rowSpan = 1;
      const open = (rr: number): boolean => {
        for (let cc = c; cc < c + colSpan; cc++) if (floors[rr]![cc] || taken[rr]![cc]) return false;
        return true;
      };
      while (r + rowSpan < rows && open(r + rowSpan)) rowSpan++;
      for (let rr = r; rr < r + rowSpan; rr++) for (let cc = c; cc < c + colSpan; cc++) taken[rr]![cc] = true;
      cells.push({ row: r, col: c, rowSpan, colSpan });
    }
  }
  return cells;
}

/** Removes rows and columns where no cell starts: a stray border piece made them, and they split no cell. */
function dropEmptyTracks(table: PageTable): PageTable {
  const keepRows = table.ys.slice(0, -1).map((_, r) => table.cells.some((c) => c.row === r));
  const keepCols = table.xs.slice(0, -1).map((_, c) => table.cells.some((cell) => cell.col === c));
  if (keepRows.every(Boolean) && keepCols.every(Boolean)) return table;
  const rowIndex = prefixIndex(keepRows);
  const colIndex = prefixIndex(keepCols);
  const cells = table.cells.map((c) => ({
    ...c,
    row: rowIndex[c.row]!,
    col: colIndex[c.col]!,
    rowSpan: rowIndex[c.row + c.rowSpan]! - rowIndex[c.row]!,
    colSpan: colIndex[c.col + c.colSpan]! - colIndex[c.col]!,
  }));
  const ys = table.ys.filter((_, i) => i === table.ys.length - 1 || keepRows[i]);
  const xs = table.xs.filter((_, i) => i === table.xs.length - 1 || keepCols[i]);
  return { ...table, xs, ys, cells };
}

/** Maps each old track index (and the end) to its new index when only the `keep` tracks remain. */
function prefixIndex(keep: boolean[]): number[] {
  const out = [0];
  for (const k of keep) out.push(out[out.length - 1]! + (k ? 1 : 0));
  return out;
}

/** Puts every glyph whose centre lies in a table into its cell, sets the cell texts, returns the other glyphs. */
function fillCells(tables: PageTable[], glyphs: readonly Glyph[]): Glyph[] {
  const rest: Glyph[] = [];
  const owners = tables.map((t) => cellOwners(t));
  const contents = tables.map((t) => t.cells.map(() => [] as Glyph[]));
  for (const g of glyphs) {
    const x = (g.box[0] + g.box[2]) / 2;
    const y = (g.box[1] + g.box[3]) / 2;
    const t = tables.findIndex(({ box }) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]);
    if (t < 0) {
      rest.push(g);
      continue;
    }
    const table = tables[t]!;
    const owner = owners[t]![intervalIndex(table.ys, y)]![intervalIndex(table.xs, x)]!;
    contents[t]![owner]!.push(g);
  }
  tables.forEach((t, ti) => {
    t.cells.forEach((cell, ci) => {
      cell.text = cellText(contents[ti]![ci]!);
    });
  });
  return rest;
}

/** owners[row][col]: the index of the cell covering that grid position. */
function cellOwners(table: PageTable): number[][] {
  const owners = Array.from({ length: table.ys.length - 1 }, () => new Array<number>(table.xs.length - 1).fill(0));
  table.cells.forEach((c, i) => {
    for (let r = c.row; r < c.row + c.rowSpan; r++) for (let k = c.col; k < c.col + c.colSpan; k++) owners[r]![k] = i;
  });
  return owners;
}

/** A cell's glyphs as one text: its lines in reading order, wrapped CJK joined without spaces. */
export function cellText(glyphs: Glyph[]): string {
  if (glyphs.length === 0) return '';
  return joinLines(buildLines(glyphs, { inCell: true }).map((l) => l.text));
}
