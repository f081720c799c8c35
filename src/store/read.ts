// Reading reports back: a filtered page of summaries, one report at any of its versions (data, sources, findings),
// the previous year's report of an agency, and every selected report's data as a stream for compile.

import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from './connect.js';
import { agencies, cells, failures, findings, originals, reports, versions } from './schema.js';
import { whereOf, orderOf, type ListOptions, type ReportFilter } from './filter.js';
import { detailReport, type StoredCell } from './rows.js';
import { reportNotFound, StoreError } from './errors.js';
import { crossYearFindings } from './cross-year.js';
import type { Finding, ParsedReport, ReportData, Section, SectionKey, Severity } from '../template/index.js';

/** The data column: the contract without its sections. */
export type StoredData = Omit<ReportData, 'sections'>;
export type StoredSections = Record<SectionKey, Section | null>;

export interface AgencyInfo { id: number; name: string; level: string | null; region: string | null; parentRegion: string | null }

export interface ReportSummary {
  id: number;
  agency: AgencyInfo | null;
  year: number | null;
  format: string;
  title: string | null;
  publishedOn: string | null;
  file: string;
  errorCount: number;
  warningCount: number;
  version: number;
  parserVersion: string;
  createdAt: Date;
}

export interface StoredReport extends Omit<ReportSummary, 'version'> {
  /** the version shown, and the newest one */
  version: number;
  currentVersion: number;
  originalHash: string;
  /** the data contract of that version, with its sources and findings, and `file` */
  report: ParsedReport & { file: string };
}

const summaryColumns = {
  id: reports.id, year: reports.year, format: reports.format, title: reports.title, publishedOn: reports.publishedOn,
  file: reports.fileName, errorCount: reports.errorCount, warningCount: reports.warningCount,
  version: reports.currentVersion, parserVersion: reports.parserVersion, createdAt: reports.createdAt,
  agencyId: agencies.id, agencyName: agencies.name, level: agencies.level, region: agencies.region, parentRegion: agencies.parentRegion,
};

type SummaryRow = { agencyId: number | null; agencyName: string | null; level: string | null; region: string | null; parentRegion: string | null };
const agencyOf = (r: SummaryRow): AgencyInfo | null =>
  r.agencyId === null ? null : { id: r.agencyId, name: r.agencyName!, level: r.level, region: r.region, parentRegion: r.parentRegion };

function toSummary<T extends SummaryRow & Omit<ReportSummary, 'agency'>>(r: T): ReportSummary {
  const { agencyId: _a, agencyName: _n, level: _l, region: _r, parentRegion: _p, ...rest } = r;
  return { ...rest, agency: agencyOf(r) };
}

export async function listReports(db: Db, opts: ListOptions = {}): Promise<{ total: number; rows: ReportSummary[] }> {
  const where = whereOf(opts);
  const limit = Math.min(Math.max(opts.limit ?? 100, 0), 10_000);
  const rows = await db.select(summaryColumns).from(reports).leftJoin(agencies, eq(reports.agencyId, agencies.id))
    .where(where).orderBy(...orderOf(opts.sort)).limit(limit).offset(Math.max(opts.offset ?? 0, 0));
  const [total] = await db.select({ n: count() }).from(reports).leftJoin(agencies, eq(reports.agencyId, agencies.id)).where(where);
  return { total: Number(total?.n ?? 0), rows: rows.map(toSummary) };
}

/**
 * A version of a report (the current one by default). The current version's findings are its own, then its
 * cross-year findings (cross-year.ts), and its counts include them; an older version's are its own only.
 * `crossYear: false` leaves the cross-year findings out of `report.findings` (a version's kept detail is made
 * without them); the counts stay those of the report.
 */
export async function getReport(db: Db, id: number, opts: { version?: number; crossYear?: boolean } = {}): Promise<StoredReport> {
  const [row] = await db.select({ ...summaryColumns, originalHash: reports.originalHash, data: reports.data, sections: reports.sections })
    .from(reports).leftJoin(agencies, eq(reports.agencyId, agencies.id)).where(eq(reports.id, id));
  if (!row) throw reportNotFound(id);
  const current = row.version;
  const version = opts.version ?? current;
  let data = row.data as StoredData, sections = row.sections as StoredSections;
  let errorCount = row.errorCount, warningCount = row.warningCount;
  if (version !== current) {
    const [v] = await db.select().from(versions).where(and(eq(versions.reportId, id), eq(versions.version, version)));
    if (!v || version > current || !v.data) {
      throw new StoreError('VERSION_NOT_FOUND', `报告 ${id} 没有第 ${version} 版`, `report ${id} has no version ${version}`);
    }
    data = v.data as StoredData;
    sections = v.sections as StoredSections;
    errorCount = v.errorCount;
    warningCount = v.warningCount;
  }
  const [cellRows, own, crossYear] = await Promise.all([
    versionCells(db, id, version), versionFindings(db, id, version),
    opts.crossYear === false ? [] : crossYearFindings(db, id, version),
  ]);
  const { originalHash, data: _d, sections: _s, ...summary } = row;
  return {
    ...toSummary({ ...summary, errorCount, warningCount }),
    version, currentVersion: current, originalHash,
    report: detailReport(data, sections, cellRows, [...own, ...crossYear], row.file),
  };
}

