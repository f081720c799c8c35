// From page layouts to the document model: drop page numbers and running heads and footers, join tables that go on
// over a page break, and give every block and cell its position.

import { isBlankText } from '../normalize.js';
import type { Block, Paragraph, Table, TableCell } from '../model.js';
import { clusterValues, nearestIndex, roundBox, type Box } from './geometry.js';
import { joinLines } from './lines.js';
import type { PageBlock, PageLayout } from './page.js';
import type { PageTable } from './ruled.js';

/** Page numbers and running heads live in this share of the page height at the top and at the bottom. */
const MARGIN_ZONE = 0.12;
/** A running head sits at the same height on every page it is on, within this many units. */
const SAME_HEIGHT = 4;
/** A table continued on the next page has the same left and right edges, within this many units. */
const SAME_EDGE = 4;
/** Column boundaries of two parts of one table match within this many units. */
const SAME_COLUMN = 3;

const PAGE_NUMBER = [
  /^[-－—–~～·•\s]*\d{1,4}[-－—–~～·•\s]*$/,
  /^第\s*\d{1,4}\s*页\s*([,，/／]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,，/／]?\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/,
  /^page\s*\d{1,4}(\s*of\s*\d{1,4})?$/i,
];

/** A label that starts a new row group (（五）…, 五、…, 5. …) rather than continuing a label cut by a page break. */
const NEW_LABEL = /^\s*([（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+\s*[.、．])/;

export function assembleBlocks(pages: PageLayout[]): Block[] {
  const cleaned = dropPageFurniture(pages);
  const heights = new Map(cleaned.map((p) => [p.page, p.height]));
  const out: Block[] = [];
  // the parts of the table being read; any block after a part ends it, so an open chain ends its last page
  let chain: PageTable[] = [];
  const flush = (): void => {
    if (chain.length) out.push(toTable(chain));
    chain = [];
  };
  for (const page of cleaned) {
    page.blocks.forEach((block, i) => {
      if (block.kind === 'line') {
        flush();
        out.push(toParagraph(block, page.page));
        return;
      }
      const last = chain[chain.length - 1];
      const goesOn = last && i === 0 && continues(last, heights.get(last.page) ?? 0, block.table, page.height);
      if (!goesOn) flush();
      chain.push(block.table);
    });
  }
  flush();
  return out;
}

function toParagraph(block: PageBlock & { kind: 'line' }, page: number): Paragraph {
  return { type: 'paragraph', text: block.line.text, pos: { page, box: roundBox(block.line.box) } };
}

// ---------------------------------------------------------------------------------------------------------------
// Page numbers, running heads and footers

/** The layouts without page numbers, and without lines repeated at the same place in the margins of many pages. */
function dropPageFurniture(pages: PageLayout[]): PageLayout[] {
  const repeated = repeatedMarginLines(pages);
  return pages.map((page) => ({
    ...page,
    blocks: page.blocks.filter((b) => {
      if (b.kind !== 'line' || !inMargin(b.line.box, page.height)) return true;
      return !repeated.has(b) && !PAGE_NUMBER.some((re) => re.test(b.line.text.trim()));
    }),
  }));
}

const inMargin = (box: Box, height: number): boolean =>
  box[3] <= MARGIN_ZONE * height || box[1] >= (1 - MARGIN_ZONE) * height;

/** Margin lines whose text (digits aside) recurs at the same height on at least half the pages (two at least). */
function repeatedMarginLines(pages: PageLayout[]): Set<PageBlock> {
  const out = new Set<PageBlock>();
  if (pages.length < 2) return out;
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  const byKey = new Map<string, Array<{ block: PageBlock; page: number; y: number }>>();
  for (const page of pages) {
    for (const block of page.blocks) {
      if (block.kind !== 'line' || !inMargin(block.line.box, page.height)) continue;
      const key = block.line.text.replace(/\d+/g, '#').replace(/\s+/g, '');
      const list = byKey.get(key) ?? [];
      list.push({ block, page: page.page, y: block.line.box[1] });
      byKey.set(key, list);
    }
  }
  for (const list of byKey.values()) {
    for (const { y } of list) {
      const same = list.filter((o) => Math.abs(o.y - y) <= SAME_HEIGHT);
      if (new Set(same.map((o) => o.page)).size >= needed) for (const o of same) out.add(o.block);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables over page breaks

/** `next`, first block of its page, continues `prev`, last block of the page before, down to its bottom part. */
function continues(prev: PageTable, prevHeight: number, next: PageTable, nextHeight: number): boolean {
  if (next.page !== prev.page + 1) return false;
  const sameEdges = Math.abs(prev.box[0] - next.box[0]) <= SAME_EDGE && Math.abs(prev.box[2] - next.box[2]) <= SAME_EDGE;
  const nearBreak = prev.box[3] >= 0.6 * prevHeight && next.box[1] <= 0.4 * nextHeight;
  return sameEdges && nearBreak && columnsAgree(prev.xs, next.xs);
}

/** Most inner column boundaries of the sparser part are also boundaries of the other part. */
function columnsAgree(a: number[], b: number[]): boolean {
  const [fewer, more] = a.length <= b.length ? [a, b] : [b, a];
  const inner = fewer.slice(1, -1);
  if (inner.length === 0) return true;
  const shared = inner.filter((x) => more.some((y) => Math.abs(x - y) <= SAME_COLUMN)).length;
  return shared >= inner.length / 2;
}

interface Placed {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
  page: number;
  box: Box;
}

/** One model table from its parts on consecutive pages, on the union of their column boundaries. */
function toTable(parts: PageTable[]): Table {
  const xs = clusterValues(parts.flatMap((p) => p.xs), SAME_COLUMN);
  let cells: Placed[] = [];
  let offset = 0;
  for (const part of parts) {
    const placed = part.cells.map((c) => {
      const col = nearestIndex(xs, c.box[0]);
      const colSpan = Math.max(1, nearestIndex(xs, c.box[2]) - col);
      return { row: c.row + offset, col, rowSpan: c.rowSpan, colSpan, text: c.text, page: part.page, box: c.box };
    });
    let rows = part.ys.length - 1;
    if (offset > 0 && stitchRows(cells, placed, offset)) rows--;
    cells = cells.concat(placed.filter((c) => c.rowSpan > 0));
    offset += rows;
  }
  return {
    type: 'table',
    rows: toRows(cells),
    pos: { page: parts[0]!.page, box: roundBox(parts[0]!.box) },
  };
}

/**
 * Joins the first row of a continued part (`next`, starting at `row`) to what the page break cut above it. A row
 * split in two (each column printed on one side only) becomes one row again: returns true, `next` shifted up.
 * Otherwise a merged cell cut by the break (a label over several rows) is joined with its continuation. Cells
 * absorbed into one above get rowSpan 0.
 */
function stitchRows(above: Placed[], next: Placed[], row: number): boolean {
  const upper = above.filter((c) => c.row + c.rowSpan === row);
  const lower = next.filter((c) => c.row === row);
  const key = (c: Placed): string => `${c.col}:${c.colSpan}`;
  const upperByKey = new Map(upper.map((c) => [key(c), c]));
  const pairs = lower.map((c) => [upperByKey.get(key(c)), c] as const);

  if (isSplitRow(upper, lower, pairs)) {
    for (const [u, l] of pairs) {
      u!.text = joinLines([u!.text, l.text]);
      u!.rowSpan += l.rowSpan - 1;
      l.rowSpan = 0;
    }
    for (const c of next) if (c.rowSpan > 0) c.row -= 1;
    return true;
  }
  for (const [u, l] of pairs) {
    if (!u || (u.rowSpan === 1 && l.rowSpan === 1)) continue;
    if (!isBlankText(u.text) && !isBlankText(l.text) && NEW_LABEL.test(l.text)) continue;
    u.text = joinLines([u.text, l.text]);
    u.rowSpan += l.rowSpan;
    l.rowSpan = 0;
  }
  return false;
}

/** The two rows at the break have the same cells, and no column has text on both sides: one row cut in two. */
function isSplitRow(
  upper: Placed[],
  lower: Placed[],
  pairs: ReadonlyArray<readonly [Placed | undefined, Placed]>,
): boolean {
  if (upper.length !== lower.length || pairs.some(([u]) => !u)) return false;
  const filled = (cs: Placed[]): boolean => cs.some((c) => !isBlankText(c.text));
  if (!filled(upper) || !filled(lower)) return false;
  const firstText = lower.find((c) => !isBlankText(c.text))?.text ?? '';
  if (NEW_LABEL.test(firstText)) return false;
  return pairs.every(([u, l]) => isBlankText(u!.text) || isBlankText(l.text));
}

/** Cells grouped by the row they start in; rows no cell starts in are removed (spans over them shortened). */
function toRows(cells: Placed[]): TableCell[][] {
  const lastRow = Math.max(0, ...cells.map((c) => c.row + c.rowSpan));
  const starts = new Array<boolean>(lastRow).fill(false);
  for (const c of cells) starts[c.row] = true;
  const newIndex: number[] = [0];
  for (let r = 0; r < lastRow; r++) newIndex.push(newIndex[r]! + (starts[r] ? 1 : 0));
  const rows: TableCell[][] = Array.from({ length: newIndex[lastRow]! }, () => []);
  for (const c of [...cells].sort((a, b) => a.row - b.row || a.col - b.col)) {
    rows[newIndex[c.row]!]!.push({
      text: c.text,
      rowSpan: newIndex[c.row + c.rowSpan]! - newIndex[c.row]!,
      colSpan: c.colSpan,
      pos: { page: c.page, box: roundBox(c.box) },
    });
  }
  return rows;
}
