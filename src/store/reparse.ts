// Read every stored original again with the current parser and say what changed. A report whose reading changed
// gets a new version (kind `reparse`); the cells a person corrected keep the person's value. An original that failed
// before and now parses becomes a report. A report the new parser cannot read is kept as it was, and named.

import { isDeepStrictEqual } from 'node:util';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from './connect.js';
import { originals, reports, versions } from './schema.js';
import { agencyNameOf, cellRows, prepareReport, reportOf, type StoredCell } from './rows.js';
import { upsertAgencies, writeBatch } from './write.js';
import { agencyFacts } from './agencies.js';
import { addVersion, extractionNotices, lockCurrent } from './versions.js';
import { versionCells, versionFindings, type StoredData } from './read.js';
import { noDataReason } from './policy.js';
import { check } from '../check/index.js';
import { describeError } from '../errors.js';
import { getCell, setCell } from '../template/index.js';
import type { Finding, ParsedReport, ReportData } from '../template/index.js';

export type ParseFn = (bytes: Uint8Array, name: string) => Promise<ParsedReport>;

export interface FindingChange { rule: string; severity: string; paths: string[]; message: string }

export interface ReparseChange {
  reportId: number;
  file: string;
  /** the version the new reading became */
  version: number;
  cellsChanged: Array<{ path: string; old: number | null; new: number | null }>;
  findingsAdded: FindingChange[];
  findingsRemoved: FindingChange[];
  /** format, title, agency, year, publishedOn, sections.<key> */
  fieldsChanged: string[];
  /** cells whose value is the same but whose raw text or position moved */
  sourcesChanged: number;
  /** cells a person corrected, whose correction was applied to the new reading */
  correctionsKept: string[];
}

export interface ReparseSummary {
  parserVersion: string;
  seen: number;
  unchanged: number;
  changed: ReparseChange[];
  /** originals that failed before and are reports now */
  added: Array<{ reportId: number; file: string }>;
  /** originals the current parser cannot read (a stored report among them is kept as it was) */
  failed: Array<{ reportId: number | null; file: string; code: string; message: string }>;
}

export interface ReparseOptions {
  parserVersion: string;
  onProgress?: (p: { done: number; file: string }) => void;
}

export async function reparseAll(db: Db, parse: ParseFn, opts: ReparseOptions): Promise<ReparseSummary> {
  const out: ReparseSummary = { parserVersion: opts.parserVersion, seen: 0, unchanged: 0, changed: [], added: [], failed: [] };
  let after = '';
  for (;;) {
    const page = await db.select({ hash: originals.hash, name: originals.name, kind: originals.kind, size: originals.size, bytes: originals.bytes, reportId: reports.id })
      .from(originals).leftJoin(reports, eq(reports.originalHash, originals.hash))
      .where(gt(originals.hash, after)).orderBy(asc(originals.hash)).limit(20);
    for (const o of page) {
      out.seen++;
      opts.onProgress?.({ done: out.seen, file: o.name });
      const facts = { hash: o.hash, name: o.name, kind: o.kind, size: o.size };
      let parsed: ParsedReport;
      try {
        parsed = await parse(o.bytes, o.name);
        const noData = noDataReason(parsed);
        if (noData) throw noData;
      } catch (e) {
        const { code, message } = describeError(e);
        out.failed.push({ reportId: o.reportId, file: o.name, code, message });
        if (o.reportId === null) {
          await writeBatch(db, [{ kind: 'failure', failure: { original: { ...facts, bytes: o.bytes }, fileName: o.name, code, message, parserVersion: opts.parserVersion } }]);
        }
        continue;
      }
      if (o.reportId === null) {
        const [r] = await writeBatch(db, [{ kind: 'report', report: prepareReport(parsed, facts, opts.parserVersion), bytes: o.bytes }]);
        if (r?.status === 'added') out.added.push({ reportId: r.id, file: o.name });
        continue;
      }
      const change = await reparseReport(db, o.reportId, o.name, parsed, opts.parserVersion);
      if (change) out.changed.push(change); else out.unchanged++;
    }
    if (page.length < 20) return out;
    after = page[page.length - 1]!.hash;
  }
}

