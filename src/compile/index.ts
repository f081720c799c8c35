// Compile (汇总): the sum of every table over many reports, shaped like one report of the data contract so that
// everything that reads a report (render, export, the schema) reads a compiled one; plus what a reviewer needs
// beside the sums: how many reports went in, which agencies are missing, failed or counted twice, the problems of
// each report, and per cell how many reports left it blank (a blank is not a zero: it is neither added nor hidden).
//
// Mixed formats are compiled into the 2021 structure by the rule of README.md (in this folder); reports all in the
// 2019 format are compiled into 2019. Money is added in 万元 only. A compile is accumulate → merge → finish: reports
// are read into flat Float64Arrays indexed by cell position (plan.ts), a tally per format (tally.ts); nothing is
// allocated per report unless it has a problem. A store keeps tallies per group of reports and finishes them alike.

import { emptyReport, setCell, SECTIONS, FORMAT_IDS, getFormat } from '../template/index.js';
import type { Finding, FormatId, ParsedReport, ReportData, Section, SectionKey } from '../template/index.js';
import { planOf, readerOf, targetPath, type FormatPlan, type MoneyHook, type Reader } from './plan.js';
import { addTally, emptyTally, type Tally } from './tally.js';
import { toFen, unitOf, round6, FEN_PER_WAN, RESULT_UNIT } from './amounts.js';

export { RESULT_UNIT, toWan, toFen, FEN_PER_WAN, unitOf, templateUnit, amountCells, round6 } from './amounts.js';
export { selectItems, type Selection } from './select.js';
export { compiledLines } from './text.js';
export { addTally, emptyTally, isZeroTally, tallyOf, encodeTally, decodeTally, tallyLayout, type Tally, type UnusableAmount } from './tally.js';

export interface CompileItem {
  report: ReportData;
  /** the agency as the caller knows it (e.g. the store's name for it); when null, the report's own `agency` */
  agency: string | null;
  findings: Finding[];
  /** the caller's handle on the report (file name, database id), carried into `problems` and `excluded` */
  id?: string;
}

export interface CompileOptions {
  /** agencies that should have reported; those without a report (and not among `failed`) are `missing` */
  expectedAgencies?: string[];
  /** inputs that could not be read, with the reason (file name or agency, as the caller has it) */
  failed?: Array<{ name: string; reason: string }>;
  /** title of the result; by default one is made from the year and the number of reports */
  title?: string;
  /** the body the compile is made for (a region, a level), printed as the result's `agency` */
  agency?: string | null;
}

/** One report with findings of level error or warning. */
export interface ReportProblems {
  id?: string;
  agency: string | null;
  year: number | null;
  format: FormatId;
  errors: number;
  warnings: number;
  /** ids of the rules with error findings, sorted, each once */
  errorRules: string[];
}

/** Cells of the result fed by fewer reports than `reportCount` (cells of one format only). */
export interface PartialCells {
  /** how many reports fed each of these cells */
  reports: number;
  /** formats of those reports */
  formats: FormatId[];
  paths: string[];
}

/** 表二 of the reports of a format other than the result's, compiled over those reports alone. */
export interface ExtraActive {
  format: FormatId;
  reports: number;
  /** shaped like `active` of that format; money in 万元 */
  active: ReportData['active'];
  blanks: Record<string, number>;
}

/** A printed amount left out of the sum: its unit is unknown, so adding it to 万元 could be off by 10,000. */
export interface ExcludedAmount {
  id?: string;
  agency: string | null;
  year: number | null;
  path: string;
  value: number;
  reason: string;
}

export interface CompiledReport extends ReportData {
  reportCount: number;
  /** how many reports of each format went in */
  formats: Record<FormatId, number>;
  missing: string[];
  failed: Array<{ name: string; reason: string }>;
  /** agencies with more than one report among the inputs (their figures are counted each time) */
  duplicates: Array<{ agency: string; reports: number }>;
  problems: ReportProblems[];
  /** for every cell of the result: how many of the reports that fed it left it blank */
  blanks: Record<string, number>;
  partial: PartialCells[];
  extraActive: ExtraActive[];
  excluded: ExcludedAmount[];
  /** the rules applied to this compile, in Chinese (mixed formats, units, blanks) */
  notes: string[];
}

