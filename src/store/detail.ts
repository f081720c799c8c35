// A version's detail — its contract, sources and findings, and its file name, the `report` of GET /api/reports/:id
// and of getReport — made once, when the version is written, and kept as JSON text in `report_details`, so that a
// fetch is one primary-key read of one text column. The text is made from the same values the tables hold, through
// the same functions that read them back (reportOf, sourcesOf), and with object keys in the order jsonb gives them:
// the kept text and one rebuilt from cells and findings are the same, character for character (a test checks it).
// The current version's cross-year findings, which change when the agency's previous year does, are kept apart
// (cross_year_findings) and spliced in after its own findings when read, in the same statement.

import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from './connect.js';
import { packDetail, unpackDetail, withMoreFindings } from './rows.js';
import { reportNotFound, StoreError } from './errors.js';

// ---- reading ---------------------------------------------------------------------------------------------------

/** A version's detail: `body` is its `report`, the JSON text as UTF-8 bytes (sent as they are). */
export interface DetailRow {
  id: number;
  agency: { id: number; name: string; level: string | null; region: string | null } | null;
  version: number;
  currentVersion: number;
  original: { hash: string; name: string; kind: string; size: number };
  errors: number;
  warnings: number;
  parserVersion: string;
  createdAt: Date;
  body: Buffer;
}

interface Row {
  id: number; current_version: number; version: number | null; error_count: number; warning_count: number; parser_version: string;
  created_at: Date | string; original_hash: string; agency_id: number | null; agency_name: string | null; level: string | null;
  region: string | null; original_name: string | null; original_kind: string | null; original_size: number | null; packed: string | null;
  /** the version's cross-year findings (JSON text of an array), when it is the current one and has any */
  cross_year: string | null;
}

/** The row, or null when the version's detail is not kept (a database from before details were kept). */
const detailOf = (r: Row, version: number): DetailRow | null => (r.packed === null ? null : {
  id: r.id,
  agency: r.agency_id === null ? null : { id: r.agency_id, name: r.agency_name!, level: r.level, region: r.region },
  version,
  currentVersion: r.current_version,
  original: { hash: r.original_hash, name: r.original_name!, kind: r.original_kind!, size: r.original_size! },
  errors: r.error_count,
  warnings: r.warning_count,
  parserVersion: r.parser_version,
  createdAt: new Date(r.created_at),
  body: r.cross_year === null ? unpackDetail(r.packed) : withMoreFindings(unpackDetail(r.packed), r.cross_year),
});

/**
 * The kept detail of a version, and the cross-year findings on it (only the current version has them): lookups by
 * key per report (LIMIT: never a join that may hash the whole table).
 */
const kept = (version: SQL) => sql`
  LEFT JOIN LATERAL (SELECT d.original_name, d.original_kind, d.original_size, d.packed FROM report_details d
                     WHERE d.report_id = r.id AND d.version = ${version} LIMIT 1) d ON true
  LEFT JOIN LATERAL (SELECT x.findings AS cross_year FROM cross_year_findings x
                     WHERE x.report_id = r.id AND x.version = ${version} AND x.findings <> '[]' LIMIT 1) x ON true`;

/**
 * The current versions of many reports, in one statement (the API gathers the fetches that arrive together: on the
 * embedded database every statement waits for the one before, and its fixed cost is most of a fetch's). Three
 * tables: the report row (current version, counts), its agency (level and region may be edited), its kept detail
 * (with what never changes: the original's name, kind and size). A report whose detail is not kept maps to null.
 */
export async function readDetails(db: Db, ids: number[]): Promise<Map<number, DetailRow | null>> {
  if (!ids.length) return new Map();
  const rows = await rowsOf<Row>(db, sql`
    SELECT r.id, r.current_version, r.current_version AS version, r.error_count, r.warning_count, r.parser_version, r.created_at,
      r.original_hash, a.id AS agency_id, a.name AS agency_name, a.level, a.region, d.original_name, d.original_kind, d.original_size,
      d.packed, x.cross_year
    FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id ${kept(sql`r.current_version`)}
    WHERE r.id = ANY(${sql.param(ids)}::int[])`);
  return new Map(rows.map((r) => [r.id, detailOf(r, r.current_version)]));
}

/**
 * One version of a report (the current one by default), in one statement; null when its detail is not kept.
 * Throws when there is no such report or version.
 */
export async function readDetail(db: Db, id: number, version?: number): Promise<DetailRow | null> {
  if (version === undefined) {
    const m = await readDetails(db, [id]);
    if (!m.has(id)) throw reportNotFound(id);
    return m.get(id)!;
  }
  // the current version's counts are the report's (with its cross-year findings), an older one's its own
  const [r] = await rowsOf<Row>(db, sql`
    SELECT r.id, r.current_version, v.version,
      CASE WHEN v.version = r.current_version THEN r.error_count ELSE v.error_count END AS error_count,
      CASE WHEN v.version = r.current_version THEN r.warning_count ELSE v.warning_count END AS warning_count,
      r.parser_version, r.created_at, r.original_hash,
      a.id AS agency_id, a.name AS agency_name, a.level, a.region, d.original_name, d.original_kind, d.original_size, d.packed,
      x.cross_year
    FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id
      LEFT JOIN versions v ON v.report_id = r.id AND v.version = ${version} ${kept(sql`${version}::int`)}
    WHERE r.id = ${id}`);
  if (!r) throw reportNotFound(id);
  if (r.version === null || version > r.current_version) {
    throw new StoreError('VERSION_NOT_FOUND', `报告 ${id} 没有第 ${version} 版`, `report ${id} has no version ${version}`);
  }
  return detailOf(r, version);
}

/** Keep a version's detail made later (a database from before details were kept): the first one wins. */
export async function keepDetail(db: Db, id: number, version: number, json: string): Promise<void> {
  await insertDetails(db, [{ id, version, packed: packDetail(json) }], true);
}

/**
 * Details of many versions, packed (packDetail), in one statement (made when the versions are written), with their
 * originals' name, kind and size: they never change, and the fetch then reads three tables, not four.
 */
export async function insertDetails(tx: Db, list: Array<{ id: number; version: number; packed: string }>, ifMissing = false): Promise<void> {
  if (!list.length) return;
  // one array literal made here (base64 needs no escaping): PGlite would escape each element of a list, 6 KB each
  await tx.execute(sql`
    INSERT INTO report_details (report_id, version, original_name, original_kind, original_size, packed)
    SELECT t.id, t.v, o.name, o.kind, o.size, t.d
    FROM unnest(${sql.param(list.map((d) => d.id))}::int[], ${sql.param(list.map((d) => d.version))}::int[],
                ${`{${list.map((d) => `"${d.packed}"`).join(',')}}`}::text[]) AS t(id, v, d)
      JOIN reports r ON r.id = t.id JOIN originals o ON o.hash = r.original_hash
    ${ifMissing ? sql`ON CONFLICT (report_id, version) DO NOTHING` : sql``}`);
}