export async function versionCells(db: Db, id: number, version: number): Promise<StoredCell[]> {
  const rows = await db.select({
    path: cells.path, value: cells.value, raw: cells.raw, line: cells.line, col: cells.col, charOffset: cells.charOffset,
    page: cells.page, position: cells.position,
  }).from(cells).where(and(eq(cells.reportId, id), eq(cells.version, version)));
  return rows.map((r) => ({ ...r, position: r.position as Record<string, unknown> | null }));
}

export async function versionFindings(db: Db, id: number, version: number): Promise<Finding[]> {
  const rows = await db.select({ rule: findings.rule, severity: findings.severity, paths: findings.paths, message: findings.message, evidence: findings.evidence })
    .from(findings).where(and(eq(findings.reportId, id), eq(findings.version, version))).orderBy(asc(findings.seq));
  return rows.map((f) => ({
    rule: f.rule, severity: f.severity as Severity, paths: f.paths, message: f.message,
    ...(f.evidence ? { evidence: f.evidence as Record<string, unknown> } : {}),
  }));
}

/**
 * The agency's report on the year before, for the cross-year rules: when there are several, the one with fewest
 * errors of its own (its version's findings), then fewest warnings of its own, then the smallest content hash —
 * the report the stored cross-year findings are made from (cross-year.ts).
 */
export async function previousYear(db: Db, agencyId: number, year: number): Promise<StoredReport | null> {
  const [row] = await db.select({ id: reports.id }).from(reports)
    .innerJoin(versions, and(eq(versions.reportId, reports.id), eq(versions.version, reports.currentVersion)))
    .where(and(eq(reports.agencyId, agencyId), eq(reports.year, year - 1)))
    .orderBy(asc(versions.errorCount), asc(versions.warningCount), sql`${reports.originalHash} COLLATE "C"`).limit(1);
  return row ? getReport(db, row.id) : null;
}

export interface ReportDataRow {
  id: number;
  agency: AgencyInfo | null;
  year: number | null;
  format: string;
  file: string;
  errorCount: number;
  warningCount: number;
  /** the current version's contract; `sections` only when asked for */
  data: StoredData & { sections?: StoredSections };
}

/**
 * Every selected report's current data, page by page in id order, so that compile over 100,000 reports holds one
 * page in memory at a time. Sections are large and compile does not need them: ask with `sections: true`.
 */
export async function* allReportData(db: Db, filter: ReportFilter = {}, opts: { pageSize?: number; sections?: boolean } = {}): AsyncGenerator<ReportDataRow> {
  const pageSize = opts.pageSize ?? 1000;
  const where = whereOf(filter);
  let after = 0;
  for (;;) {
    const page = await db.select({
      id: reports.id, year: reports.year, format: reports.format, file: reports.fileName,
      errorCount: reports.errorCount, warningCount: reports.warningCount, data: reports.data,
      sections: opts.sections ? reports.sections : sql<null>`NULL`,
      agencyId: agencies.id, agencyName: agencies.name, level: agencies.level, region: agencies.region, parentRegion: agencies.parentRegion,
    }).from(reports).leftJoin(agencies, eq(reports.agencyId, agencies.id))
      .where(and(gt(reports.id, after), where)).orderBy(asc(reports.id)).limit(pageSize);
    for (const r of page) {
      const data = r.data as StoredData & { sections?: StoredSections };
      if (opts.sections) data.sections = r.sections as StoredSections;
      yield {
        id: r.id, agency: agencyOf(r), year: r.year, format: r.format, file: r.file,
        errorCount: r.errorCount, warningCount: r.warningCount, data,
      };
    }
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

export async function versionHistory(db: Db, id: number) {
  const [r] = await db.select({ current: reports.currentVersion }).from(reports).where(eq(reports.id, id));
  if (!r) throw reportNotFound(id);
  const rows = await db.select({
    version: versions.version, kind: versions.kind, parserVersion: versions.parserVersion, who: versions.who, why: versions.why,
    path: versions.path, oldValue: versions.oldValue, newValue: versions.newValue,
    errorCount: versions.errorCount, warningCount: versions.warningCount, createdAt: versions.createdAt,
  }).from(versions).where(eq(versions.reportId, id)).orderBy(asc(versions.version));
  return rows.map((v) => ({ ...v, current: v.version === r.current }));
}
export type VersionInfo = Awaited<ReturnType<typeof versionHistory>>[number];

export async function listFailures(db: Db, opts: { limit?: number; offset?: number } = {}) {
  return db.select({
    id: failures.id, originalHash: failures.originalHash, path: failures.path, file: failures.fileName,
    code: failures.code, message: failures.message, parserVersion: failures.parserVersion, at: failures.at, kind: originals.kind,
  }).from(failures).leftJoin(originals, eq(originals.hash, failures.originalHash))
    .orderBy(asc(failures.id)).limit(opts.limit ?? 1000).offset(opts.offset ?? 0);
}
export type FailureInfo = Awaited<ReturnType<typeof listFailures>>[number];

export async function originalsByHash(db: Db, hashes: string[]) {
  if (!hashes.length) return [];
  return db.select().from(originals).where(inArray(originals.hash, hashes));
}
