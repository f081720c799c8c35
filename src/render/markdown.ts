// The report as Markdown: `#` title, `##` sections, each table as GitHub pipe tables. Pipe tables have one header
// row and no merges, so merged headers are flattened (法人或其他组织·商业企业), the row labels of a data row are joined
// into its first column, and 表二 becomes one pipe table per sub-table (each has its own header).

import type { ReportData } from '../template/index.js';
import { gridOf, reportOutline } from './layout.js';
import type { GridSlot, OutlineSection, RenderCell, RenderTable } from './layout.js';

const JOIN = '·';

export function renderMarkdown(report: ReportData): string {
  const outline = reportOutline(report);
  const blocks = [
    `# ${inline(outline.title)}`,
    ...outline.sections.map(sectionMarkdown),
    ...(outline.signature.length ? [outline.signature.map(inline).join('  \n')] : []),
  ];
  return blocks.join('\n\n') + '\n';
}

function sectionMarkdown(section: OutlineSection): string {
  return [
    `## ${inline(section.heading)}`,
    ...section.paragraphs.map(inline),
    ...section.tables.flatMap(tableMarkdown),
  ].join('\n\n');
}

/** Text on one Markdown line, with the characters that would start markup escaped. */
function inline(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (ch) => `\\${ch}`).replace(/\s*\n\s*/g, ' ');
}

/** Text inside a pipe-table cell: only the pipe and backslash need escaping there. */
function cellText(text: string): string {
  return text.replace(/[\\|]/g, (ch) => `\\${ch}`).replace(/\s*\n\s*/g, ' ');
}

// ---- tables ------------------------------------------------------------------------------------------------------

/** A run of rows printed as one pipe table: optional caption, header rows, data rows. */
interface Block { caption?: string; header: GridSlot[][]; data: GridSlot[][] }

function tableMarkdown(table: RenderTable): string[] {
  const grid = gridOf(table);
  return blocksOf(table, grid).map((block) => {
    const pipe = pipeTable(table, block);
    return block.caption ? `**${inline(block.caption)}**\n\n${pipe}` : pipe;
  });
}

/** Split at each caption, and at each header row that follows data rows. */
function blocksOf(table: RenderTable, grid: GridSlot[][]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  table.rows.forEach((row, r) => {
    const startsBlock = !current || row.kind === 'caption' || (row.kind === 'header' && current.data.length > 0);
    if (startsBlock) blocks.push((current = { header: [], data: [] }));
    if (row.kind === 'caption') current!.caption = row.cells[0]?.text;
    else current![row.kind === 'header' ? 'header' : 'data'].push(grid[r]!);
  });
  return blocks;
}

function pipeTable(table: RenderTable, block: Block): string {
  const columns = logicalColumns(table, [...block.header, ...block.data]);
  const hasLabels = table.labelColumns > 0;
  const valueColumns = hasLabels ? columns.slice(1) : columns;
  const head = [
    ...(hasLabels ? [distinctTexts(block.header.flatMap((line) => line.slice(0, table.labelColumns)))] : []),
    ...valueColumns.map((start) => headerLabel(table, block.header, start, valueColumns.length)),
  ];
  const body = block.data.map((line) => [
    ...(hasLabels ? [distinctTexts(line.slice(0, table.labelColumns))] : []),
    ...valueColumns.map((start) => line[start]!.cell.text),
  ]);
  return [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.map(cellText).join(' | ')} |`).join('\n');
}

/** First grid column of each Markdown column. Label columns fold into one; grid columns that no cell of the block
 *  starts in belong to the column on their left (a header spanning three grid columns is one Markdown column). */
function logicalColumns(table: RenderTable, lines: GridSlot[][]): number[] {
  const starts = new Set<number>(table.labelColumns > 0 ? [0] : []);
  for (const line of lines) {
    line.forEach((slot, c) => {
      if (c >= table.labelColumns && slot.column === c) starts.add(c);
    });
  }
  return [...starts].sort((a, b) => a - b);
}

/** The labels above a column, top down, joined. A label spanning every value column (申请人情况) tells the columns
 *  nothing apart, so it is left out when there is more than one column. */
function headerLabel(table: RenderTable, header: GridSlot[][], column: number, valueColumnCount: number): string {
  const cells = distinctCells(header.map((line) => line[column]!.cell));
  const spansAllValues = (cell: RenderCell) => cell.colSpan === table.width - table.labelColumns;
  const telling = valueColumnCount > 1 ? cells.filter((c, i) => i === cells.length - 1 || !spansAllValues(c)) : cells;
  return telling.map((c) => c.text).join(JOIN);
}

function distinctCells(cells: RenderCell[]): RenderCell[] {
  return cells.filter((cell, i) => cells.indexOf(cell) === i && cell.text !== '');
}

function distinctTexts(slots: GridSlot[]): string {
  return distinctCells(slots.map((s) => s.cell)).map((c) => c.text).join(JOIN);
}
