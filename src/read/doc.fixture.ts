// Helpers of the readers' tests: looking into a Doc, laying out a table's grid, and catching an XxgkError.
import { XxgkError } from '../errors.js';
import type { Doc, Paragraph, Table } from './model.js';

export const tables = (doc: Doc): Table[] => doc.blocks.filter((b): b is Table => b.type === 'table');
export const paragraphs = (doc: Doc): Paragraph[] => doc.blocks.filter((b): b is Paragraph => b.type === 'paragraph');

export const tableWith = (doc: Doc, marker: string): Table => {
  const t = tables(doc).find((table) => table.rows.some((r) => r.some((c) => c.text.includes(marker))));
  if (!t) throw new Error(`no table with ${marker}`);
  return t;
};

/** Places cells on a grid by their spans, as a browser lays out a table; spanned positions repeat the text. */
export function toGrid(table: Table): string[][] {
  const grid: string[][] = [];
  table.rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== undefined) c++;
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        for (let dc = 0; dc < cell.colSpan; dc++) (grid[r + dr] ??= [])[c + dc] = cell.text;
      }
      c += cell.colSpan;
    }
  });
  return grid;
}

/** The XxgkError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<XxgkError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof XxgkError) return e;
    throw new Error(`not an XxgkError: ${String(e)}`);
  }
  throw new Error('did not throw');
}
