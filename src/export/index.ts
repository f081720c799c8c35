// Export a report — single, parsed or compiled — as CSV (one line per cell, UTF-8 with a BOM so that Excel and WPS
// read the Chinese), as an XLSX workbook in the official layout (merged headers as the templates print them), or as
// JSON.

import { isCompiled } from '../compile/index.js';
import type { ReportData } from '../template/index.js';
import { cellLines } from './cells.js';

export { cellLines, type CellLine, TABLE_NAMES } from './cells.js';

export const EXPORT_TARGETS = ['csv', 'xlsx', 'json'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

const BOM = '\uFEFF';

/** CSV: a header, then table, row, column, path, value (and for a compiled report: 空白份数, 汇总份数) per cell. */
export function toCsv(x: ReportData): string {
  const compiled = isCompiled(x);
  const header = ['表', '行', '列', '路径', '数值', ...(compiled ? ['空白份数', '汇总份数'] : [])];
  const lines = cellLines(x).map((l) => [
    l.table, l.row, l.column, l.path, l.value === null ? '' : String(l.value),
    ...(compiled ? [String(l.blanks ?? 0), String(l.reports ?? 0)] : []),
  ]);
  return BOM + [header, ...lines].map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180: quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled. */
function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as it is (a parsed one with its sources and findings, a compiled one with its lists), indented. */
export function toJson(x: ReportData): string {
  return JSON.stringify(x, null, 2) + '\n';
}

/** The workbook (exceljs is loaded on first use: CSV and JSON do not need it). */
export async function toXlsx(x: ReportData): Promise<Uint8Array> {
  return (await import('./xlsx.js')).toXlsx(x);
}

/** The bytes of one export. */
export async function exportAs(x: ReportData, to: ExportTarget): Promise<Uint8Array> {
  switch (to) {
    case 'csv': return new TextEncoder().encode(toCsv(x));
    case 'json': return new TextEncoder().encode(toJson(x));
    case 'xlsx': return toXlsx(x);
  }
}
