// GET /api/reports/:id: a report with its data, sources and findings. The current version — what the web app asks
// for on every page and click — is read in ONE statement (the row, its agency and original, and its cells and
// findings aggregated as JSON), where store.getReport takes four round trips and a row per cell: on the embedded
// database every round trip waits behind every other request. An older version goes through store.getReport.
// Sources are rebuilt with the store's own sourcesOf, so both paths give the same detail (a test checks this).

import { sql } from 'drizzle-orm';
import type { Store } from '../store/index.js';
import { rowsOf } from '../store/connect.js';
import { reportOf, sourcesOf, type StoredCell } from '../store/rows.js';
import type { StoredData, StoredSections } from '../store/read.js';
import type { Finding, Severity } from '../template/index.js';
import { reportNotFound } from './errors.js';
import type { ReportDetail } from './contract.js';

interface DetailRow {
  id: number; year: number | null; format: string; title: string | null; published_on: string | null; file_name: string;
  error_count: number; warning_count: number; current_version: number; parser_version: string; created_at: Date | string;
  original_hash: string; data: string; sections: string;
  agency_id: number | null; agency_name: string | null; level: string | null; region: string | null;
  original_name: string | null; kind: string | null; size: number | null;
  cells: string | null; findings: string | null;
}

type CellTuple = [string, number | string | null, string | null, number | null, number | null, number | null, number | null, Record<string, unknown> | null];
type FindingTuple = [string, string, string[], string, Record<string, unknown> | null];

export async function reportDetail(store: Store, id: number, version?: number): Promise<ReportDetail> {
  if (version !== undefined) return versionDetail(store, id, version);
  const [r] = await rowsOf<DetailRow>(store.db, sql`
    SELECT r.id, r.year, r.format, r.title, r.published_on::text AS published_on, r.file_name, r.error_count, r.warning_count,
      r.current_version, r.parser_version, r.created_at, r.original_hash, r.data::text AS data, r.sections::text AS sections,
      a.id AS agency_id, a.name AS agency_name, a.level, a.region, o.name AS original_name, o.kind, o.size,
      (SELECT json_agg(json_build_array(c.path, c.value, c.raw, c.line, c.col, c.char_offset, c.page, c.position))::text
         FROM cells c WHERE c.report_id = r.id AND c.version = r.current_version) AS cells,
      (SELECT json_agg(json_build_array(f.rule, f.severity, f.paths, f.message, f.evidence) ORDER BY f.seq)::text
         FROM findings f WHERE f.report_id = r.id AND f.version = r.current_version) AS findings
    FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id LEFT JOIN originals o ON o.hash = r.original_hash
    WHERE r.id = ${id}`);
  if (!r) throw reportNotFound(id);
  const cells: StoredCell[] = (r.cells ? JSON.parse(r.cells) as CellTuple[] : []).map(([path, value, raw, line, col, charOffset, page, position]) =>
    ({ path, value: value === null ? null : Number(value), raw, line, col, charOffset, page, position }));
  const findings: Finding[] = (r.findings ? JSON.parse(r.findings) as FindingTuple[] : []).map(([rule, severity, paths, message, evidence]) =>
    ({ rule, severity: severity as Severity, paths, message, ...(evidence ? { evidence } : {}) }));
  const data = JSON.parse(r.data) as StoredData, sections = JSON.parse(r.sections) as StoredSections;
  return {
    id: r.id,
    agency: r.agency_id === null ? null : { id: r.agency_id, name: r.agency_name!, level: r.level, region: r.region },
    version: r.current_version,
    currentVersion: r.current_version,
    original: { hash: r.original_hash, name: r.original_name ?? r.file_name, kind: r.kind ?? 'unknown', size: r.size ?? 0 },
    report: { ...reportOf(data, sections), sources: sourcesOf(cells), findings, file: r.file_name },
    errors: r.error_count,
    warnings: r.warning_count,
    parserVersion: r.parser_version,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Any version, through the store. */
async function versionDetail(store: Store, id: number, version: number): Promise<ReportDetail> {
  const r = await store.getReport(id, { version });
  const [o] = await rowsOf<{ name: string; kind: string; size: number }>(store.db,
    sql`SELECT name, kind, size FROM originals WHERE hash = ${r.originalHash}`);
  return {
    id: r.id,
    agency: r.agency && { id: r.agency.id, name: r.agency.name, level: r.agency.level, region: r.agency.region },
    version: r.version,
    currentVersion: r.currentVersion,
    original: { hash: r.originalHash, name: o?.name ?? r.file, kind: o?.kind ?? 'unknown', size: o?.size ?? 0 },
    report: r.report as unknown as Record<string, unknown>,
    errors: r.errorCount,
    warnings: r.warningCount,
    parserVersion: r.parserVersion,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
