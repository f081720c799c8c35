// The checker: every rule of the registry run over one report. Rules are pure; formatters live in src/cli.

import { agencyLevel, getCell, cellIndexOf, readCells } from '../template/index.js';
import type { ReportData, Finding, Cell } from '../template/index.js';
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

/**
 * `values` are the report's cells as readCells(report) reads them, for a caller that has them already (extract
 * makes them while it builds the tables).
 */
export function check(report: ReportData, rules: Rule[] = RULES, values: ReadonlyArray<Cell | undefined> = readCells(report)): Finding[] {
  // Rules read cells thousands of times per report: read them once, by index.
  const hasDeniedSubtotal = 'deniedSubtotal' in report.requests;
  // every cell of the format, with the optional subtotal row (its cells read as absent when it is not printed)
  const index = cellIndexOf(report.format);
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
      const finding: Finding = { rule: rule.id, severity: f.severity ?? rule.severity, paths: f.paths, message: f.message };
      if (f.evidence) finding.evidence = f.evidence;
      out.push(finding);
    }
  }
  return out;
}
