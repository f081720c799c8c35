// The official layout of the report, shared by every writer (HTML, Word, Markdown): the title, the six sections
// and the three tables as grids of cells with their merges, exactly as the official templates print them.
// Labels, rows and columns come from the template data (src/template); what is decided here is only the layout:
// where a label sits, what it spans, and the few header words the template data does not carry.

import { getFormat, getCell, requestRows, SECTIONS } from '../template/index.js';
import type {
  ActiveSubtableDef, AppealGroupDef, Cell, CellKind, FormatDef, ReportData, RequestRowDef, SectionKey, TableId,
} from '../template/index.js';

export interface RenderCell {
  text: string;
  rowSpan: number;
  colSpan: number;
  /** a label (caption, column header or row label), not a value */
  header: boolean;
  /** the cell path of a value cell, e.g. requests.newReceived.total */
  path?: string;
}

/** caption: a sub-table's title (表二 第二十条第（X）项); header: column labels; data: a row label and its values */
export type RowKind = 'caption' | 'header' | 'data';

export interface RenderRow {
  kind: RowKind;
  /** only the cells that start in this row; cells merged from above are not repeated */
  cells: RenderCell[];
}

export interface RenderTable {
  table: TableId;
  /** the section the table is printed in, after its text */
  section: SectionKey;
  /** number of grid columns */
  width: number;
  /** leading grid columns that hold row labels (0 when the table has none) */
  labelColumns: number;
  /** relative widths of the grid columns, after the official template */
  columnWeights: number[];
  rows: RenderRow[];
}

// Header words the official template prints but the template data does not carry (the same in both formats).
const ACTIVE_ROW_HEADER = '信息内容';
const REQUESTS_APPLICANTS = '申请人情况';
const REQUESTS_ORGANISATIONS = '法人或其他组织';
const REQUESTS_RESULTS = '三、本年度办理结果';
/** label of a subtotal row (e.g. （三）不予公开 printed with values) beside the merged group label */
const SUBTOTAL_LABEL = '小计';
const DOCUMENT_NAME = '政府信息公开工作年度报告';

const SECTION_OF_TABLE: Record<TableId, SectionKey> = {
  active: 'activeDisclosure',
  requests: 'requests',
  appeals: 'appeals',
};

/** The three tables of the report in printed order: 表二, 表三, 表四. */
export function officialTables(report: ReportData): RenderTable[] {
  const format = getFormat(report.format);
  return [activeTable(report, format), requestsTable(report, format), appealsTable(report, format)];
}

// ---- cells -------------------------------------------------------------------------------------------------------

const label = (text: string, colSpan = 1, rowSpan = 1): RenderCell => ({ text, rowSpan, colSpan, header: true });

const value = (report: ReportData, path: string, colSpan = 1, unit = ''): RenderCell => {
  const text = formatValue(getCell(report, path));
  return { text: text && text + unit, rowSpan: 1, colSpan, header: false, path };
};

/** A value as printed: blank for null, decimals kept, no sign for positives, never "-0". */
export function formatValue(v: Cell | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  return Object.is(v, -0) ? '0' : String(v);
}

// ---- 表二 ----------------------------------------------------------------------------------------------------------

/** 表二: one table of sub-tables, each a caption row, a header row and its data rows; a sub-table with fewer
 *  columns than the widest lets its last column span the rest (as the official templates print them). */
function activeTable(report: ReportData, format: FormatDef): RenderTable {
  const dataColumns = Math.max(...format.active.map((s) => s.columns.length));
  const width = 1 + dataColumns;
  const rows = format.active.flatMap((sub) => activeSubtableRows(report, sub, dataColumns));
  return {
    table: 'active', section: SECTION_OF_TABLE.active, width, labelColumns: 1,
    columnWeights: Array<number>(width).fill(1), rows,
  };
}

function activeSubtableRows(report: ReportData, sub: ActiveSubtableDef, dataColumns: number): RenderRow[] {
  const spanOf = (i: number) => (i === sub.columns.length - 1 ? dataColumns - i : 1);
  const caption: RenderRow = { kind: 'caption', cells: [label(sub.caption, 1 + dataColumns)] };
  const header: RenderRow = {
    kind: 'header',
    cells: [label(ACTIVE_ROW_HEADER), ...sub.columns.map((c, i) => label(c.label, spanOf(i)))],
  };
  const data = sub.rows.map((row): RenderRow => ({
    kind: 'data',
    cells: [
      label(row.label),
      ...sub.columns.map((c, i) =>
        value(report, `active.${row.key}.${c.key}`, spanOf(i), unitSuffix(report, sub, row.key, c.key, c.kind))),
    ],
  }));
  return [caption, header, ...data];
}