/** Compare the new reading with the current version; make a new version when anything differs. */
async function reparseReport(db: Db, id: number, file: string, parsed: ParsedReport, parserVersion: string): Promise<ReparseChange | null> {
  return db.transaction(async (txx) => {
    const tx = txx as unknown as Db;
    // the agency the new reading names, locked with the report's own before the report
    const agencyName = agencyNameOf(parsed);
    const agencyIds = agencyName ? await upsertAgencies(tx, [agencyFacts(agencyName)]) : new Map<string, number>();
    const cur = await lockCurrent(tx, id, [...agencyIds.values()]);
    const corrections = await tx.select({ path: versions.path, value: versions.newValue }).from(versions)
      .where(and(eq(versions.reportId, id), eq(versions.kind, 'correction'))).orderBy(asc(versions.version));
    const { data, findings, kept } = applyCorrections(parsed, corrections);
    const newCells = cellRows(data, parsed.sources);
    const [oldCells, oldFindings] = await Promise.all([versionCells(tx, id, cur.version), versionFindings(tx, id, cur.version)]);

    const diff = diffCells(oldCells, newCells);
    const { added, removed } = diffFindings(oldFindings, findings);
    const fieldsChanged = diffFields(reportOf(cur.data, cur.sections), data);
    if (!diff.values.length && !diff.sources && !added.length && !removed.length && !fieldsChanged.length) {
      if (cur.parserVersion !== parserVersion) await tx.update(reports).set({ parserVersion }).where(eq(reports.id, id));
      return null;
    }
    const prepared = prepareReport({ ...parsed, ...data, findings }, { hash: '', name: file, kind: '', size: 0 }, parserVersion);
    const { sections, ...rest } = data;
    const { version } = await addVersion(tx, cur, {
      kind: 'reparse', parserVersion, who: `xxgk ${parserVersion}`,
      why: `重新读取 / re-read by parser ${cur.parserVersion} → ${parserVersion}` + (kept.length ? `; 保留人工更正 / corrections kept: ${kept.join(', ')}` : ''),
      data: rest as StoredData, sections, findings, cells: newCells,
      columns: {
        agencyId: prepared.agency ? agencyIds.get(prepared.agency.name) ?? null : null,
        year: prepared.year, format: prepared.format, title: prepared.title, publishedOn: prepared.publishedOn,
      },
    });
    return {
      reportId: id, file, version, cellsChanged: diff.values, findingsAdded: added, findingsRemoved: removed,
      fieldsChanged, sourcesChanged: diff.sources, correctionsKept: kept,
    };
  });
}

/** The new reading with every manual correction applied again (the last one of a cell wins); rules re-run if any. */
function applyCorrections(parsed: ParsedReport, corrections: Array<{ path: string | null; value: number | null }>) {
  const { sources: _s, findings: parsedFindings, ...contract } = parsed;
  const data: ReportData = structuredClone(contract);
  const kept: string[] = [];
  for (const c of corrections) {
    if (!c.path || getCell(data, c.path) === undefined) continue;
    setCell(data, c.path, c.value);
    if (!kept.includes(c.path)) kept.push(c.path);
  }
  const findings: Finding[] = kept.length ? [...extractionNotices(parsedFindings), ...check(data)] : parsedFindings;
  return { data, findings, kept };
}

function diffCells(old: StoredCell[], next: ReturnType<typeof cellRows>) {
  const before = new Map(old.map((c) => [c.path, c]));
  const values: ReparseChange['cellsChanged'] = [];
  let sources = 0;
  next.paths.forEach((path, i) => {
    const o = before.get(path);
    before.delete(path);
    const value = next.values[i] ?? null;
    if (!o || o.value !== value) { values.push({ path, old: o?.value ?? null, new: value }); return; }
    const position = next.positions[i] ? JSON.parse(next.positions[i]!) as Record<string, unknown> : null;
    const moved = o.raw !== next.raws[i] || o.line !== next.lines[i] || o.col !== next.cols[i] || o.charOffset !== next.offsets[i]
      || o.page !== next.pages[i] || !isDeepStrictEqual(o.position, position);
    if (moved) sources++;
  });
  // cells of the old format that the new reading does not have (the format changed)
  for (const o of before.values()) if (o.value !== null) values.push({ path: o.path, old: o.value, new: null });
  return { values, sources };
}

const findingKey = (f: Finding) => `${f.rule}|${f.paths.join(',')}`;
const brief = ({ rule, severity, paths, message }: Finding): FindingChange => ({ rule, severity, paths, message });

function diffFindings(old: Finding[], next: Finding[]) {
  const remaining = new Map<string, Finding[]>();
  for (const f of old) remaining.set(findingKey(f), [...(remaining.get(findingKey(f)) ?? []), f]);
  const added: FindingChange[] = [];
  for (const f of next) {
    const same = remaining.get(findingKey(f));
    if (same?.length) same.shift(); else added.push(brief(f));
  }
  return { added, removed: [...remaining.values()].flat().map(brief) };
}

function diffFields(old: ReportData, next: ReportData): string[] {
  const out: string[] = [];
  for (const k of ['format', 'title', 'agency', 'year', 'publishedOn'] as const) if (old[k] !== next[k]) out.push(k);
  for (const k of new Set([...Object.keys(old.sections ?? {}), ...Object.keys(next.sections ?? {})])) {
    const a = (old.sections as Record<string, unknown>)[k] ?? null, b = (next.sections as Record<string, unknown>)[k] ?? null;
    // jsonb keeps keys in its own order: compare values, not text
    if (!isDeepStrictEqual(a, b)) out.push(`sections.${k}`);
  }
  // amount units are strings beside the cells
  if (!isDeepStrictEqual(unitsOf(old), unitsOf(next))) out.push('active.amountUnit');
  return out;
}

const unitsOf = (r: ReportData) => Object.entries(r.active).flatMap(([k, row]) => ('amountUnit' in row ? [[k, row['amountUnit']]] : []));