/** A compiled report, as opposed to a single one. */
export function isCompiled(x: ReportData): x is CompiledReport {
  return typeof (x as Partial<CompiledReport>).reportCount === 'number' && Array.isArray((x as Partial<CompiledReport>).problems);
}

/** The compile input of one parsed report. */
export const itemOf = (r: ParsedReport, id?: string): CompileItem =>
  ({ report: r, agency: r.agency, findings: r.findings, ...(id === undefined ? {} : { id }) });

// ---- accumulate → merge → finish -------------------------------------------------------------------------------

/**
 * What a compile has gathered before it is finished: a tally per format (tally.ts), the year the reports share, and
 * what is listed per report. Made from reports in memory by `accumulate`, or from a store's tallies per group and
 * its per-report rows; states `merge`; `finish` makes the result. compile() = finish(accumulate(items)).
 */
export interface CompileState {
  tallies: Record<FormatId, Tally>;
  /** the year every report has (null included); null when they differ; undefined when there is no report */
  year: number | null | undefined;
  /** per report with an error or a warning, in input order (finish sorts them, the worst first) */
  problems: ReportProblems[];
  excluded: ExcludedAmount[];
  /** reports per agency name as given (not yet folded by nameKey), in order of first appearance */
  agencies: Map<string, number>;
}

export function emptyState(): CompileState {
  return { tallies: { '2019': emptyTally('2019'), '2021': emptyTally('2021') }, year: undefined, problems: [], excluded: [], agencies: new Map() };
}

/** The year of two sets of reports together (the same rule as adding them one by one). */
export const mergeYear = (a: number | null | undefined, b: number | null | undefined): number | null | undefined =>
  (a === undefined ? b : b === undefined ? a : a === b ? a : null);

/** `into` and `from` together (into is changed and returned): tallies added, lists appended in order. */
export function mergeState(into: CompileState, from: CompileState): CompileState {
  for (const f of FORMAT_IDS) addTally(into.tallies[f], from.tallies[f]);
  into.year = mergeYear(into.year, from.year);
  into.problems.push(...from.problems);
  into.excluded.push(...from.excluded);
  for (const [name, n] of from.agencies) into.agencies.set(name, (into.agencies.get(name) ?? 0) + n);
  return into;
}

/** Reports in memory into a state; nothing is allocated per report unless it has a problem or an unusable amount. */
export function accumulate(items: Iterable<CompileItem>, into: CompileState = emptyState()): CompileState {
  const { tallies, problems, excluded, agencies } = into;
  const readers = { '2019': readerOf('2019'), '2021': readerOf('2021') } satisfies Record<FormatId, Reader>;
  let year = into.year;
  // The report being added, for the money hook: one closure for the whole compile, none per report.
  let item: CompileItem, agency: string | null, plan: FormatPlan;
  const money: MoneyHook = (report, index, value) => {
    const fen = toFen(value, unitOf(report, plan.money.get(index)!));
    if (fen === null) excluded.push({ ...idOf(item), agency, year: report.year, path: plan.cells[index]!.path, value, reason: UNITLESS });
    return fen;
  };

  for (item of items) {
    const { report } = item;
    const t = tallies[report.format];
    if (!t) throw new TypeError(`compile: report of unknown format ${JSON.stringify(report.format)}`);
    agency = item.agency ?? report.agency ?? null;
    plan = planOf(report.format);
    t.reports++;
    readers[report.format](report, t.sums, t.printed, t.blanks, money);
    year = year === undefined ? report.year : year === report.year ? year : null;
    if (agency !== null) agencies.set(agency, (agencies.get(agency) ?? 0) + 1);
    const p = problemsOf(item.findings);
    if (p) problems.push({ ...idOf(item), agency, year: report.year, format: report.format, ...p });
  }
  into.year = year;
  return into;
}

const mappings = new Map<string, Int32Array>();
/** For each cell of `from`, the index of the cell of `to` it is added into, or -1. */
function mappingOf(from: FormatId, to: FormatId): Int32Array {
  const key = `${from}>${to}`;
  let m = mappings.get(key);
  if (!m) {
    const target = planOf(to).index;
    m = Int32Array.from(planOf(from).cells, (c) => { const t = targetPath(from, to, c.path); return t === undefined ? -1 : target.get(t)!; });
    mappings.set(key, m);
  }
  return m;
}

const idOf = (item: CompileItem): { id?: string } => (item.id === undefined ? {} : { id: item.id });

