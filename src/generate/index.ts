// Random VALID reports for property and mutation tests: every cell of the format filled, every equation of the
// template holding, realistic names, years and dates. Deterministic in the seed (no Math.random), so a failing
// case is replayed by its seed alone.

import { createRng, deriveSeed } from './random.js';
import { pickAgency, makeTitle, makePublishedOn } from './names.js';
import { makeSections } from './prose.js';
import { fillActive, fillAppeals, fillRequests, pickActivity } from './values.js';
import { blankSomeCells } from './blanks.js';
import { emptyReport, getCell } from '../template/index.js';
import type { FormatId, ReportData } from '../template/index.js';

export { createRng, deriveSeed, mulberry32 } from './random.js';
export type { Rng } from './random.js';
export { introParagraph } from './prose.js';

export interface GenerateOptions {
  format?: FormatId;
  /** print 表三 （三）不予公开 as its own row with the sums of its items (seed 004) */
  deniedSubtotal?: boolean;
  /**
   * leave some cells blank (null) as real reports do: whole 表二 rows, the 总计 column, scattered cells. The report
   * is then no longer complete, and equations touching a blank are not assessable — but none fails.
   */
  blanks?: boolean;
}

export function generateReport(seed: number, opts: GenerateOptions = {}): ReportData {
  const rng = createRng(seed);
  const format = opts.format ?? rng.pick(['2019', '2021'] as const);
  const report = emptyReport(format);
  const agency = pickAgency(rng.fork('agency'));
  const year = pickYear(rng.fork('year'), format);
  const activity = pickActivity(rng.fork('activity'));

  fillActive(rng.fork('active'), report, activity, agency.level);
  fillRequests(rng.fork('requests'), report, activity, opts.deniedSubtotal ?? false);
  fillAppeals(rng.fork('appeals'), report, activity);

  report.agency = agency.name;
  report.year = year;
  report.title = makeTitle(rng.fork('title'), agency.name, year);
  report.publishedOn = makePublishedOn(rng.fork('date'), agency.level, year);
  report.sections = makeSections(rng.fork('prose'), {
    year, self: agency.self, agency: agency.name,
    received: num(report, 'requests.newReceived.total'),
    reconsiderations: num(report, 'appeals.reconsideration.total'),
    lawsuits: num(report, 'appeals.litigationDirect.total') + num(report, 'appeals.litigationAfterReconsideration.total'),
  });
  // Blank last, so the prose still states the figures the complete tables had.
  if (opts.blanks) blankSomeCells(rng.fork('blanks'), report);
  return report;
}

/** `n` reports from independent seeds derived from `seed`. */
export function generateMany(seed: number, n: number, opts: GenerateOptions = {}): ReportData[] {
  return Array.from({ length: n }, (_, i) => generateReport(deriveSeed(seed, i), opts));
}

/** Format 2019 covers 2019–2020 and, in a few real reports, later years (seed 001); format 2021 covers 2021 on. */
function pickYear(rng: ReturnType<typeof createRng>, format: FormatId): number {
  if (format === '2021') return rng.int(2021, 2025);
  return rng.chance(0.85) ? rng.int(2019, 2020) : rng.int(2021, 2022);
}

const num = (report: ReportData, path: string) => (getCell(report, path) as number | null) ?? 0;
