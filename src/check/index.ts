// The checker: every rule of the registry run over one report. Rules are pure; formatters live in src/cli.

import { agencyLevel, getCell, cellsOf } from '../template/index.js';
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

export function check(report: ReportData, rules: Rule[] = RULES): Finding[] {
  // Rules read cells thousands of times per report: look them up once.
  const hasDeniedSubtotal = 'deniedSubtotal' in report.requests;
  const values = new Map<string, Cell | undefined>();
  for (const c of cellsOf(report.format, { deniedSubtotal: hasDeniedSubtotal })) values.set(c.path, cellAt(report, c.keys));
  const ctx: RuleContext = {
    report,
    value: (p) => { const v = values.get(p); return v !== undefined || values.has(p) ? v : getCell(report, p); },
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

function cellAt(report: ReportData, keys: string[]): Cell | undefined {
  let o: unknown = report;
  for (const k of keys) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<string, unknown>)[k];
  }
  return o as Cell | undefined;
}
