// Writing a batch of parsed files in ONE transaction: originals, agencies, reports with their cells, findings and
// first version, their cross-year findings and those of their agencies' reports of the year after, and failures. A
// process killed at any moment leaves whole batches or nothing of them, and the unique content hash turns a second
// write of the same file into a duplicate, never a second report.

import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './connect.js';
import { reports } from './schema.js';
import { PATH_DICTIONARY, type EncodedCells, type PreparedReport, type OriginalFacts } from './rows.js';
import { insertDetails } from './detail.js';
import { agencyGroups, putCompileReports, TallyChanges } from './derived.js';
import { refreshCrossYear, type Slot } from './cross-year.js';
import type { AgencyFacts } from './agencies.js';

export interface FailureInput {
  /** the content, when it could be read: kept so that a better parser can try again (reparse) */
  original?: OriginalFacts & { bytes: Uint8Array };
  /** where the file was found */
  path?: string | null;
  fileName: string;
  code: string;
  message: string;
  parserVersion: string;
}

export type BatchItem =
  | { kind: 'report'; report: PreparedReport; bytes: Uint8Array }
  | { kind: 'failure'; failure: FailureInput };

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type ItemOutcome =
  | { status: 'added'; id: number }
  | { status: 'duplicate'; id: number | null }
  /** `code` and `message` when the reason is not the item's own (the database refused a report) */
  | { status: 'failed'; code?: string; message?: string };

/**
 * Write the batch in one transaction; outcomes follow the items' order. `asyncCommit` (PostgreSQL only) lets the
 * commit return before its WAL reaches the disk: a crash of the server loses at most the last batches, whole, and a
 * re-run adds them again. Never on PGlite: there the database dies with the process, and a kill -9 would lose
 * batches it had reported stored.
 */
export async function writeBatch(db: Db, items: BatchItem[], opts: { asyncCommit?: boolean } = {}): Promise<ItemOutcome[]> {
  if (!items.length) return [];
  // Agencies first, committed on their own: a new agency's row would otherwise stay locked until the batch commits,
  // and a second writer meeting the same agency would wait for it. An agency without reports is harmless.
  const agencies = items.flatMap((it) => (it.kind === 'report' && it.report.agency ? [it.report.agency] : []));
  const agencyIds = await upsertAgencies(db, agencies);
  return db.transaction(async (tx) => {
    if (opts.asyncCommit) await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    return writeItems(tx as unknown as Db, items, agencyIds);
  });
}

async function writeItems(tx: Db, items: BatchItem[], agencyIds: Map<string, number>): Promise<ItemOutcome[]> {
  const originals = new Map<string, OriginalFacts & { bytes: Uint8Array }>();
  for (const it of items) {
    const o = it.kind === 'report' ? { ...it.report.original, bytes: it.bytes } : it.failure.original;
    if (o && !originals.has(o.hash)) originals.set(o.hash, o);
  }
  // Rows go in a fixed order (hash, name), so that concurrent writers wait for each other instead of deadlocking.
  await insertOriginals(tx, [...originals.values()].sort((a, b) => compare(a.hash, b.hash)));

  const reports = items.flatMap((it) => (it.kind === 'report' ? [it.report] : [])).sort((a, b) => compare(a.original.hash, b.original.hash));
  const inserted = await insertReports(tx, reports, agencyIds);
  const newReports = reports.filter((r) => inserted.has(r.original.hash));
  const { tallies, written } = await insertContents(tx, newReports, inserted, agencyIds);
  if (inserted.size) await tx.execute(sql`DELETE FROM failures WHERE original_hash = ANY(${sql.param([...inserted.keys()])}::text[])`);
  await insertFailures(tx, items.flatMap((it) => (it.kind === 'failure' ? [it.failure] : [])));

  const existing = await existingReportIds(tx, reports.filter((r) => !inserted.has(r.original.hash)).map((r) => r.original.hash));
  // the new reports paired with their agencies' years before and after (their agencies are locked: insertContents)
  const slots = written.flatMap(({ agencyId, r }): Slot[] => (agencyId === null || r.year === null ? [] : [{ agencyId, year: r.year }]));
  await refreshCrossYear(tx, { slots, reports: written.map((x) => x.id) }, new Map(written.map(({ id, r }) => [id, r.dataJson])));
  // last: the groups' rows stay locked only from here to the commit
  await tallies.write(tx);
  const claimed = new Set<string>();
  return items.map((it): ItemOutcome => {
    if (it.kind === 'failure') return { status: 'failed' };
    const hash = it.report.original.hash;
    const id = inserted.get(hash);
    // the same content twice in one batch: the first is added, the second is its duplicate
    if (id !== undefined && !claimed.has(hash)) { claimed.add(hash); return { status: 'added', id }; }
    return { status: 'duplicate', id: id ?? existing.get(hash) ?? null };
  });
}

