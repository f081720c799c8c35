// The store: parsed reports, their originals, versions and failures in a database. Embedded PGlite in a folder by
// default (./xxgk-data, or XXGK_DATA), PostgreSQL when a URL is given (DATABASE_URL); the same schema and
// migrations on both.

import { createHash } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import { connectPglite, connectPostgres, type Connection, type Db, type Engine } from './connect.js';
import { prepareReport, type OriginalFacts } from './rows.js';
import { insertOriginals, storedHashes, writeBatch, type BatchItem, type ItemOutcome } from './write.js';
import {
  allReportData, getReport, listFailures, listReports, originalsByHash, previousYear, versionHistory,
  type FailureInfo, type ReportDataRow, type ReportSummary, type StoredReport, type VersionInfo,
} from './read.js';
import { correctCell, type Correction, type CorrectionResult } from './versions.js';
import { compileState, compileStored, type CompileSelection, type StoredCompile } from './compile.js';
import { keepDetail, readDetail, readDetails, type DetailRow } from './detail.js';
import { ensureDerived, moveAgency } from './derived.js';
import { ensureCrossYear } from './cross-year.js';
import { rowsOf } from './connect.js';
import { reparseAll, type ParseFn, type ReparseOptions, type ReparseSummary } from './reparse.js';
import { noDataReason } from './policy.js';
import { agencies, failures, originals, reports } from './schema.js';
import type { ListOptions, ReportFilter } from './filter.js';
import { sniff } from '../read/index.js';
import { describeError } from '../errors.js';
import { VERSION } from '../version.js';
import type { ParsedReport } from '../template/index.js';
import type { CompiledReport } from '../compile/index.js';

export type { Db, Engine } from './connect.js';
export type { ListOptions, ReportFilter, Sort } from './filter.js';
export { SORT_KEYS, isSort } from './filter.js';
export type { ReportSummary, StoredReport, ReportDataRow, VersionInfo, FailureInfo, AgencyInfo, StoredData } from './read.js';
export type { CorrectionResult, Correction } from './versions.js';
export type { ReparseSummary, ReparseChange, ParseFn } from './reparse.js';
export type { PreparedReport, OriginalFacts } from './rows.js';
export type { BatchItem, ItemOutcome, FailureInput } from './write.js';
export type { CompileSelection, StoredCompile } from './compile.js';
export type { DetailRow } from './detail.js';
export { prepareReport } from './rows.js';
export { noDataReason } from './policy.js';
export { agencyFacts, divisionsOf } from './agencies.js';
export { StoreError } from './errors.js';
export * as schema from './schema.js';

export interface StoreOptions {
  /** PGlite folder; default XXGK_DATA or ./xxgk-data; `memory://` for a database that lives in memory only */
  dataDir?: string;
  /** PostgreSQL URL; default DATABASE_URL. When set, it wins over dataDir. */
  databaseUrl?: string;
  /** connections to PostgreSQL (default 4) */
  poolSize?: number;
  /** a server: the embedded database is compiled optimised before it opens (about 1.5 s; see connect.ts) */
  longRunning?: boolean;
}

export interface Original { bytes: Uint8Array; name: string; path?: string }

export type SaveResult =
  | { id: number; created: boolean }
  | { id: null; created: false; failure: { code: string; message: string } };

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const url = opts.databaseUrl ?? process.env['DATABASE_URL'];
  // after the migrations (on PostgreSQL under their lock): the derived tables and the cross-year findings made for
  // reports stored before them
  const prepare = async (db: Db) => {
    await ensureDerived(db);
    await ensureCrossYear(db);
  };
  const conn = url
    ? await connectPostgres(url, { max: opts.poolSize, prepare })
    : await connectPglite(opts.dataDir ?? process.env['XXGK_DATA'] ?? './xxgk-data', { prepare, longRunning: opts.longRunning });
  return new Store(conn);
}

export class Store {
  readonly db: Db;
  readonly engine: Engine;
  /** where the data lives: the PGlite folder or the PostgreSQL URL (password hidden) */
  readonly location: string;
  private readonly conn: Connection;

