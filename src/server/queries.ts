// Reads the API needs that the store's interface does not offer (yet): a list that also filters by agency name,
// report ids by content hash (duplicates recognised before parsing), and the current version of a report (a
// report's detail is the store's, see detail.ts; compile's state too, see compile.ts). Thin: each is one
// parameterised query through drizzle, on the store's schema and with the store's own filter (whereOf/orderOf),
// so the meaning stays the store's. Candidates for src/store.

import { and, count, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { Store } from '../store/index.js';
import { schema } from '../store/index.js';
import { orderOf, whereOf } from '../store/filter.js';
import { rowsOf } from '../store/connect.js';
import type { ReportListItem } from './contract.js';
import type { ListQuery } from './params.js';

const { agencies, reports, versions } = schema;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The store's filter, plus `q` (agency name contains). */
export function whereWithName(f: ListQuery): SQL | undefined {
  const base = whereOf(f);
  return f.q ? and(base, ilike(agencies.name, `%${escapeLike(f.q)}%`)) : base;
}

export async function listReports(store: Store, opts: ListQuery & { limit: number; offset: number }): Promise<{ total: number; items: ReportListItem[] }> {
  const where = whereWithName(opts);
  const [rows, totals] = await Promise.all([
    store.db.select({
      id: reports.id, agency: agencies.name, level: agencies.level, region: agencies.region, year: reports.year,
      format: reports.format, title: reports.title, publishedOn: reports.publishedOn, errors: reports.errorCount,
      warnings: reports.warningCount, version: reports.currentVersion,
    }).from(reports).leftJoin(agencies, eq(reports.agencyId, agencies.id))
      .where(where).orderBy(...orderOf(opts.sort)).limit(opts.limit).offset(opts.offset),
    store.db.select({ n: count() }).from(reports).leftJoin(agencies, eq(reports.agencyId, agencies.id)).where(where),
  ]);
  return { total: Number(totals[0]?.n ?? 0), items: rows.map((r) => ({ ...r, format: r.format as ReportListItem['format'] })) };
}

/** Stored reports by the content hash of their original. */
export async function reportIdsByHash(store: Store, hashes: string[]): Promise<Map<string, number>> {
  if (!hashes.length) return new Map();
  const rows = await store.db.select({ id: reports.id, hash: reports.originalHash }).from(reports).where(inArray(reports.originalHash, hashes));
  return new Map(rows.map((r) => [r.hash, r.id]));
}

/** The newest version of a report, its format and its original's hash, or null when there is no such report. */
export async function currentVersion(store: Store, id: number): Promise<{ version: number; format: string; originalHash: string } | null> {
  const [row] = await store.db.select({ version: reports.currentVersion, format: reports.format, originalHash: reports.originalHash })
    .from(reports).where(eq(reports.id, id));
  return row ?? null;
}

/**
 * A cheap stamp of the stored data: every new report and every new version of one (correction, reparse) adds a row
 * to `versions`; both counts are read from indexes.
 */
export async function reportsStamp(store: Store): Promise<string> {
  const [row] = await rowsOf<{ v: number; r: number }>(store.db,
    sql`SELECT (SELECT count(*) FROM ${versions})::int AS v, (SELECT coalesce(max(${reports.id}), 0) FROM ${reports})::int AS r`);
  return `${row?.v}:${row?.r}`;
}