/** Keep originals (no report yet: the queue stores the files first and parses them later). */
export async function insertOriginals(tx: Db, list: Array<OriginalFacts & { bytes: Uint8Array }>): Promise<void> {
  if (!list.length) return;
  // Hex in one array literal: PGlite takes a binary parameter per file far more slowly, PostgreSQL as fast.
  const hex = `{${list.map((o) => `"\\\\x${Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength).toString('hex')}"`).join(',')}}`;
  await tx.execute(sql`
    INSERT INTO originals (hash, bytes, name, kind, size)
    SELECT * FROM unnest(${sql.param(list.map((o) => o.hash))}::text[], ${hex}::bytea[], ${sql.param(list.map((o) => o.name))}::text[],
                         ${sql.param(list.map((o) => o.kind))}::text[], ${sql.param(list.map((o) => o.size))}::int[])
    ON CONFLICT (hash) DO NOTHING`);
}

/** Agencies by name, created at first sight; a level or region a person edited is never touched. */
export async function upsertAgencies(tx: Db, agencies: AgencyFacts[]): Promise<Map<string, number>> {
  const byName = new Map(agencies.map((a) => [a.name, a]));
  if (!byName.size) return new Map();
  const list = [...byName.values()].sort((a, b) => compare(a.name, b.name));
  const col = <T>(f: (a: AgencyFacts) => T) => sql.param(list.map(f));
  await tx.execute(sql`
    INSERT INTO agencies (name, level, region, parent_region)
    SELECT * FROM unnest(${col((a) => a.name)}::text[], ${col((a) => a.level)}::text[], ${col((a) => a.region)}::text[],
                         ${col((a) => a.parentRegion)}::text[])
    ON CONFLICT (name) DO NOTHING`);
  const rows = await rowsOf<{ id: number; name: string }>(tx,
    sql`SELECT id, name FROM agencies WHERE name = ANY(${sql.param(list.map((a) => a.name))}::text[])`);
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Insert the reports whose content is new; returns their ids by content hash. */
async function insertReports(tx: Db, list: PreparedReport[], agencyIds: Map<string, number>): Promise<Map<string, number>> {
  if (!list.length) return new Map();
  const rows = await tx.insert(reports).values(list.map((r) => ({
    agencyId: r.agency ? agencyIds.get(r.agency.name) ?? null : null,
    year: r.year, format: r.format, originalHash: r.original.hash, fileName: r.original.name, parserVersion: r.parserVersion,
    title: r.title, publishedOn: r.publishedOn,
    // already JSON text (made by the workers): cast, not encoded again
    sections: sql`${r.sectionsJson}::jsonb`, data: sql`${r.dataJson}::jsonb`,
    errorCount: r.errorCount, warningCount: r.warningCount,
  }))).onConflictDoNothing({ target: reports.originalHash }).returning({ id: reports.id, hash: reports.originalHash });
  return new Map(rows.map((r) => [r.hash, r.id]));
}

interface Written { id: number; agencyId: number | null; r: PreparedReport }

/**
 * Cells, findings, the version row and the detail of version 1 of each new report, and its compile row; returns the
 * tallies to add to its groups (written last, by the caller) and the reports written, each once.
 */
async function insertContents(tx: Db, reports: PreparedReport[], ids: Map<string, number>, agencyIds: Map<string, number>): Promise<{ tallies: TallyChanges; written: Written[] }> {
  const seen = new Set<number>();
  const list = reports.filter((r) => {
    const id = ids.get(r.original.hash)!;
    return seen.has(id) ? false : (seen.add(id), true);
  }).map((r): Written => ({ id: ids.get(r.original.hash)!, agencyId: r.agency ? agencyIds.get(r.agency.name) ?? null : null, r }));
  const tallies = new TallyChanges();
  if (!list.length) return { tallies, written: list };
  await insertCells(tx, 1, list.map(({ id, r }) => ({ id, cells: r.cells })));
  await insertFindings(tx, list.map(({ id, r }) => ({ id, version: 1, findings: r.findings })));
  const col = <T>(f: (x: { id: number; r: PreparedReport }) => T) => sql.param(list.map(f));
  await tx.execute(sql`
    INSERT INTO versions (report_id, version, kind, parser_version, who, error_count, warning_count)
    SELECT id, 1, 'parse', pv, 'xxgk ' || pv, e, w
    FROM unnest(${col((x) => x.id)}::int[], ${col((x) => x.r.parserVersion)}::text[], ${col((x) => x.r.errorCount)}::int[],
                ${col((x) => x.r.warningCount)}::int[]) AS t(id, pv, e, w)`);
  await insertDetails(tx, list.flatMap(({ id, r }) => (r.detail === null ? [] : [{ id, version: 1, packed: r.detail }])));
  await putCompileReports(tx, list.map(({ id, agencyId, r }) => ({ id, agencyId, facts: r.compile })));
  // the agencies' level and region as stored (a person may have edited them), locked until commit against an edit
  // and against another writer of their reports
  const groups = await agencyGroups(tx, list.flatMap((x) => (x.agencyId === null ? [] : [x.agencyId])));
  for (const { agencyId, r } of list) {
    const g = agencyId === null ? undefined : groups.get(agencyId);
    tallies.add({ year: r.compile.year, format: r.compile.format, level: g?.level ?? null, region: g?.region ?? null }, r.compile.tally);
  }
  return { tallies, written: list };
}

/** The cells of one version of each report, in one statement: the workers encoded them, here they are joined. */
export async function insertCells(tx: Db, version: number, list: Array<{ id: number; cells: EncodedCells }>): Promise<void> {
  const nonEmpty = list.filter((x) => x.cells.count > 0);
  if (!nonEmpty.length) return;
  const literal = (f: (x: { id: number; cells: EncodedCells }) => string) => `{${nonEmpty.map(f).join(',')}}`;
  await tx.execute(sql`
    INSERT INTO cells (report_id, version, path, value, raw, line, col, char_offset, page, position)
    SELECT id, ${version}::int, (${sql.param(PATH_DICTIONARY)}::text[])[ref], v, r, l, c, o, p, pos
    FROM unnest(${literal((x) => `${x.id},`.repeat(x.cells.count).slice(0, -1))}::int[], ${literal((x) => x.cells.pathRefs)}::int[],
                ${literal((x) => x.cells.values)}::numeric[], ${literal((x) => x.cells.raws)}::text[],
                ${literal((x) => x.cells.lines)}::int[], ${literal((x) => x.cells.cols)}::int[],
                ${literal((x) => x.cells.offsets)}::int[], ${literal((x) => x.cells.pages)}::int[],
                ${literal((x) => x.cells.positions)}::jsonb[]) AS t(id, ref, v, r, l, c, o, p, pos)`);
}

export async function insertFindings(tx: Db, list: Array<{ id: number; version: number; findings: PreparedReport['findings'] }>): Promise<void> {
  const ids: number[] = [], versions: number[] = [], seqs: number[] = [];
  const rules: string[] = [], severities: string[] = [], paths: string[] = [], messages: string[] = [], evidence: (string | null)[] = [];
  for (const { id, version, findings } of list) {
    findings.rules.forEach((_, i) => { ids.push(id); versions.push(version); seqs.push(i); });
    rules.push(...findings.rules); severities.push(...findings.severities); paths.push(...findings.paths);
    messages.push(...findings.messages); evidence.push(...findings.evidence);
  }
  if (!ids.length) return;
  await tx.execute(sql`
    INSERT INTO findings (report_id, version, seq, rule, severity, paths, message, evidence)
    SELECT id, v, s, r, sev, ARRAY(SELECT jsonb_array_elements_text(p)), m, e
    FROM unnest(${sql.param(ids)}::int[], ${sql.param(versions)}::int[], ${sql.param(seqs)}::int[], ${sql.param(rules)}::text[],
                ${sql.param(severities)}::text[], ${sql.param(paths)}::jsonb[], ${sql.param(messages)}::text[],
                ${sql.param(evidence)}::jsonb[]) AS t(id, v, s, r, sev, p, m, e)`);
}

/**
 * One failure per bad content and parser version (seen again: its time and path are updated); failures without
 * content (a file that could not be read) are each kept. Their originals are written by writeItems.
 */
async function insertFailures(tx: Db, failures: FailureInput[]): Promise<void> {
  const unique = new Map<string, FailureInput>();
  failures.forEach((f, i) => unique.set(f.original ? `${f.original.hash}\n${f.parserVersion}` : `#${i}`, f));
  const list = [...unique.values()];
  if (!list.length) return;
  const col = <T>(f: (x: FailureInput) => T) => sql.param(list.map(f));
  await tx.execute(sql`
    INSERT INTO failures (original_hash, path, file_name, code, message, parser_version)
    SELECT * FROM unnest(${col((f) => f.original?.hash ?? null)}::text[], ${col((f) => f.path ?? null)}::text[],
                         ${col((f) => f.fileName)}::text[], ${col((f) => f.code)}::text[], ${col((f) => f.message)}::text[],
                         ${col((f) => f.parserVersion)}::text[])
    ON CONFLICT (original_hash, parser_version) DO UPDATE
      SET at = now(), path = excluded.path, file_name = excluded.file_name, code = excluded.code, message = excluded.message`);
}

async function existingReportIds(tx: Db, hashes: string[]): Promise<Map<string, number>> {
  if (!hashes.length) return new Map();
  const rows = await rowsOf<{ id: number; original_hash: string }>(tx,
    sql`SELECT id, original_hash FROM reports WHERE original_hash = ANY(${sql.param(hashes)}::text[])`);
  return new Map(rows.map((r) => [r.original_hash, r.id]));
}

/** Which of these contents are already stored as reports. */
export async function storedHashes(db: Db, hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const rows = await rowsOf<{ original_hash: string }>(db,
    sql`SELECT original_hash FROM reports WHERE original_hash = ANY(${sql.param(hashes)}::text[])`);
  return new Set(rows.map((r) => r.original_hash));
}
