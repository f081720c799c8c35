// Compile over the stored reports without reading them: the state of src/compile (accumulate → merge → finish) made
// from the tallies of the groups the selection covers (compile_groups: the totals per year, format and level when
// no region is asked for, the groups of the matching regions otherwise) and from the narrow per-report rows of
// compile_reports (problems, unusable amounts, reports per agency), each list fetched as one JSON text, finished by
// src/compile's finish() as compile() does for reports in memory: the same result (GET /api/compile, xxgk compile).

import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from './connect.js';
import { regionPrefix } from './derived.js';
import {
  addTally, decodeTally, emptyState, finish, mergeYear, UNITLESS, type CompiledReport, type CompileState, type ExcludedAmount,
  type ReportProblems,
} from '../compile/index.js';
import type { FormatId } from '../template/index.js';

export interface CompileSelection {
  year?: number;
  /** a region and everything in it (agencies whose region starts with it), as the list's filter */
  region?: string;
  level?: string;
}

export interface StoredCompile {
  state: CompileState;
  /**
   * The agencies that should have reported: those of the region and level with a report of any year. Only with a
   * year: without one, every such agency has a report in the selection, so none can be missing.
   */
  expectedAgencies: string[];
}

/** The compiled report of the selected reports, named after the selection's region and level. */
export async function compileStored(db: Db, sel: CompileSelection): Promise<CompiledReport> {
  const { state, expectedAgencies } = await compileState(db, sel);
  const where = [sel.region, sel.level && LEVEL_NAMES[sel.level]].filter(Boolean).join('');
  return finish(state, { expectedAgencies, ...(where ? { agency: where } : {}) });
}

const LEVEL_NAMES: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇（街道）', department: '部门' };

export async function compileState(db: Db, sel: CompileSelection): Promise<StoredCompile> {
  const state = emptyState();
  await addGroups(db, sel, state);
  const [problems, unusable, agencies, expected] = await Promise.all([
    problemsOf(db, sel), unusableOf(db, sel), agencyCounts(db, sel), sel.year === undefined ? [] : expectedAgencies(db, sel),
  ]);
  state.problems = problems;
  state.excluded = unusable;
  state.agencies = agencies;
  return { state, expectedAgencies: expected };
}

/** The tallies of the groups the selection covers, added per format; the year they share. */
async function addGroups(db: Db, sel: CompileSelection, state: CompileState): Promise<void> {
  const where: SQL[] = [sel.region ? sql`region LIKE ${regionPrefix(sel.region)}` : sql`region = ''`, sql`reports > 0`];
  if (sel.year !== undefined) where.push(sql`year = ${sel.year}`);
  if (sel.level) where.push(sql`level = ${sel.level}`);
  const rows = await rowsOf<{ format: FormatId; year: number | null; reports: number; tally: string }>(db,
    sql`SELECT format, year, reports, tally FROM compile_groups WHERE ${sql.join(where, sql` AND `)}`);
  for (const r of rows) {
    const into = state.tallies[r.format];
    if (!into) throw new Error(`compile_groups: unknown format ${JSON.stringify(r.format)}`);
    addTally(into, decodeTally(r.format, r.reports, r.tally));
    state.year = mergeYear(state.year, r.year);
  }
}

/** compile_reports rows of the selection: `FROM … WHERE …` (agencies joined when level or region is asked for). */
function fromSelection(sel: CompileSelection, ...conds: SQL[]): SQL {
  const where = [...conds];
  if (sel.year !== undefined) where.push(sql`c.year = ${sel.year}`);
  if (sel.level) where.push(sql`a.level = ${sel.level}`);
  if (sel.region) where.push(sql`a.region LIKE ${regionPrefix(sel.region)}`);
  const join = sel.level || sel.region ? sql` JOIN agencies a ON a.id = c.agency_id` : sql``;
  return sql`FROM compile_reports c${join}${where.length ? sql` WHERE ${sql.join(where, sql` AND `)}` : sql``}`;
}

/** One JSON array of a query (json_agg: one text value, not a row per item to decode). */
async function jsonList<T>(db: Db, select: SQL, from: SQL): Promise<T[]> {
  const [r] = await rowsOf<{ j: string | null }>(db, sql`SELECT json_agg(${select})::text AS j ${from}`);
  return r?.j ? (JSON.parse(r.j) as T[]) : [];
}

const byId = <T extends [number, ...unknown[]]>(a: T, b: T) => a[0] - b[0];

async function problemsOf(db: Db, sel: CompileSelection): Promise<ReportProblems[]> {
  const rows = await jsonList<[number, string | null, number | null, FormatId, number, number, string[]]>(db,
    sql`json_build_array(c.report_id, c.agency, c.year, c.format, c.errors, c.warnings, c.error_rules)`,
    fromSelection(sel, sql`(c.errors > 0 OR c.warnings > 0)`));
  // in report order, as compile() lists them (finish sorts them, the worst first, stably)
  return rows.sort(byId).map(([id, agency, year, format, errors, warnings, errorRules]) =>
    ({ id: String(id), agency, year, format, errors, warnings, errorRules }));
}

async function unusableOf(db: Db, sel: CompileSelection): Promise<ExcludedAmount[]> {
  const rows = await jsonList<[number, string | null, number | null, Array<[string, number]>]>(db,
    sql`json_build_array(c.report_id, c.agency, c.year, c.unusable)`, fromSelection(sel, sql`c.unusable IS NOT NULL`));
  return rows.sort(byId).flatMap(([id, agency, year, amounts]) =>
    amounts.map(([path, value]) => ({ id: String(id), agency, year, path, value, reason: UNITLESS })));
}

/** Reports per agency name, in the order of each name's first report (as compile() meets them). */
async function agencyCounts(db: Db, sel: CompileSelection): Promise<Map<string, number>> {
  const [r] = await rowsOf<{ j: string | null }>(db, sql`
    SELECT json_agg(json_build_array(t.first, t.agency, t.n))::text AS j
    FROM (SELECT c.agency, count(*)::int AS n, min(c.report_id) AS first ${fromSelection(sel, sql`c.agency IS NOT NULL`)} GROUP BY c.agency) t`);
  const rows = r?.j ? (JSON.parse(r.j) as Array<[number, string, number]>) : [];
  return new Map(rows.sort(byId).map(([, name, n]) => [name, n]));
}

/** Agencies of the region and level with a report of any year, by name. */
async function expectedAgencies(db: Db, sel: CompileSelection): Promise<string[]> {
  const where: SQL[] = [sql`EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = a.id)`];
  if (sel.level) where.push(sql`a.level = ${sel.level}`);
  if (sel.region) where.push(sql`a.region LIKE ${regionPrefix(sel.region)}`);
  const [r] = await rowsOf<{ j: string | null }>(db, sql`SELECT json_agg(a.name ORDER BY a.name)::text AS j FROM agencies a WHERE ${sql.join(where, sql` AND `)}`);
  return r?.j ? (JSON.parse(r.j) as string[]) : [];
}
