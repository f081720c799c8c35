// GET /api/dashboard: the figures of the charts, as SQL aggregates over the selected reports' current data (jsonb):
// per year the applications (表三 总计 column) and their outcomes, the share of each outcome, 表四's
// reconsideration and litigation, the agencies with the most errors, and the agencies missing a report per region.
// Sums are of printed numbers: a blank cell is not added (nor counted as 0). The paths summed come from the
// template; every value in the SQL is a parameter.

import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { schema, type ReportFilter, type Store } from '../store/index.js';
import { whereOf } from '../store/filter.js';
import { rowsOf } from '../store/connect.js';
import { APPEAL_COLUMNS, APPEAL_GROUPS, FORMAT_IDS, requestRows } from '../template/index.js';
import type { Dashboard } from './contract.js';

const { agencies, reports } = schema;

const FLOW_ROWS = ['newReceived', 'carriedOver', 'resultTotal', 'carriedForward'] as const;

interface Outcome { key: string; label: string; paths: string[] }

/** The six outcome groups of 表三 and the rows (of either format) that make each. */
const OUTCOMES: Outcome[] = (() => {
  const byKey = new Map<string, Outcome>();
  for (const f of FORMAT_IDS) {
    for (const r of requestRows(f)) {
      if ((FLOW_ROWS as readonly string[]).includes(r.path)) continue;
      const key = r.path.split('.')[0]!;
      const o = byKey.get(key) ?? byKey.set(key, { key, label: r.group?.label ?? r.short, paths: [] }).get(key)!;
      if (!o.paths.includes(r.path)) o.paths.push(r.path);
    }
  }
  return [...byKey.values()];
})();

const OUTCOME_PATHS = OUTCOMES.flatMap((o) => o.paths);
const LITIGATION = APPEAL_GROUPS.filter((g) => g.key !== 'reconsideration').map((g) => g.key);

/** `sum` of one number in a jsonb document, skipping blanks. */
const sumOf = (doc: SQL, keys: string[]): SQL => sql`sum((${doc} #>> ${sql.param(keys)}::text[])::numeric)::float8`;

