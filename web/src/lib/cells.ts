// What each cell of a report is: fine, in a failing rule (error or warning), blank, or undecided (named by the
// extractor as a cell the text could not decide). Pure functions: the tables, the findings list and the tests use them.

import { cellsOf, getCell } from './core.js';
import type { Finding, ReportData, Source } from './core.js';

export type CellState = 'fine' | 'error' | 'warning' | 'blank' | 'undecided';

/** Extraction notes whose paths are cells the text could not decide. */
export const UNDECIDED_RULES: ReadonlySet<string> = new Set(['X-ROW-UNDECIDED', 'X-ROW-UNMATCHED']);
/** Warnings about blank cells only: a blank cell is shown as blank, not as a warning. */
const BLANK_RULES: ReadonlySet<string> = new Set(['BLANK-CELLS']);

/** A finding's path names a cell, a row (requests.newReceived) or a whole table (requests). */
export const covers = (findingPath: string, cellPath: string): boolean =>
  cellPath === findingPath || cellPath.startsWith(`${findingPath}.`);

export const findingCovers = (f: Finding, cellPath: string): boolean => f.paths.some((p) => covers(p, cellPath));

const hasDeniedSubtotal = (r: ReportData): boolean =>
  typeof r.requests['deniedSubtotal'] === 'object' && r.requests['deniedSubtotal'] !== null;

/** Paths of every cell of the report's tables, in printed order. */
export const cellPathsOf = (report: ReportData): string[] =>
  cellsOf(report.format, { deniedSubtotal: hasDeniedSubtotal(report) }).map((c) => c.path);

/** The state of every cell. Order of precedence: undecided, error, blank, warning, fine. */
export function cellStates(report: ReportData, findings: Finding[]): Map<string, CellState> {
  const paths = cellPathsOf(report);
  const undecided = new Set<string>(), errors = new Set<string>(), warnings = new Set<string>();
  for (const f of findings) {
    const target = UNDECIDED_RULES.has(f.rule) ? undecided
      : f.severity === 'error' ? errors
      : f.severity === 'warning' && !BLANK_RULES.has(f.rule) ? warnings : null;
    if (!target) continue;
    for (const p of f.paths) {
      if (paths.includes(p)) target.add(p);
      else for (const c of paths) if (covers(p, c)) target.add(c);
    }
  }
  const states = new Map<string, CellState>();
  for (const p of paths) {
    const v = getCell(report, p);
    const blank = v === null || v === undefined;
    states.set(p, undecided.has(p) ? 'undecided' : errors.has(p) ? 'error' : blank ? 'blank' : warnings.has(p) ? 'warning' : 'fine');
  }
  return states;
}

/** Findings that name a cell, the most severe first. */
export function findingsOfCell(path: string, findings: Finding[]): Finding[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.filter((f) => findingCovers(f, path)).sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** The cells a finding names that are drawn in the tables (prefixes expanded), for linking a finding to its cells. */
export function cellsOfFinding(f: Finding, report: ReportData): string[] {
  const paths = cellPathsOf(report);
  return paths.filter((c) => f.paths.some((p) => covers(p, c)));
}

export const isDerived = (sources: Record<string, Source> | undefined, path: string): boolean =>
  Boolean(sources?.[path]?.derived);