/** Why an amount is in `excluded`. */
export const UNITLESS = '未注明金额单位（元或万元），不计入合计';

/** Names compared without spaces (full-width ones too), as reports print them differently. */
const nameKey = (s: string): string => s.replace(/[\s\u3000]+/g, '');

// ---- compile -----------------------------------------------------------------------------------------------------

export function compile(items: CompileItem[], opts: CompileOptions = {}): CompiledReport {
  return finish(accumulate(items), opts);
}

/** The result of a state: the tables folded into the result's format, the lists, the notes. */
export function finish(state: CompileState, opts: CompileOptions = {}): CompiledReport {
  const { tallies } = state;
  const reportCount = tallies['2019'].reports + tallies['2021'].reports;
  const agencies = new Map<string, { name: string; reports: number }>();
  for (const [name, n] of state.agencies) {
    const key = nameKey(name);
    const seen = agencies.get(key);
    if (seen) seen.reports += n; else agencies.set(key, { name, reports: n });
  }
  // Stable: the worst first, inputs in their order otherwise.
  const problems = [...state.problems].sort((x, y) => y.errors - x.errors || y.warnings - x.warnings);
  const format: FormatId = tallies['2021'].reports > 0 || reportCount === 0 ? '2021' : '2019';
  const failed = (opts.failed ?? []).map((f) => ({ name: f.name, reason: f.reason }));
  const failedKeys = new Set(failed.map((f) => nameKey(f.name)));
  const missing = [...new Map((opts.expectedAgencies ?? []).map((n) => [nameKey(n), n])).entries()]
    .filter(([key]) => !agencies.has(key) && !failedKeys.has(key)).map(([, n]) => n);
  const duplicates = [...agencies.values()].filter((a) => a.reports > 1).map((a) => ({ agency: a.name, reports: a.reports }));

  const tables = fold(tallies, format, reportCount);
  const formats = { '2019': tallies['2019'].reports, '2021': tallies['2021'].reports };
  const year = state.year ?? null;
  const compiled: CompiledReport = {
    ...tables.report,
    title: opts.title ?? `${year ? `${year}年度` : ''}政府信息公开工作年度报告汇总（${reportCount} 份）`,
    agency: opts.agency ?? null,
    year,
    publishedOn: null,
    reportCount,
    formats,
    missing, failed, duplicates, problems,
    blanks: tables.blanks,
    partial: tables.partial,
    extraActive: tables.extraActive,
    excluded: [...state.excluded],
    notes: [],
  };
  compiled.notes = notesOf(compiled);
  compiled.sections = summarySections(compiled);
  return compiled;
}

/** How many findings are errors and warnings, and the rules of the errors (each once, sorted). */
export function findingCounts(findings: ReadonlyArray<Pick<Finding, 'rule' | 'severity'>>): { errors: number; warnings: number; errorRules: string[] } {
  let errors = 0, warnings = 0;
  const rules = new Set<string>();
  for (const f of findings) {
    if (f.severity === 'error') { errors++; rules.add(f.rule); } else if (f.severity === 'warning') warnings++;
  }
  return { errors, warnings, errorRules: [...rules].sort() };
}

function problemsOf(findings: Finding[]): Omit<ReportProblems, 'agency' | 'year' | 'format' | 'id'> | null {
  const counts = findingCounts(findings);
  return counts.errors || counts.warnings ? counts : null;
}

/** The accumulators folded into the result's format, and what could not be folded. */
function fold(acc: Record<FormatId, Tally>, format: FormatId, reportCount: number) {
  const plan = planOf(format);
  const n = plan.cells.length;
  const sums = new Float64Array(n), printed = new Uint32Array(n), blanks = new Uint32Array(n), fed = new Uint32Array(n);
  const feeders = plan.cells.map(() => [] as FormatId[]);
  const extraActive: ExtraActive[] = [];
  for (const from of FORMAT_IDS) {
    const a = acc[from];
    if (!a.reports) continue;
    const map = mappingOf(from, format);
    for (let i = 0; i < map.length; i++) {
      const t = map[i]!;
      if (t < 0) continue;
      sums[t]! += a.sums[i]!; printed[t]! += a.printed[i]!; blanks[t]! += a.blanks[i]!; fed[t]! += a.reports;
      feeders[t]!.push(from);
    }
    if (from !== format && map.some((t, i) => t < 0 && planOf(from).cells[i]!.table === 'active')) extraActive.push(activeOf(a));
  }

  const report = emptyReport(format);
  plan.cells.forEach((c, i) => setCell(report, c.path, printed[i]! > 0 ? valueOf(plan, i, sums[i]!) : null));
  setAmountUnits(report);

  const partial = new Map<string, PartialCells>();
  plan.cells.forEach((c, i) => {
    if (fed[i]! >= reportCount) return;
    const key = `${fed[i]}:${feeders[i]!.join(',')}`;
    const group = partial.get(key) ?? partial.set(key, { reports: fed[i]!, formats: feeders[i]!, paths: [] }).get(key)!;
    group.paths.push(c.path);
  });
  return {
    report,
    blanks: Object.fromEntries(plan.cells.map((c, i) => [c.path, blanks[i]!])),
    partial: [...partial.values()],
    extraActive,
  };
}