export async function dashboard(store: Store, filter: ReportFilter): Promise<Dashboard> {
  const [byYear, topErrors, missing] = await Promise.all([yearFigures(store, filter), mostErrors(store, filter), missingByRegion(store, filter)]);
  const totals = new Map<string, number>(OUTCOMES.map((o) => [o.key, byYear.reduce((s, y) => s + (y.outcomes[o.key] ?? 0), 0)]));
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const appeals = byYear.reduce((acc, y) => {
    for (const c of APPEAL_COLUMNS) {
      acc.reconsideration[c.key] = (acc.reconsideration[c.key] ?? 0) + (y.appealCells[`reconsideration.${c.key}`] ?? 0);
      acc.litigation[c.key] = (acc.litigation[c.key] ?? 0) + LITIGATION.reduce((s, g) => s + (y.appealCells[`${g}.${c.key}`] ?? 0), 0);
    }
    return acc;
  }, { reconsideration: {} as Record<string, number>, litigation: {} as Record<string, number> });
  return {
    filter: { ...(filter.year !== undefined ? { year: filter.year } : {}), ...(filter.region ? { region: filter.region } : {}), ...(filter.level ? { level: filter.level } : {}) },
    reports: byYear.reduce((s, y) => s + y.reports, 0),
    byYear: byYear.map(({ appealCells: _, ...y }) => y),
    outcomes: OUTCOMES.map((o) => ({ key: o.key, label: o.label, count: totals.get(o.key)!, share: all ? round4(totals.get(o.key)! / all) : 0 })),
    appeals,
    topErrors,
    missing,
  };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

type YearRow = Dashboard['byYear'][number] & { appealCells: Record<string, number> };

async function yearFigures(store: Store, filter: ReportFilter): Promise<YearRow[]> {
  const q = sql.raw('q'), a = sql.raw('a');
  const flows = FLOW_ROWS.map((p) => sumOf(q, [p, 'total']));
  const outcomes = OUTCOME_PATHS.map((p) => sumOf(q, [...p.split('.'), 'total']));
  const appealKeys = APPEAL_GROUPS.flatMap((g) => APPEAL_COLUMNS.map((c) => [g.key, c.key]));
  const appeals = appealKeys.map((k) => sumOf(a, k));
  const where = whereOf(filter);
  // The documents are taken apart once per report in the subquery (OFFSET 0 keeps it from being merged into the
  // outer query, which would decompress the whole jsonb for every number read).
  const rows = await rowsOf<Record<string, number | null>>(store.db, sql`
    SELECT year, count(*)::int AS n, count(*) FILTER (WHERE e > 0)::int AS with_errors,
      ${sql.join([...flows, ...outcomes, ...appeals].map((s, i) => sql`${s} AS ${sql.raw(`s${i}`)}`), sql`, `)}
    FROM (SELECT ${reports.year} AS year, ${reports.errorCount} AS e, ${reports.data} -> 'requests' AS q, ${reports.data} -> 'appeals' AS a
          FROM ${reports} LEFT JOIN ${agencies} ON ${reports.agencyId} = ${agencies.id}
          ${where ? sql`WHERE ${where}` : sql``} OFFSET 0) AS selected
    GROUP BY year ORDER BY year NULLS LAST`);
  return rows.map((r) => {
    const v = (i: number) => Number(r[`s${i}`] ?? 0);
    const outcomeSums = new Map(OUTCOME_PATHS.map((p, i) => [p, v(flows.length + i)]));
    const appealCells = Object.fromEntries(appealKeys.map((k, i) => [k.join('.'), v(flows.length + outcomes.length + i)]));
    return {
      year: r['year'] === null ? null : Number(r['year']),
      reports: Number(r['n']), withErrors: Number(r['with_errors']),
      newReceived: v(0), carriedOver: v(1), resultTotal: v(2), carriedForward: v(3),
      outcomes: Object.fromEntries(OUTCOMES.map((o) => [o.key, o.paths.reduce((s, p) => s + outcomeSums.get(p)!, 0)])),
      reconsideration: appealCells['reconsideration.total'] ?? 0,
      litigation: LITIGATION.reduce((s, g) => s + (appealCells[`${g}.total`] ?? 0), 0),
      appealCells,
    };
  });
}

async function mostErrors(store: Store, filter: ReportFilter, limit = 10): Promise<Dashboard['topErrors']> {
  const errors = sql<number>`sum(${reports.errorCount})::int`;
  const rows = await store.db.select({
    agencyId: agencies.id, agency: agencies.name, level: agencies.level, region: agencies.region,
    reports: count(), errors, warnings: sql<number>`sum(${reports.warningCount})::int`,
  }).from(reports).innerJoin(agencies, eq(reports.agencyId, agencies.id))
    .where(and(whereOf(filter), sql`${reports.errorCount} > 0`))
    .groupBy(agencies.id).orderBy(desc(errors), agencies.name).limit(limit);
  return rows.map((r) => ({ ...r, reports: Number(r.reports), errors: Number(r.errors), warnings: Number(r.warnings) }));
}

/**
 * Agencies of the selection's region and level that have a report of some year but none of the year shown: the
 * selected year (the latest of several), or the latest year of the selection.
 */
async function missingByRegion(store: Store, filter: ReportFilter): Promise<Dashboard['missing']> {
  const years = filter.year === undefined ? [] : Array.isArray(filter.year) ? filter.year : [filter.year];
  let year = years.length ? Math.max(...years) : null;
  if (year === null) {
    const [row] = await store.db.select({ y: sql<number | null>`max(${reports.year})` }).from(reports)
      .leftJoin(agencies, eq(reports.agencyId, agencies.id)).where(whereOf(filter));
    year = row?.y ?? null;
  }
  if (year === null) return { year: null, regions: [] };
  const scope = whereOf({ region: filter.region, level: filter.level });
  const lacks = sql`NOT EXISTS (SELECT 1 FROM ${reports} WHERE ${reports.agencyId} = ${agencies.id} AND ${reports.year} = ${year})`;
  const rows = await rowsOf<{ region: string; expected: number; missing: number; agencies: string[] | null }>(store.db, sql`
    SELECT coalesce(${agencies.region}, '') AS region, count(*)::int AS expected,
      count(*) FILTER (WHERE ${lacks})::int AS missing,
      (array_agg(${agencies.name} ORDER BY ${agencies.name}) FILTER (WHERE ${lacks}))[1:20] AS agencies
    FROM ${agencies}
    WHERE EXISTS (SELECT 1 FROM ${reports} WHERE ${reports.agencyId} = ${agencies.id}) ${scope ? sql`AND ${scope}` : sql``}
    GROUP BY 1 HAVING count(*) FILTER (WHERE ${lacks}) > 0
    ORDER BY missing DESC, region LIMIT 100`);
  return { year, regions: rows.map((r) => ({ region: r.region, expected: Number(r.expected), missing: Number(r.missing), agencies: r.agencies ?? [] })) };
}
