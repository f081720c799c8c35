// One line per cell, with its table, row and column as the official template prints them: the rows of the CSV and
// of the 单元格 sheet of the workbook. A compiled report adds how many reports left each cell blank and how many
// fed it, and the 表二 of reports of another format (ExtraActive).

import { cellsOf, emptyReport, getCell, getFormat, requestRows } from '../template/index.js';
import type { Cell, FormatId, ReportData, TableId } from '../template/index.js';
import { isCompiled, templateUnit, unitOf, type CompiledReport } from '../compile/index.js';

export const TABLE_NAMES: Record<TableId, string> = { active: '表二', requests: '表三', appeals: '表四' };

export interface CellLine {
  table: string;
  row: string;
  column: string;
  path: string;
  value: Cell;
  /** compiled only: reports that left the cell blank, and reports that fed it */
  blanks?: number;
  reports?: number;
}

export function cellLines(x: ReportData): CellLine[] {
  if (!isCompiled(x)) return linesOf(x, TABLE_NAMES, '');
  const fed = reportsPerCell(x);
  const main = linesOf(x, TABLE_NAMES, '').map((l) => ({ ...l, blanks: x.blanks[l.path] ?? 0, reports: fed.get(l.path) ?? x.reportCount }));
  const extra = x.extraActive.flatMap((e) => {
    const names = { ...TABLE_NAMES, active: `表二（${e.format} 版，${e.reports} 份）` };
    return linesOf({ ...emptyReport(e.format), active: e.active }, names, `extraActive.${e.format}.`)
      .filter((l) => l.path.startsWith(`extraActive.${e.format}.active.`))
      .map((l) => ({ ...l, blanks: e.blanks[l.path.slice(`extraActive.${e.format}.`.length)] ?? 0, reports: e.reports }));
  });
  return [...main, ...extra];
}

/** Reports that fed each cell fed by fewer than all (the others: reportCount). */
export function reportsPerCell(c: CompiledReport): Map<string, number> {
  return new Map(c.partial.flatMap((p) => p.paths.map((path) => [path, p.reports] as const)));
}

function linesOf(report: ReportData, names: Record<TableId, string>, prefix: string): CellLine[] {
  const labels = rowLabels(report.format);
  const deniedSubtotal = typeof report.requests['deniedSubtotal'] === 'object' && report.requests['deniedSubtotal'] !== null;
  return cellsOf(report.format, { deniedSubtotal }).map((c) => ({
    table: names[c.table],
    row: labels.rows.get(c.row) ?? c.row,
    column: c.kind === 'amount' ? amountColumn(report, c.row, labels.columns.get(`${c.row}.${c.column}`) ?? c.column) : labels.columns.get(`${c.row}.${c.column}`) ?? c.column,
    path: prefix + c.path,
    value: getCell(report, c.path) ?? null,
  }));
}

/** A money column's label says the unit of the value (the template's own words when the unit is the printed one). */
function amountColumn(report: ReportData, row: string, label: string): string {
  const rowKey = row.slice('active.'.length);
  const unit = unitOf(report, rowKey);
  if (unit !== null && unit === templateUnit(report.format, rowKey)) return label;
  return `${label.replace(/（单位：[^）]*）$/, '')}（${unit ?? '单位未注明'}）`;
}

const labelCache = new Map<FormatId, { rows: Map<string, string>; columns: Map<string, string> }>();

/** Row labels (（一）规章; （三）不予公开 1.属于国家秘密; 行政诉讼·复议后起诉) and column labels, by row path. */
function rowLabels(format: FormatId) {
  const hit = labelCache.get(format);
  if (hit) return hit;
  const f = getFormat(format);
  const rows = new Map<string, string>();
  const columns = new Map<string, string>();
  for (const sub of f.active) {
    for (const row of sub.rows) {
      rows.set(`active.${row.key}`, `${sub.item}${row.label}`);
      for (const col of sub.columns) columns.set(`active.${row.key}.${col.key}`, col.label);
    }
  }
  for (const row of requestRows(format, { deniedSubtotal: true })) {
    const path = `requests.${row.path}`;
    rows.set(path, row.group ? `${row.group.label} ${row.label}` : row.optional ? row.short : row.label);
    for (const col of f.requests.columns) columns.set(`${path}.${col.key}`, col.label);
  }
  for (const g of f.appeals.groups) {
    rows.set(`appeals.${g.key}`, g.parent ? `${g.parent}·${g.label}` : g.label);
    for (const col of f.appeals.columns) columns.set(`appeals.${g.key}.${col.key}`, col.label);
  }
  const labels = { rows, columns };
  labelCache.set(format, labels);
  return labels;
}
