// The checker: every rule of the registry run over one report. Rules are pure; formatters live in src/cli.

import { agencyLevel, getCell, cellsOf, cellIndexOf } from '../template/index.js';
import type { ReportData, Finding, Cell, CellDef } from '../template/index.js';
import type { Rule, RuleContext } from './types.js';
import { t3Balance, t3Results, t3RowSum, t4Sum, t3DeniedSubtotal } from './rules/equations.js';
import { blankCells, invalidNumber, amountUnit } from './rules/cells.js';
import { sectionMissing, formatOutdated, latePublication, townshipRegulations, activeTotalBelowNew } from './rules/report.js';
import { proseTable } from './rules/prose.js';

export type { Rule, RuleContext } from './types.js';

/** Every rule, in the order their findings are listed. */
export const RULES: Rule[] = [
  t3Balance, t3Results, t3RowSum, t4Sum, t3DeniedSubtotal,
  invalidNumber, blankCells, amountUnit,
  sectionMissing, proseTable, townshipRegulations, activeTotalBelowNew, formatOutdated, latePublication,
];

export function check(report: ReportData, rules: Rule[] = RULES): Finding[] {
  // Rules read cells thousands of times per report: read them once, by index.
  const hasDeniedSubtotal = 'deniedSubtotal' in report.requests;
  // every cell of the format, with the optional subtotal row (its cells read as absent when it is not printed)
  const index = cellIndexOf(report.format);
  const values = valuesOf(report, cellsOf(report.format, { deniedSubtotal: true }));
  const ctx: RuleContext = {
    report,
    value: (p) => { const i = index.get(p); return i !== undefined ? values[i] : getCell(report, p); },
    values,
    level: agencyLevel(report.agency),
    hasDeniedSubtotal,
  };
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const f of rule.check(ctx)) {
      out.push({ rule: rule.id, severity: f.severity ?? rule.severity, paths: f.paths, message: f.message, ...(f.evidence ? { evidence: f.evidence } : {}) });
    }
  }
  return out;
}

/** The value of each cell, walking to each row's object once. */
function valuesOf(report: ReportData, cells: CellDef[]): Array<Cell | undefined> {
  const values = new Array<Cell | undefined>(cells.length);
  let row: string | null = null;
  let obj: Record<string, unknown> | undefined;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c.row !== row) {
      row = c.row;
      let o: unknown = report;
      for (let k = 0; k < c.keys.length - 1 && o !== undefined; k++) o = o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[c.keys[k]!] : undefined;
      obj = o !== null && typeof o === 'object' ? o as Record<string, unknown> : undefined;
    }
    values[i] = obj ? obj[c.column] as Cell | undefined : undefined;
  }
  return values;
}
