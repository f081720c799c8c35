// One page's blocks in reading order: ruled tables, unruled tables, and the remaining text as visual lines.

import type { PageContent } from './content.js';
import { buildLines, type Line } from './lines.js';
import { findRuledTables, type PageTable } from './ruled.js';
import { findUnruledTables } from './unruled.js';
import type { Box } from './geometry.js';

export type PageBlock = { kind: 'line'; line: Line } | { kind: 'table'; table: PageTable };

export interface PageLayout {
  page: number;
  width: number;
  height: number;
  blocks: PageBlock[];
}

export function layoutPage(content: PageContent, page: number): PageLayout {
  const ruled = findRuledTables(content.rules, content.glyphs, page);
  const unruled = findUnruledTables(buildLines(ruled.rest), page);
  const blocks: PageBlock[] = [
    ...ruled.tables.map((table) => ({ kind: 'table' as const, table })),
    ...unruled.tables.map((table) => ({ kind: 'table' as const, table })),
    ...unruled.rest.map((line) => ({ kind: 'line' as const, line })),
  ];
  blocks.sort(readingOrder);
  return { page, width: content.width, height: content.height, blocks };
}

export const blockBox = (b: PageBlock): Box => (b.kind === 'line' ? b.line.box : b.table.box);

/** Top to bottom; blocks side by side (their vertical extents overlap by half) left to right. */
function readingOrder(a: PageBlock, b: PageBlock): number {
  const ba = blockBox(a), bb = blockBox(b);
  const overlap = Math.min(ba[3], bb[3]) - Math.max(ba[1], bb[1]);
  const shorter = Math.min(ba[3] - ba[1], bb[3] - bb[1]);
  if (overlap > 0.5 * shorter) return ba[0] - bb[0];
  return ba[1] - bb[1];
}
