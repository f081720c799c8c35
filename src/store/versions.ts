// New versions of a report. Nothing is overwritten: the superseded version's data is kept in its `versions` row,
// its cells and findings stay under its number, and the new version gets a full set of its own.

import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from './connect.js';
import { reports, versions, findings as findingsTable } from './schema.js';
import {
  compileFacts, countOf, detailJson, encodeCells, findingRows, packDetail, reportOf, storedCells, storedFindings, withCell,
  type CellRows,
} from './rows.js';
import { insertCells, insertFindings } from './write.js';
import { insertDetails } from './detail.js';
import { agencyGroups, putCompileReports, TallyChanges } from './derived.js';
import { refreshCrossYear, type Slot } from './cross-year.js';
import { StoreError, reportNotFound } from './errors.js';
import { versionCells, type StoredData, type StoredSections } from './read.js';
import { tallyOf } from '../compile/tally.js';
import { check, RULES } from '../check/index.js';
import { cellDef, getCell } from '../template/index.js';
import type { Finding, Severity } from '../template/index.js';

const RULE_IDS = new Set(RULES.map((r) => r.id));
/** Notes of the extractor (X-…) describe how the file was read: a correction does not change them. */
export const extractionNotices = (fs: Finding[]) => fs.filter((f) => !RULE_IDS.has(f.rule));

export interface CurrentReport {
  id: number;
  version: number;
  parserVersion: string;
  data: StoredData;
  sections: StoredSections;
  agencyId: number | null;
  year: number | null;
  file: string;
}

/**
 * The current version, locked until the transaction ends so that two corrections cannot both make version n+1. Its
 * agency, and `agencies` (those the new version will be under), are locked first, in id order, as a writer of their
 * reports locks them (cross-year.ts): every writer locks agencies before reports' rows.
 */
export async function lockCurrent(tx: Db, id: number, agencies: number[] = []): Promise<CurrentReport> {
  await tx.execute(sql`
    SELECT id FROM agencies WHERE id = ANY(${sql.param(agencies)}::int[]) OR id = (SELECT agency_id FROM reports WHERE id = ${id})
    ORDER BY id FOR NO KEY UPDATE`);
  const [r] = await rowsOf<{
    id: number; current_version: number; parser_version: string; data: StoredData; sections: StoredSections; agency_id: number | null;
    year: number | null; file_name: string;
  }>(tx, sql`SELECT id, current_version, parser_version, data, sections, agency_id, year, file_name FROM reports WHERE id = ${id} FOR UPDATE`);
  if (!r) throw reportNotFound(id);
  return {
    id: r.id, version: r.current_version, parserVersion: r.parser_version, data: r.data, sections: r.sections,
    agencyId: r.agency_id, year: r.year, file: r.file_name,
  };
}

export interface NewVersion {
  kind: 'correction' | 'reparse';
  parserVersion: string;
  who: string;
  why: string | null;
  path?: string | null;
  oldValue?: number | null;
  newValue?: number | null;
  data: StoredData;
  sections: StoredSections;
  findings: Finding[];
  /** the new version's cells, or null to copy the current ones with `path` set to `newValue` */
  cells: CellRows | null;
  /** columns of `reports` that change with the version (a reparse may read another agency or year) */
  columns?: Partial<{ agencyId: number | null; year: number | null; format: string; title: string | null; publishedOn: string | null }>;
}

/**
 * Make version n+1 of a locked report; returns its number and its cross-year findings. With it, in the same
 * transaction: its detail, its compile row, its tally in place of the old version's (tallies last: their groups stay
 * locked until commit), and the cross-year findings on it and on its agency's reports of the year after.
 */