/** 表二 of one format's reports alone, in that format's structure. */
function activeOf(a: Tally): ExtraActive {
  const plan = planOf(a.format);
  const report = emptyReport(a.format);
  const blanks: Record<string, number> = {};
  plan.cells.forEach((c, i) => {
    if (c.table !== 'active') return;
    setCell(report, c.path, a.printed[i]! > 0 ? valueOf(plan, i, a.sums[i]!) : null);
    blanks[c.path] = a.blanks[i]!;
  });
  setAmountUnits(report);
  return { format: a.format, reports: a.reports, active: report.active, blanks };
}

/** A cell's sum as the result prints it: money back from 分 to 万元; anything else rounded to 1e-6. */
const valueOf = (plan: FormatPlan, i: number, sum: number): number => (plan.money.has(i) ? round6(sum / FEN_PER_WAN) : round6(sum));

function setAmountUnits(report: ReportData): void {
  for (const sub of getFormat(report.format).active) {
    if (sub.amountUnit) for (const row of sub.rows) report.active[row.key]!['amountUnit'] = RESULT_UNIT;
  }
}

// ---- words -------------------------------------------------------------------------------------------------------

function notesOf(c: CompiledReport): string[] {
  const notes = [
    '各单元格为所汇总报告中印出数字之和；空白（含“/”“-”“—”）不等于 0，不计入合计，各格空白的报告份数见 blanks。',
    `金额统一为${RESULT_UNIT}：元 ÷ 10000，亿元 × 10000；未注明单位的非零金额不计入合计（见 excluded）。`,
  ];
  if (c.formats['2019'] && c.formats['2021']) {
    notes.push(
      `格式混合（2019 版 ${c.formats['2019']} 份、2021 版 ${c.formats['2021']} 份），按 2021 版格式汇总。`,
      `表三、表四两版相同，汇总全部 ${c.reportCount} 份；2019 版报告的「（六）其他处理」一行（${c.formats['2019']} 份）计入 2021 版「（六）其他处理 3.其他」，「1.逾期不补正」「2.逾期未缴费」两行只汇总 2021 版报告（${c.formats['2021']} 份）。`,
      `表二：行政许可、行政处罚、行政强制的处理决定数量两版相同，汇总全部报告；其余 2021 版单元格只汇总 2021 版报告（${c.formats['2021']} 份）；2019 版报告的表二另行汇总（见 extraActive）。`,
    );
  }
  return notes;
}

function summarySections(c: CompiledReport): Record<SectionKey, Section | null> {
  const sections = Object.fromEntries(SECTIONS.map((s) => [s.key, null])) as Record<SectionKey, Section | null>;
  const withErrors = c.problems.filter((p) => p.errors > 0).length;
  const lines = [
    `本汇总包括 ${c.reportCount} 份年度报告（2019 版格式 ${c.formats['2019']} 份，2021 版格式 ${c.formats['2021']} 份），按 ${c.format} 版格式汇总。`,
    `其中 ${withErrors} 份有错误，${c.problems.length - withErrors} 份只有警告。` +
      (c.missing.length ? `应报而未见报告的机关 ${c.missing.length} 个。` : '') +
      (c.failed.length ? `无法处理的文件 ${c.failed.length} 个。` : '') +
      (c.duplicates.length ? `重复报告的机关 ${c.duplicates.length} 个。` : ''),
    ...c.notes,
  ];
  const overview = SECTIONS.find((s) => s.key === 'overview')!;
  sections.overview = { heading: overview.heading, text: lines.join('\n') };
  return sections;
}