  constructor(conn: Connection) {
    this.conn = conn;
    this.db = conn.db;
    this.engine = conn.engine;
    this.location = conn.location;
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  /** Store one parsed file. The same content again returns the stored report (created: false). */
  async saveParsed(original: Original, parsed: ParsedReport, parserVersion = VERSION): Promise<SaveResult> {
    const facts = { hash: sha256(original.bytes), name: original.name, kind: sniff(original.bytes, original.name), size: original.bytes.length };
    const noData = noDataReason(parsed);
    if (noData) {
      await this.recordFailure({ ...original, error: noData, parserVersion });
      return { id: null, created: false, failure: describeError(noData) };
    }
    const [r] = await writeBatch(this.db, [{ kind: 'report', report: prepareReport(parsed, facts, parserVersion), bytes: original.bytes }]);
    if (r?.status === 'added') return { id: r.id, created: true };
    if (r?.status === 'duplicate' && r.id !== null) return { id: r.id, created: false };
    throw new Error('the report was neither stored nor found');
  }

  /** Write many prepared reports and failures in one transaction (ingest's path). */
  saveBatch(items: BatchItem[]): Promise<ItemOutcome[]> {
    return writeBatch(this.db, items, { asyncCommit: this.engine === 'postgres' });
  }

  /** Keep files without parsing them yet (the queue: workers parse them later). */
  keepOriginals(list: Array<OriginalFacts & { bytes: Uint8Array }>): Promise<void> {
    return insertOriginals(this.db, list);
  }

  /** Stored files by content hash, with their bytes. */
  originals(hashes: string[]): Promise<Array<OriginalFacts & { bytes: Uint8Array; storedAt: Date }>> {
    return originalsByHash(this.db, hashes);
  }

  /** Which of these content hashes are stored as reports already. */
  knownHashes(hashes: string[]): Promise<Set<string>> {
    return storedHashes(this.db, hashes);
  }

  /**
   * Record a file that could not be stored as a report, with its reason. With its bytes, the original is kept so
   * that a later parser can try again (reparse); the same content failing again is one failure, updated.
   */
  async recordFailure(f: { name: string; path?: string; bytes?: Uint8Array; error: unknown; parserVersion?: string }): Promise<void> {
    const { code, message } = describeError(f.error);
    const original = f.bytes?.length
      ? { hash: sha256(f.bytes), name: f.name, kind: sniff(f.bytes, f.name), size: f.bytes.length, bytes: f.bytes }
      : undefined;
    await writeBatch(this.db, [{ kind: 'failure', failure: { original, path: f.path ?? null, fileName: f.name, code, message, parserVersion: f.parserVersion ?? VERSION } }]);
  }

  listReports(opts: ListOptions = {}): Promise<{ total: number; rows: ReportSummary[] }> {
    return listReports(this.db, opts);
  }

  getReport(id: number, opts: { version?: number } = {}): Promise<StoredReport> {
    return getReport(this.db, id, opts);
  }

  /** A person's correction of one cell: a new version; the previous one stays readable with getReport(id, {version}). */
  correctCell(id: number, path: string, value: number | null, by: Correction): Promise<CorrectionResult> {
    return correctCell(this.db, id, path, value, by);
  }

  history(id: number): Promise<VersionInfo[]> {
    return versionHistory(this.db, id);
  }

  previousYear(agencyId: number, year: number): Promise<StoredReport | null> {
    return previousYear(this.db, agencyId, year);
  }

  /** Read every stored original again with `parse` and report what changed (see reparse.ts). */
  reparse(parse: ParseFn, opts: Partial<ReparseOptions> = {}): Promise<ReparseSummary> {
    return reparseAll(this.db, parse, { parserVersion: opts.parserVersion ?? VERSION, onProgress: opts.onProgress });
  }

  /** The selected reports' current data, streamed page by page (compile, export). */
  allReportData(filter: ReportFilter = {}, opts: { pageSize?: number; sections?: boolean } = {}): AsyncGenerator<ReportDataRow> {
    return allReportData(this.db, filter, opts);
  }

  failures(opts: { limit?: number; offset?: number } = {}): Promise<FailureInfo[]> {
    return listFailures(this.db, opts);
  }

  /** How many rows each table holds. */
  async counts(): Promise<{ reports: number; agencies: number; originals: number; failures: number }> {
    const n = async (t: typeof reports | typeof agencies | typeof originals | typeof failures) =>
      Number((await this.db.select({ n: count() }).from(t))[0]?.n ?? 0);
    return { reports: await n(reports), agencies: await n(agencies), originals: await n(originals), failures: await n(failures) };
  }

  /**
   * Change what the name suggested about an agency; ingest never overwrites an edited level. Its reports' tallies
   * move to the groups of the new level and region in the same transaction.
   */
  async editAgency(id: number, change: { level?: string | null; region?: string | null; parentRegion?: string | null; parentId?: number | null }): Promise<void> {
    await this.db.transaction(async (txx) => {
      const tx = txx as unknown as Db;
      const [before] = await rowsOf<{ level: string | null; region: string | null }>(tx, sql`SELECT level, region FROM agencies WHERE id = ${id} FOR UPDATE`);
      if (!before) return;
      await tx.update(agencies).set({ ...change, ...(change.level !== undefined ? { levelEdited: true } : {}) }).where(sql`${agencies.id} = ${id}`);
      const after = { level: change.level !== undefined ? change.level : before.level, region: change.region !== undefined ? change.region : before.region };
      await moveAgency(tx, id, before, after);
    });
  }

  /**
   * What compile needs of the selected reports, from the tallies kept per group and the narrow per-report rows:
   * finish it with src/compile's finish() (with `expectedAgencies`) for the same result as compile() of the reports.
   */
  compileState(sel: CompileSelection = {}): Promise<StoredCompile> {
    return compileState(this.db, sel);
  }

  /** The compiled report (汇总) of the selected reports, from the kept tallies: what GET /api/compile and xxgk compile give. */
  compile(sel: CompileSelection = {}): Promise<CompiledReport> {
    return compileStored(this.db, sel);
  }

  /**
   * A version of a report (the current one by default) for the API, in one statement: its `body` is the `report`
   * as JSON text (UTF-8 bytes), kept when the version was written; for a version stored before details were kept it
   * is made from the cells and findings now, and kept.
   */
  async detail(id: number, version?: number): Promise<DetailRow> {
    return (await readDetail(this.db, id, version)) ?? this.makeDetail(id, version);
  }

  /** The current versions of many reports, in one statement; ids without a report are not in the map. */
  async details(ids: number[]): Promise<Map<number, DetailRow>> {
    const rows = await readDetails(this.db, ids);
    const out = new Map<number, DetailRow>();
    for (const [id, row] of rows) out.set(id, row ?? await this.makeDetail(id));
    return out;
  }

  /**
   * Read one stored report's detail (the first), so that the statement is planned, its tables opened and the code
   * that decodes a detail compiled before a server's first requests, which would otherwise all wait behind it.
   */
  async warmUp(): Promise<void> {
    const [first] = await rowsOf<{ id: number }>(this.db, sql`SELECT id FROM reports ORDER BY id LIMIT 1`);
    await this.details([first?.id ?? 0]);
  }

  /** A detail not kept yet: made from the cells and findings, kept, and read back. */
  private async makeDetail(id: number, version?: number): Promise<DetailRow> {
    // the version's own findings: its cross-year ones are spliced in when read
    const r = await getReport(this.db, id, { ...(version === undefined ? {} : { version }), crossYear: false });
    await keepDetail(this.db, id, r.version, JSON.stringify(r.report)); // = detailJson(…) of the same version
    const row = await readDetail(this.db, id, r.version);
    if (!row) throw new Error(`the detail of report ${id} version ${r.version} was not kept`);
    return row;
  }
}
