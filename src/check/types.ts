import type { ReportData, Finding, Severity, Cell, AgencyLevel } from '../template/index.js';

/** What every rule sees: the report, and a few facts derived once for all rules. */
export interface RuleContext {
  report: ReportData;
  value(path: string): Cell | undefined;
  /** every cell's value, in the order of cellsOf(format, { deniedSubtotal: true }) (the fast way to read many) */
  values: ReadonlyArray<Cell | undefined>;
  level: AgencyLevel | null;
  hasDeniedSubtotal: boolean;
}

export type RuleFinding = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

/** A rule: a stable id, a default severity, what it checks, and a pure function of the report. */
export interface Rule {
  id: string;
  severity: Severity;
  /** one line in Chinese, for the README and `xxgk rules` */
  description: string;
  check(ctx: RuleContext): RuleFinding[];
}
