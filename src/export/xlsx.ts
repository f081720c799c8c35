// The workbook: one sheet per table in the official layout (the grid of officialTables, merges as printed), the
// cells as a flat list, and the lists a reviewer works from — the findings of a parsed report, or the problems,
// missing and failed inputs of a compiled one.

import ExcelJS from 'exceljs';
import { gridOf, officialTables, formatValue, titleOf, type RenderTable } from '../render/layout.js';
import { cellDef, emptyReport, getCell, SECTIONS } from '../template/index.js';
import type { Finding, ReportData } from '../template/index.js';
import { isCompiled, type CompiledReport } from '../compile/index.js';
import { cellLines, reportsPerCell, TABLE_NAMES } from './cells.js';

/** Row 1 holds the report's title, row 2 the section heading; the table's grid starts at this row. */
export const GRID_TOP = 3;

const FONT = { name: '宋体', size: 10.5 };
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Width of every table, in Excel's units (about one digit each; a Chinese character takes two). */
const TABLE_WIDTH = 120;
/** Height of one line of text, in points. */
const LINE_HEIGHT = 15;

export async function toXlsx(x: ReportData): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xxgk';
  const compiled = isCompiled(x) ? x : null;
  const title = titleOf(x);
  const notes = compiled ? compiledNotes(compiled) : undefined;
  for (const table of officialTables(x)) tableSheet(wb, TABLE_NAMES[table.table], title, table, x, notes);
  for (const extra of compiled?.extraActive ?? []) {
    const report = { ...emptyReport(extra.format), active: extra.active };
    const name = `表二（${extra.format} 版）`;
    const heading = `${title}：${extra.format} 版格式的 ${extra.reports} 份报告`;
    tableSheet(wb, name, heading, officialTables(report)[0]!, report, (path) => blankNote(extra.blanks[path] ?? 0, extra.reports));
  }
  cellsSheet(wb, x);
  if (compiled) { summarySheet(wb, compiled); problemsSheet(wb, compiled); }
  else if (Array.isArray((x as { findings?: unknown }).findings)) findingsSheet(wb, (x as ReportData & { findings: Finding[] }).findings);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// ---- the tables --------------------------------------------------------------------------------------------------

