// The filter shared by listing, compile and export: year, region, level, errors. Every value is a parameter.

import { and, asc, desc, eq, gt, inArray, like, sql, type SQL } from 'drizzle-orm';
import { agencies, reports } from './schema.js';

export interface ReportFilter {
  year?: number | number[];
  /** a region and everything in it: 淮安市 matches 淮安市 and 淮安市洪泽区 */
  region?: string;
  /** province, city, county, township, department */
  level?: string | string[];
  /** true: only reports with an error-level finding; false: only those without */
  hasErrors?: boolean;
  format?: '2019' | '2021';
  agencyId?: number;
}

export const SORT_KEYS = ['id', 'year', 'agency', 'level', 'region', 'errors', 'warnings', 'created'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
/** a sort key, `-` in front for descending: `-year` */
export type Sort = SortKey | `-${SortKey}`;

export interface ListOptions extends ReportFilter {
  limit?: number;
  offset?: number;
  sort?: Sort;
}

const list = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function whereOf(f: ReportFilter): SQL | undefined {
  const conds: Array<SQL | undefined> = [];
  const years = list(f.year);
  if (years) conds.push(years.length === 1 ? eq(reports.year, years[0]!) : inArray(reports.year, years));
  const levels = list(f.level);
  if (levels) conds.push(levels.length === 1 ? eq(agencies.level, levels[0]!) : inArray(agencies.level, levels));
  if (f.region) conds.push(like(agencies.region, `${escapeLike(f.region)}%`));
  if (f.hasErrors !== undefined) conds.push(f.hasErrors ? gt(reports.errorCount, 0) : eq(reports.errorCount, 0));
  if (f.format) conds.push(eq(reports.format, f.format));
  if (f.agencyId !== undefined) conds.push(eq(reports.agencyId, f.agencyId));
  return conds.length ? and(...conds) : undefined;
}

const SORT_COLUMNS = {
  id: reports.id, year: reports.year, agency: agencies.name, level: agencies.level, region: agencies.region, errors: reports.errorCount,
  warnings: reports.warningCount, created: reports.createdAt,
} as const;

/** ORDER BY for a sort key; the id last, so that pages are stable. */
export function orderOf(sort: Sort = 'id'): SQL[] {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as SortKey;
  const column = SORT_COLUMNS[key] ?? reports.id;
  const first = descending ? sql`${column} DESC NULLS LAST` : sql`${column} ASC NULLS LAST`;
  return key === 'id' ? [descending ? desc(reports.id) : asc(reports.id)] : [first, asc(reports.id)];
}

export const isSort = (s: string): s is Sort => (SORT_KEYS as readonly string[]).includes(s.replace(/^-/, ''));