/** A money cell whose unit differs from the one the template prints (or prints none) carries its unit. */
function unitSuffix(report: ReportData, sub: ActiveSubtableDef, rowKey: string, columnKey: string, kind: CellKind): string {
  if (kind !== 'amount' || sub.amountUnit?.cell !== columnKey) return '';
  const unit = report.active[rowKey]?.['amountUnit'];
  return typeof unit === 'string' && unit !== sub.amountUnit.printed ? unit : '';
}

// ---- 表三 ----------------------------------------------------------------------------------------------------------

/** Columns of row labels in 表三: 三、本年度办理结果 · the group （三）… · the item 1.… */
const REQUEST_LABEL_COLUMNS = 3;

/** 表三: a three-row header (the 勾稽关系 note top left; 申请人情况 → 自然人 | 法人或其他组织 → five kinds | 总计),
 *  then one row per template row with merged labels for 三、本年度办理结果 and for the groups （三）（四）（五）（六）. */
function requestsTable(report: ReportData, format: FormatDef): RenderTable {
  const columns = format.requests.columns;
  const width = REQUEST_LABEL_COLUMNS + columns.length;
  const rows = requestRows(report.format, { deniedSubtotal: hasDeniedSubtotal(report) });
  return {
    table: 'requests', section: SECTION_OF_TABLE.requests, width, labelColumns: REQUEST_LABEL_COLUMNS,
    // after the official template's grid (754, 921, 3271, then 685 per value column), with the item column narrower
    // so that a value column holds five digits on a page of GB/T 9704 margins
    columnWeights: [1.1, 1.35, 3.6, ...columns.map(() => 1.25)],
    rows: [...requestsHeader(format), ...requestsData(report, format, rows)],
  };
}

const hasDeniedSubtotal = (report: ReportData): boolean =>
  typeof report.requests['deniedSubtotal'] === 'object' && report.requests['deniedSubtotal'] !== null;

/** The first column (自然人) and the last (总计) stand alone; those between are kinds of 法人或其他组织. */
function requestsHeader(format: FormatDef): RenderRow[] {
  const columns = format.requests.columns;
  const first = columns[0]!;
  const last = columns[columns.length - 1]!;
  const organisations = columns.slice(1, -1);
  return [
    { kind: 'header', cells: [label(format.requests.topLeft, REQUEST_LABEL_COLUMNS, 3), label(REQUESTS_APPLICANTS, columns.length)] },
    { kind: 'header', cells: [label(first.label, 1, 2), label(REQUESTS_ORGANISATIONS, organisations.length), label(last.label, 1, 2)] },
    { kind: 'header', cells: organisations.map((c) => label(c.label)) },
  ];
}

/** Rows under 三、本年度办理结果 are those whose label does not start with a numeral of its own (一、二、四、). */
const isTopLevel = (row: RequestRowDef): boolean => /^[一二三四五六七八九十]+、/.test(row.label);

/** The group a row is printed under: its own, or the group it is the subtotal of (deniedSubtotal → denied). */
function groupKeyOf(row: RequestRowDef, format: FormatDef): string | undefined {
  if (row.group) return row.group.key;
  return format.requests.rows.find((r) => r.group && `${r.group.key}Subtotal` === row.path)?.group?.key;
}

function groupLabel(key: string, format: FormatDef): string {
  return format.requests.rows.find((r) => r.group?.key === key)!.group!.label;
}

function requestsData(report: ReportData, format: FormatDef, rows: RequestRowDef[]): RenderRow[] {
  const valueCells = (row: RequestRowDef) =>
    format.requests.columns.map((c) => value(report, `requests.${row.path}.${c.key}`));
  return rows.map((row, i): RenderRow => {
    const labels = isTopLevel(row) ? [label(row.label, REQUEST_LABEL_COLUMNS)] : resultLabels(rows, i, format);
    return { kind: 'data', cells: [...labels, ...valueCells(row)] };
  });
}

/** Label cells of a result row: 三、本年度办理结果 on the first result row, the group label on the first row of its
 *  group, then the item (or the row's own label over two columns when it has no group). */
function resultLabels(rows: RequestRowDef[], i: number, format: FormatDef): RenderCell[] {
  const row = rows[i]!;
  const previous = rows[i - 1];
  const cells: RenderCell[] = [];
  if (!previous || isTopLevel(previous)) cells.push(label(REQUESTS_RESULTS, 1, runLength(rows, i, (r) => !isTopLevel(r))));
  const group = groupKeyOf(row, format);
  if (!group) return [...cells, label(row.label, 2)];
  if (!previous || groupKeyOf(previous, format) !== group) {
    cells.push(label(groupLabel(group, format), 1, runLength(rows, i, (r) => groupKeyOf(r, format) === group)));
  }
  return [...cells, label(row.group ? row.label : SUBTOTAL_LABEL)];
}

/** How many rows from `start` on satisfy `test`. */
function runLength<T>(items: T[], start: number, test: (item: T) => boolean): number {
  let n = 0;
  while (start + n < items.length && test(items[start + n]!)) n++;
  return n;
}