function tableSheet(wb: ExcelJS.Workbook, name: string, title: string, table: RenderTable, report: ReportData, note?: (path: string) => string | undefined): void {
  const ws = wb.addWorksheet(name, { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const grid = gridOf(table);
  const total = table.columnWeights.reduce((a, b) => a + b, 0);
  const widths = table.columnWeights.map((w) => Math.round((w / total) * TABLE_WIDTH));
  widths.forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  heading(ws, 1, title, table.width, { bold: true, size: 14 });
  heading(ws, 2, SECTIONS.find((s) => s.key === table.section)!.heading, table.width, { bold: true, size: 12 });

  // Borders and alignment on every slot first: a merge shows the master's value, the borders of all its cells.
  grid.forEach((line, r) => line.forEach((_, c) => {
    const cell = ws.getCell(GRID_TOP + r, c + 1);
    cell.border = BORDER;
    cell.font = FONT;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }));
  grid.forEach((line, r) => line.forEach((slot, c) => {
    if (slot.row !== r || slot.column !== c) return;
    const { cell: rc } = slot;
    const cell = ws.getCell(GRID_TOP + r, c + 1);
    if (rc.header || !rc.path) {
      cell.value = rc.text;
      if (rc.header && table.labelColumns > 0 && c < table.labelColumns && table.rows[r]!.kind === 'data') cell.alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
    } else {
      const v = getCell(report, rc.path);
      cell.value = typeof v === 'number' ? v : null;
      // the layout prints a unit beside a money value whose unit is not the template's; keep it in the format
      const unit = rc.text.slice(formatValue(v).length);
      if (typeof v === 'number' && unit) cell.numFmt = `General"${unit}"`;
      const text = note?.(rc.path);
      if (text) cell.note = text;
    }
    if (rc.rowSpan > 1 || rc.colSpan > 1) ws.mergeCells(GRID_TOP + r, c + 1, GRID_TOP + r + rc.rowSpan - 1, c + rc.colSpan);
  }));
  rowHeights(grid, widths).forEach((h, r) => { ws.getRow(GRID_TOP + r).height = h; });
}

/**
 * Heights that show every wrapped label in full (spreadsheets do not grow a row for wrapped text they did not
 * lay out themselves): lines needed for each cell's text in the width it spans; a cell over several rows shares
 * what it lacks among them.
 */
function rowHeights(grid: ReturnType<typeof gridOf>, widths: number[]): number[] {
  const heights = grid.map(() => LINE_HEIGHT);
  const starts = grid.flatMap((line, r) => line.filter((slot, c) => slot.row === r && slot.column === c));
  const linesOf = (slot: (typeof starts)[number]) => {
    const width = widths.slice(slot.column, slot.column + slot.cell.colSpan).reduce((a, b) => a + b, 0);
    return Math.max(1, Math.ceil(displayWidth(slot.cell.text) / Math.max(1, width - 1)));
  };
  for (const slot of starts) if (slot.cell.rowSpan === 1) heights[slot.row] = Math.max(heights[slot.row]!, linesOf(slot) * LINE_HEIGHT);
  for (const slot of starts) {
    if (slot.cell.rowSpan === 1) continue;
    const rows = heights.slice(slot.row, slot.row + slot.cell.rowSpan);
    const lack = linesOf(slot) * LINE_HEIGHT - rows.reduce((a, b) => a + b, 0);
    if (lack > 0) for (let r = slot.row; r < slot.row + slot.cell.rowSpan; r++) heights[r]! += lack / slot.cell.rowSpan;
  }
  return heights;
}

/** Columns a text takes in a spreadsheet: two for a Chinese character or full-width sign, one otherwise. */
const displayWidth = (text: string): number => [...text].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);

function heading(ws: ExcelJS.Worksheet, row: number, text: string, width: number, font: Partial<ExcelJS.Font>): void {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { ...FONT, ...font };
  cell.alignment = { vertical: 'middle', horizontal: 'center' };
  if (width > 1) ws.mergeCells(row, 1, row, width);
}

/** The note of a compiled value cell: how many reports left it blank, and whether it sums only some reports. */
function compiledNotes(c: CompiledReport): (path: string) => string | undefined {
  const fed = reportsPerCell(c);
  const formats = new Map(c.partial.flatMap((p) => p.paths.map((path) => [path, p.formats] as const)));
  return (path) => {
    const reports = fed.get(path) ?? c.reportCount;
    const only = reports < c.reportCount ? `只汇总 ${formats.get(path)!.join('、')} 版格式的 ${reports} 份报告。` : '';
    return [only, blankNote(c.blanks[path] ?? 0, reports)].filter(Boolean).join('') || undefined;
  };
}

function blankNote(blanks: number, reports: number): string | undefined {
  return blanks > 0 ? `${reports} 份中 ${blanks} 份此格空白（空白不计入合计，不等于 0）。` : undefined;
}

// ---- lists -------------------------------------------------------------------------------------------------------

/** A sheet of rows under a bold header, filterable, the header frozen. */
function listSheet(wb: ExcelJS.Workbook, name: string, columns: Array<{ header: string; width: number }>, rows: unknown[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { ...FONT, bold: true };
  for (const r of rows) ws.addRow(r).font = FONT;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

function cellsSheet(wb: ExcelJS.Workbook, x: ReportData): void {
  const compiled = isCompiled(x);
  const lines = cellLines(x);
  listSheet(wb, '单元格', [
    { header: '表', width: 10 }, { header: '行', width: 44 }, { header: '列', width: 22 }, { header: '路径', width: 44 }, { header: '数值', width: 12 },
    ...(compiled ? [{ header: '空白份数', width: 10 }, { header: '汇总份数', width: 10 }] : []),
  ], lines.map((l) => [l.table, l.row, l.column, l.path, l.value, ...(compiled ? [l.blanks, l.reports] : [])]));
}

function findingsSheet(wb: ExcelJS.Workbook, findings: Finding[]): void {
  listSheet(wb, '发现', [{ header: '规则', width: 24 }, { header: '级别', width: 9 }, { header: '说明', width: 80 }, { header: '单元格', width: 60 }],
    findings.map((f) => [f.rule, f.severity, f.message, f.paths.join(' ')]));
}

function problemsSheet(wb: ExcelJS.Workbook, c: CompiledReport): void {
  listSheet(wb, '各报告问题', [
    { header: '标识', width: 24 }, { header: '机关', width: 30 }, { header: '年度', width: 8 }, { header: '格式', width: 8 },
    { header: '错误', width: 8 }, { header: '警告', width: 8 }, { header: '错误规则', width: 40 },
  ], c.problems.map((p) => [p.id ?? '', p.agency ?? '', p.year, p.format, p.errors, p.warnings, p.errorRules.join(' ')]));
}

/** 汇总说明: the figures of the compile, the rules applied, then every list a reviewer acts on. */
function summarySheet(wb: ExcelJS.Workbook, c: CompiledReport): void {
  const ws = wb.addWorksheet('汇总说明');
  ws.columns = [{ width: 30 }, { width: 40 }, { width: 12 }, { width: 40 }, { width: 14 }];
  const bold = { ...FONT, bold: true };
  const add = (values: unknown[], font: Partial<ExcelJS.Font> = FONT) => { ws.addRow(values).font = font; };
  const block = (title: string, header: string[], rows: unknown[][]) => {
    add([]);
    add([`${title}（${rows.length}）`], bold);
    if (!rows.length) { add(['无']); return; }
    add(header, bold);
    for (const r of rows) add(r);
  };
  add([c.title ?? '汇总'], { ...FONT, bold: true, size: 14 });
  add(['报告份数', c.reportCount]);
  add(['格式', `2019 版 ${c.formats['2019']} 份，2021 版 ${c.formats['2021']} 份，按 ${c.format} 版汇总`]);
  add(['年度', c.year ?? '多个年度']);
  add(['有错误的报告', c.problems.filter((p) => p.errors > 0).length]);
  add([]);
  add(['汇总规则'], bold);
  for (const n of c.notes) add([n]);
  block('缺报机关', ['机关'], c.missing.map((m) => [m]));
  block('无法处理', ['名称', '原因'], c.failed.map((f) => [f.name, f.reason]));
  block('重复报告的机关', ['机关', '报告份数'], c.duplicates.map((d) => [d.agency, d.reports]));
  block('只汇总部分报告的单元格', ['单元格', '路径', '报告份数', '格式'],
    c.partial.flatMap((p) => p.paths.map((path) => [cellDef(c.format, path)?.label ?? path, path, p.reports, p.formats.join('、')])));
  block('未计入合计的金额', ['机关', '年度', '单元格', '数值', '原因'], c.excluded.map((e) => [e.agency ?? e.id ?? '', e.year, e.path, e.value, e.reason]));
}