export async function addVersion(tx: Db, cur: CurrentReport, next: NewVersion): Promise<{ version: number; crossYear: Finding[] }> {
  const n = cur.version + 1;
  const errorCount = countOf(next.findings, 'error'), warningCount = countOf(next.findings, 'warning');
  // keep the superseded version's data with its row
  await tx.update(versions).set({ data: cur.data, sections: cur.sections })
    .where(and(eq(versions.reportId, cur.id), eq(versions.version, cur.version)));
  if (next.cells) {
    await insertCells(tx, n, [{ id: cur.id, cells: encodeCells(next.cells) }]);
  } else {
    await tx.execute(sql`
      INSERT INTO cells (report_id, version, path, value, raw, line, col, char_offset, page, position)
      SELECT report_id, ${n}::int, path, CASE WHEN path = ${next.path}::text THEN ${next.newValue ?? null}::numeric ELSE value END,
             raw, line, col, char_offset, page, position
      FROM cells WHERE report_id = ${cur.id} AND version = ${cur.version}`);
  }
  const findings = findingRows(next.findings);
  await insertFindings(tx, [{ id: cur.id, version: n, findings }]);
  await tx.insert(versions).values({
    reportId: cur.id, version: n, kind: next.kind, parserVersion: next.parserVersion, who: next.who, why: next.why,
    path: next.path ?? null, oldValue: next.oldValue ?? null, newValue: next.newValue ?? null, errorCount, warningCount,
  });
  await tx.update(reports).set({
    ...next.columns, data: next.data, sections: next.sections, errorCount, warningCount, currentVersion: n,
    parserVersion: next.parserVersion, updatedAt: sql`now()`,
  }).where(eq(reports.id, cur.id));

  // what the data and sections columns now read back as (the order of keys aside: reportOf sets it)
  const data = JSON.parse(JSON.stringify(next.data)) as StoredData, sections = JSON.parse(JSON.stringify(next.sections)) as StoredSections;
  const agencyId = next.columns && 'agencyId' in next.columns ? next.columns.agencyId ?? null : cur.agencyId;
  const year = next.columns && 'year' in next.columns ? next.columns.year ?? null : cur.year;
  // a correction keeps the sources (cells copied with one value changed); a reparse brings its own
  const cells = next.cells ? storedCells(next.cells) : await versionCells(tx, cur.id, cur.version);
  await insertDetails(tx, [{ id: cur.id, version: n, packed: packDetail(detailJson(data, sections, cells, storedFindings(findings), cur.file)) }]);
  const agencies = await agencyGroups(tx, [cur.agencyId, agencyId].filter((x): x is number => x !== null));
  const was = cur.agencyId === null ? undefined : agencies.get(cur.agencyId);
  const now = agencyId === null ? undefined : agencies.get(agencyId);
  const facts = compileFacts(data, now?.name ?? null, year, next.findings);
  await putCompileReports(tx, [{ id: cur.id, agencyId, facts }]);
  // the years it left and the years it is in now (a reparse may read another agency or year)
  const slots = [{ agencyId: cur.agencyId, year: cur.year }, { agencyId, year }]
    .filter((s): s is Slot => s.agencyId !== null && s.year !== null);
  const crossYear = (await refreshCrossYear(tx, { slots, reports: [cur.id] })).get(cur.id) ?? [];
  const tallies = new TallyChanges();
  tallies.add({ year: cur.year, format: cur.data.format, level: was?.level ?? null, region: was?.region ?? null }, tallyOf(cur.data).tally, -1);
  tallies.add({ year, format: facts.format, level: now?.level ?? null, region: now?.region ?? null }, facts.tally, 1);
  await tallies.write(tx);
  return { version: n, crossYear };
}

export interface Correction { who: string; why: string }

export interface CorrectionResult {
  id: number;
  version: number;
  path: string;
  oldValue: number | null;
  newValue: number | null;
  errorCount: number;
  warningCount: number;
  findings: Finding[];
}

/**
 * A person's correction of one cell: version n+1 with that cell changed and the rules run again (the cross-year
 * rules too, on it and on its agency's reports of the year after); its findings and counts include the cross-year ones.
 */
export async function correctCell(db: Db, id: number, path: string, value: number | null, by: Correction): Promise<CorrectionResult> {
  if (value !== null && !Number.isFinite(value)) {
    throw new StoreError('BAD_VALUE', `不是有效的数值：${value}`, `not a valid number: ${value}`);
  }
  if (!by.who?.trim()) throw new StoreError('BAD_VALUE', '更正必须注明更正人', 'a correction must say who made it');
  return db.transaction(async (txx) => {
    const tx = txx as unknown as Db;
    const cur = await lockCurrent(tx, id);
    const old = getCell(cur.data, path);
    if (!cellDef(cur.data.format, path) || old === undefined) {
      throw new StoreError('NOT_A_CELL', `报告 ${id}（${cur.data.format} 版格式）没有单元格 ${path}`, `report ${id} (format ${cur.data.format}) has no cell ${path}`);
    }
    if (old === value) throw new StoreError('NO_CHANGE', `${path} 已经是 ${value}`, `${path} is already ${value}`);
    const data = withCell(cur.data, path, value);
    const previous = await tx.select({ rule: findingsTable.rule, severity: findingsTable.severity, paths: findingsTable.paths, message: findingsTable.message, evidence: findingsTable.evidence })
      .from(findingsTable).where(and(eq(findingsTable.reportId, id), eq(findingsTable.version, cur.version))).orderBy(asc(findingsTable.seq));
    const notices = extractionNotices(previous.map((f) => ({ ...f, severity: f.severity as Severity, evidence: (f.evidence ?? undefined) as Record<string, unknown> | undefined })))
      .map(({ evidence, ...f }) => (evidence ? { ...f, evidence } : f));
    const own = [...notices, ...check(reportOf(data, cur.sections))];
    const { version, crossYear } = await addVersion(tx, cur, {
      kind: 'correction', parserVersion: cur.parserVersion, who: by.who.trim(), why: by.why?.trim() || null,
      path, oldValue: old, newValue: value, data, sections: cur.sections, findings: own, cells: null,
    });
    // as the new version's detail lists them: its own findings, then the cross-year ones
    const findings = [...own, ...crossYear];
    return {
      id, version, path, oldValue: old, newValue: value, findings,
      errorCount: countOf(findings, 'error'), warningCount: countOf(findings, 'warning'),
    };
  });
}
