// Blank cells the way real reports leave them (template.md §6–7): whole 表二 rows left empty (seed 000), the 总计
// column of 表三 or 表四 not filled in, or a few scattered cells. A blank is not a zero, so the equations touching
// a blank become "not assessable" — none of them can fail, since every printed number still comes from a valid
// report.

import type { Rng } from './random.js';
import { cellsOf, getFormat, setCell } from '../template/index.js';
import type { ReportData } from '../template/index.js';

type BlankPattern = (rng: Rng, report: ReportData) => void;

/** 表二 rows without a money cell: a money cell's unit may sit in its header, so blanking it would change the unit read. */
const activeRows: BlankPattern = (rng, report) => {
  for (const sub of getFormat(report.format).active) {
    if (sub.amountUnit) continue;
    for (const row of sub.rows) if (rng.chance(0.4)) for (const col of sub.columns) setCell(report, `active.${row.key}.${col.key}`, null);
  }
};

const totalColumn = (table: 'requests' | 'appeals'): BlankPattern => (_rng, report) => {
  for (const c of cellsOf(report.format, { deniedSubtotal: 'deniedSubtotal' in report.requests })) {
    if (c.table === table && c.column === 'total') setCell(report, c.path, null);
  }
};

const scattered: BlankPattern = (rng, report) => {
  const cells = cellsOf(report.format, { deniedSubtotal: 'deniedSubtotal' in report.requests }).filter((c) => c.table !== 'active');
  for (let i = rng.int(1, 5); i > 0; i--) setCell(report, rng.pick(cells).path, null);
};

const PATTERNS: BlankPattern[] = [activeRows, totalColumn('requests'), totalColumn('appeals'), scattered];

/** Blank one or two kinds of cells of a (valid, complete) report in place. */
export function blankSomeCells(rng: Rng, report: ReportData): void {
  const first = rng.pick(PATTERNS);
  first(rng, report);
  if (rng.chance(0.3)) rng.pick(PATTERNS.filter((p) => p !== first))(rng, report);
}