// ---- 表四 ----------------------------------------------------------------------------------------------------------

/** 表四: 行政复议 over its five columns (each two rows high); 行政诉讼 over its two groups, each over five columns;
 *  then one data row. Groups without a parent sit in the top row; groups sharing a parent are merged under it. */
function appealsTable(report: ReportData, format: FormatDef): RenderTable {
  const { groups, columns } = format.appeals;
  const width = groups.length * columns.length;
  const top: RenderCell[] = [];
  const middle: RenderCell[] = [];
  const bottom: RenderCell[] = [];
  groups.forEach((g, i) => {
    const columnLabels = (rowSpan: number) => columns.map((c) => label(c.label, 1, rowSpan));
    if (!g.parent) {
      top.push(label(g.label, columns.length));
      middle.push(...columnLabels(2));
      return;
    }
    if (groups[i - 1]?.parent !== g.parent) top.push(label(g.parent, columns.length * siblingsFrom(groups, i)));
    middle.push(label(g.label, columns.length));
    bottom.push(...columnLabels(1));
  });
  const data = groups.flatMap((g) => columns.map((c) => value(report, `appeals.${g.key}.${c.key}`)));
  return {
    table: 'appeals', section: SECTION_OF_TABLE.appeals, width, labelColumns: 0,
    columnWeights: Array<number>(width).fill(1),
    rows: [
      ...[top, middle, bottom].filter((cells) => cells.length > 0).map((cells): RenderRow => ({ kind: 'header', cells })),
      { kind: 'data', cells: data },
    ],
  };
}

const siblingsFrom = (groups: AppealGroupDef[], i: number): number =>
  runLength(groups, i, (g) => g.parent === groups[i]!.parent);

// ---- the whole document -------------------------------------------------------------------------------------------

export interface OutlineSection {
  key: SectionKey;
  /** the official heading (一、总体情况 …), whatever the report printed */
  heading: string;
  /** the section's text, one entry per non-empty line */
  paragraphs: string[];
  tables: RenderTable[];
}

export interface ReportOutline {
  title: string;
  sections: OutlineSection[];
  /** the 落款 lines: agency, then the date as 2024年1月17日; absent ones are left out */
  signature: string[];
}

/** Everything a writer prints, in order: title, the six sections with their tables, the 落款. */
export function reportOutline(report: ReportData): ReportOutline {
  const tables = officialTables(report);
  const sections = SECTIONS.map((s): OutlineSection => ({
    key: s.key,
    heading: s.heading,
    paragraphs: paragraphsOf(report.sections[s.key]?.text ?? ''),
    tables: tables.filter((t) => t.section === s.key),
  }));
  const signature = [report.agency, chineseDate(report.publishedOn)].filter((x): x is string => !!x);
  return { title: titleOf(report), sections, signature };
}

export function titleOf(report: ReportData): string {
  if (report.title) return report.title;
  return `${report.agency ?? ''}${report.year ? `${report.year}年` : ''}${DOCUMENT_NAME}`;
}

/** Lines of a section's text, trimmed (including full-width spaces used as indentation), blank lines dropped. */
export function paragraphsOf(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')).filter((line) => line !== '');
}

/** 2024-01-17 → 2024年1月17日; any other text is printed as it is. */
export function chineseDate(iso: string | null): string | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso.trim());
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** How many rows at the top form the table's header (repeated on each page, <thead>): the rows before the first
 *  data row, unless headers recur further down (表二, whose sub-tables each have their own). */
export function leadingHeaderRowCount(table: RenderTable): number {
  const firstData = table.rows.findIndex((r) => r.kind === 'data');
  if (firstData < 0) return 0;
  return table.rows.slice(firstData).some((r) => r.kind !== 'data') ? 0 : firstData;
}

// ---- grids -------------------------------------------------------------------------------------------------------

export interface GridSlot {
  cell: RenderCell;
  /** the row and column where the cell starts */
  row: number;
  column: number;
}

/** The table as a full matrix: each slot points at the cell covering it. Throws when cells overlap or overflow. */
export function gridOf(table: RenderTable): GridSlot[][] {
  const grid: (GridSlot | undefined)[][] = table.rows.map(() => Array<GridSlot | undefined>(table.width).fill(undefined));
  table.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row.cells) {
      while (c < table.width && grid[r]![c]) c++;
      const slot: GridSlot = { cell, row: r, column: c };
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        for (let dc = 0; dc < cell.colSpan; dc++) {
          const line = grid[r + dr];
          if (!line || c + dc >= table.width || line[c + dc]) throw new Error(`${table.table}: cell "${cell.text}" at row ${r} does not fit the grid`);
          line[c + dc] = slot;
        }
      }
      c += cell.colSpan;
    }
  });
  return grid.map((line, r) => line.map((slot, c) => {
    if (!slot) throw new Error(`${table.table}: row ${r} column ${c} is not covered`);
    return slot;
  }));
}
