// The cross-year rules of template.md §6 (src/check/cross-year.ts: 结转 chain, 现行有效 balance, 上一年项目数量) as
// stored findings of the later report, in `cross_year_findings`: one row per report that has a report of its agency
// on the year before, made from that report's current version and its own current version.
//
// Reports are paired by *slot* — an agency's year. A report's previous report is the one of the slot before with
// the fewest errors of its own (its version's findings, not its cross-year ones, so that no choice depends on
// another), then the fewest warnings of its own (the more complete), then the smallest content hash: so the pairs
// do not depend on the order in which reports arrived. GET /api/reports/:id/previous chooses the same way
// (read.ts previousYear).
// Whenever reports of a slot are written — new, corrected, reparsed, moved to another agency or year — the reports
// of that slot and of the slot after are paired again (`refreshCrossYear`), in the writer's transaction. A report
// whose stored row was made from the same two versions is left as it is, so a write costs the pairs it changes.
// The later report's counts in `reports` and `compile_reports` are its own findings' and its cross-year findings'.
//
// Writers of one agency's reports take turns: each locks its agencies (derived.ts agencyGroups, FOR NO KEY UPDATE)
// before it pairs, so that on PostgreSQL two writers of consecutive years of one agency cannot each miss the other's
// uncommitted report. Every writer locks agencies before reports' rows (corrections and reparse too).

import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from './connect.js';
import { findingCounts } from '../compile/index.js';
import { makeAgainUnless } from './derived.js';
import { checkAcrossYears, CROSS_YEAR_RULES } from '../check/cross-year.js';
import type { Finding, ReportData } from '../template/index.js';

/** An agency's year. */
export interface Slot { agencyId: number; year: number }

/** What changed in a transaction: reports written into these slots, and these reports (wherever they are now). */
export interface CrossYearChange {
  slots: Slot[];
  reports?: number[];
}

/** A report as the pairing sees it. */
interface Placed {
  id: number;
  agencyId: number | null;
  year: number | null;
  version: number;
  /** the content hash of its original */
  hash: string;
  /** the counts of its version's own findings */
  ownErrors: number;
  ownWarnings: number;
  /** its counts as `reports` holds them: its own and its cross-year findings' */
  errorCount: number;
  warningCount: number;
  /** what its stored cross-year findings were made from, their counts and error rules */
  made: { version: number; previousId: number; previousVersion: number; errors: number; warnings: number; errorRules: string[] } | null;
}

const slotKey = (agencyId: number, year: number) => `${agencyId}:${year}`;

/** The previous report of a slot: fewest errors, then warnings, of its own, then the smallest content hash (read.ts previousYear orders alike). */
const preferred = (a: Placed, b: Placed) => a.ownErrors !== b.ownErrors ? a.ownErrors < b.ownErrors
  : a.ownWarnings !== b.ownWarnings ? a.ownWarnings < b.ownWarnings : a.hash < b.hash;

/** The stored row of one later report, as written. */
export interface CrossYearRow {
  id: number;
  version: number;
  previousId: number;
  previousVersion: number;
  findings: Finding[];
}

/**
 * Pair again the reports of the changed slots and of the slots after them, and the changed reports; write what
 * differs. `known` holds the data column's JSON text that the caller has in hand (a batch's new reports), so that it
 * is not read back. Returns the findings now stored for each report paired again (an empty list when it has no
 * previous report any more).
 */
export async function refreshCrossYear(tx: Db, change: CrossYearChange, known: Map<number, string> = new Map()): Promise<Map<number, Finding[]>> {
  const ids = [...new Set(change.reports ?? [])];
  const changed = new Set(ids);
  // the slots of the year after each changed slot hold reports to pair again; those of the year before and of the
  // changed slot itself hold candidates for a previous report
  const wanted = new Map<string, WantedSlot>();
  for (const s of change.slots) {
    for (const year of [s.year - 1, s.year, s.year + 1]) {
      const key = slotKey(s.agencyId, year);
      wanted.set(key, { agencyId: s.agencyId, year, later: year === s.year + 1 || wanted.get(key)?.later === true });
    }
  }
  if (!wanted.size && !ids.length) return new Map();
  // in index order: neighbouring slots are read from neighbouring pages
  const placed = await placedReports(tx, [...wanted.values()].sort((a, b) => a.agencyId - b.agencyId || a.year - b.year), ids);

  const bySlot = new Map<string, Placed[]>();
  for (const r of placed) {
    if (r.agencyId === null || r.year === null) continue;
    const key = slotKey(r.agencyId, r.year);
    const list = bySlot.get(key);
    if (list) list.push(r); else bySlot.set(key, [r]);
  }
  const previousOf = (r: Placed): Placed | null => {
    if (r.agencyId === null || r.year === null) return null;
    let best: Placed | null = null;
    for (const p of bySlot.get(slotKey(r.agencyId, r.year - 1)) ?? []) if (!best || preferred(p, best)) best = p;
    return best;
  };

  // the reports to pair: those of the slots after the changed ones, and the changed reports (the others of a changed
  // slot keep their previous report: it is of the year before)
  const later = new Map<number, Placed>();
  for (const s of change.slots) for (const r of bySlot.get(slotKey(s.agencyId, s.year + 1)) ?? []) later.set(r.id, r);
  for (const r of placed) if (changed.has(r.id)) later.set(r.id, r);

  // those whose stored findings were not made from their current version and their previous report's
  const pairs: Array<{ report: Placed; previous: Placed }> = [];
  const unpaired: Placed[] = [];
  for (const r of later.values()) {
    const p = previousOf(r);
    const m = r.made;
    if (!p) {
      if (m || r.errorCount !== r.ownErrors || r.warningCount !== r.ownWarnings) unpaired.push(r);
    } else if (!m || m.version !== r.version || m.previousId !== p.id || m.previousVersion !== p.version
      || r.errorCount !== r.ownErrors + m.errors || r.warningCount !== r.ownWarnings + m.warnings) {
      pairs.push({ report: r, previous: p });
    }
  }
  if (!pairs.length && !unpaired.length) return new Map();

  const stored = await dataOf(tx, pairs.flatMap(({ report, previous }) => [report.id, previous.id]).filter((id) => !known.has(id)));
  const parsed = new Map<number, ReportData>();
  const dataFor = (id: number): ReportData => {
    let d = parsed.get(id);
    if (d) return d;
    const json = known.get(id) ?? stored.get(id);
    if (json === undefined) throw new Error(`cross-year: report ${id} has no data`);
    parsed.set(id, d = JSON.parse(json) as ReportData);
    return d;
  };
  const rows: CrossYearRow[] = pairs.map(({ report, previous }) => ({
    id: report.id, version: report.version, previousId: previous.id, previousVersion: previous.version,
    findings: checkAcrossYears(dataFor(report.id), dataFor(previous.id)),
  }));
  await writeCrossYear(tx, rows, unpaired.map((r) => r.id));

  await countCrossYear(tx, [
    ...rows.map((row, i) => ({ report: pairs[i]!.report, findings: row.findings })),
    ...unpaired.map((report) => ({ report, findings: [] })),
  ]);
  return new Map([...rows.map((r): [number, Finding[]] => [r.id, r.findings]), ...unpaired.map((r): [number, Finding[]] => [r.id, []])]);
}

const CROSS_YEAR_IDS = CROSS_YEAR_RULES.map((r) => r.id);

/**
 * The later reports' counts in `reports` and their counts and error rules in `compile_reports` (what the list and
 * compile read): those of their own findings and of their cross-year findings now. Only the rows that change.
 */
async function countCrossYear(tx: Db, list: Array<{ report: Placed; findings: Finding[] }>): Promise<void> {
  // the rules compile_reports holds now: those of the stored findings if they are of the current version (a new
  // version's compile row is written with its own findings only)
  const heldRules = (r: Placed) => (r.made && r.made.version === r.version ? r.made.errorRules : []);
  const changes = list.map(({ report: r, findings }) => {
    const counts = findingCounts(findings);
    return { id: r.id, errors: r.ownErrors + counts.errors, warnings: r.ownWarnings + counts.warnings, rules: counts.errorRules, was: r };
  }).filter((x) => x.was.errorCount !== x.errors || x.was.warningCount !== x.warnings
    || heldRules(x.was).join() !== x.rules.join()).sort((a, b) => a.id - b.id);
  if (!changes.length) return;
  const col = <T>(f: (x: (typeof changes)[number]) => T) => sql.param(changes.map(f));
  const ids = col((x) => x.id);
  // one statement for both tables; `… = ANY(ids)`: the rows found by key, whatever the statistics say. A report's
  // own error rules are those of compile_reports that are not cross-year rules.
  await tx.execute(sql`
    WITH t AS (SELECT * FROM unnest(${ids}::int[], ${col((x) => x.errors)}::int[], ${col((x) => x.warnings)}::int[],
                                    ${col((x) => JSON.stringify(x.rules))}::jsonb[]) AS t(id, e, w, rules)),
      counted AS (UPDATE reports r SET error_count = t.e, warning_count = t.w FROM t WHERE r.id = t.id AND r.id = ANY(${ids}::int[]))
    UPDATE compile_reports c SET errors = t.e, warnings = t.w, error_rules = ARRAY(
        SELECT rule FROM (SELECT rule FROM unnest(c.error_rules) AS own(rule) WHERE rule <> ALL(${sql.param(CROSS_YEAR_IDS)}::text[])
                          UNION SELECT jsonb_array_elements_text(t.rules)) AS u(rule) ORDER BY rule COLLATE "C")
    FROM t WHERE c.report_id = t.id AND c.report_id = ANY(${ids}::int[])`);
}

interface WantedSlot extends Slot {
  /** its reports are to be paired again: what their stored findings were made from is read */
  later: boolean;
}

/**
 * The reports of these slots and these reports, with their own counts, and what their stored findings were made from
 * for those to be paired again (the reports of `later` slots and these reports).
 */
async function placedReports(tx: Db, slots: WantedSlot[], ids: number[]): Promise<Placed[]> {
  const columns = sql`
    r.id, r.agency_id, r.year, r.current_version AS version, r.original_hash, r.error_count, r.warning_count,
    v.error_count AS own_errors, v.warning_count AS own_warnings, x.version AS made_version, x.previous_id, x.previous_version,
    x.errors AS made_errors, x.warnings AS made_warnings, x.error_rules AS made_error_rules`;
  // lookups by key per report (LIMIT: never a join that may hash a whole table, which stale statistics can choose)
  const joins = (later: SQL) => sql`
    JOIN LATERAL (SELECT v.error_count, v.warning_count FROM versions v WHERE v.report_id = r.id AND v.version = r.current_version LIMIT 1) v ON true
    LEFT JOIN LATERAL (SELECT x.version, x.previous_id, x.previous_version, x.errors, x.warnings, x.error_rules FROM cross_year_findings x
                       WHERE x.report_id = r.id AND ${later} LIMIT 1) x ON true`;
  const idList = sql.param(ids);
  const inSlots = slots.length ? await rowsOf<PlacedRow>(tx, sql`
    SELECT ${columns}
    FROM unnest(${sql.param(slots.map((s) => s.agencyId))}::int[], ${sql.param(slots.map((s) => s.year))}::int[],
                ${sql.param(slots.map((s) => s.later))}::boolean[]) AS k(a, y, later)
      JOIN reports r ON r.agency_id = k.a AND r.year = k.y ${joins(sql`(k.later OR r.id = ANY(${idList}::int[]))`)}`) : [];
  // the changed reports that are in none of the slots (no agency or year now)
  const found = new Set(inSlots.map((r) => r.id));
  const elsewhere = ids.filter((id) => !found.has(id));
  const byId = elsewhere.length ? await rowsOf<PlacedRow>(tx, sql`
    SELECT ${columns} FROM reports r ${joins(sql`true`)} WHERE r.id = ANY(${sql.param(elsewhere)}::int[])`) : [];
  const rows = new Map([...inSlots, ...byId].map((r) => [r.id, r]));
  return [...rows.values()].map((r) => ({
    id: r.id, agencyId: r.agency_id, year: r.year, version: r.version, hash: r.original_hash, ownErrors: r.own_errors,
    ownWarnings: r.own_warnings, errorCount: r.error_count, warningCount: r.warning_count,
    made: r.made_version === null ? null : {
      version: r.made_version, previousId: r.previous_id!, previousVersion: r.previous_version!, errors: r.made_errors!,
      warnings: r.made_warnings!, errorRules: r.made_error_rules!,
    },
  }));
}

interface PlacedRow {
  id: number; agency_id: number | null; year: number | null; version: number; original_hash: string; error_count: number;
  warning_count: number; own_errors: number; own_warnings: number; made_version: number | null; previous_id: number | null;
  previous_version: number | null; made_errors: number | null; made_warnings: number | null; made_error_rules: string[] | null;
}

/** The current data of these reports as JSON text (what the cross-year rules read: the contract without sections). */
async function dataOf(tx: Db, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await rowsOf<{ id: number; data: string }>(tx,
    sql`SELECT id, data::text AS data FROM reports WHERE id = ANY(${sql.param(unique)}::int[])`);
  return new Map(rows.map((r) => [r.id, r.data]));
}

/**
 * Between the findings texts of many rows, sent as one text: JSON escapes control characters, so none holds it (a
 * text array parameter, escaped and parsed element by element, cost PGlite twice as much).
 */
const SEPARATOR = '\x1e';

/** Put these rows in place of the stored ones (by later report), and remove the rows of `gone`. */
async function writeCrossYear(tx: Db, rows: CrossYearRow[], gone: number[]): Promise<void> {
  if (gone.length) await tx.execute(sql`DELETE FROM cross_year_findings WHERE report_id = ANY(${sql.param(gone)}::int[])`);
  if (!rows.length) return;
  const list = [...rows].sort((a, b) => a.id - b.id);
  const col = <T>(f: (x: CrossYearRow) => T) => sql.param(list.map(f));
  const counts = list.map((r) => findingCounts(r.findings));
  await tx.execute(sql`
    INSERT INTO cross_year_findings (report_id, version, previous_id, previous_version, errors, warnings, error_rules, findings)
    SELECT id, v, p, pv, e, w, ARRAY(SELECT jsonb_array_elements_text(er)), f
    FROM unnest(${col((r) => r.id)}::int[], ${col((r) => r.version)}::int[], ${col((r) => r.previousId)}::int[],
                ${col((r) => r.previousVersion)}::int[], ${sql.param(counts.map((c) => c.errors))}::int[],
                ${sql.param(counts.map((c) => c.warnings))}::int[], ${sql.param(counts.map((c) => JSON.stringify(c.errorRules)))}::jsonb[],
                string_to_array(${list.map((r) => JSON.stringify(r.findings)).join(SEPARATOR)}, chr(30))) AS t(id, v, p, pv, e, w, er, f)
    ON CONFLICT (report_id) DO UPDATE SET version = excluded.version, previous_id = excluded.previous_id,
      previous_version = excluded.previous_version, errors = excluded.errors, warnings = excluded.warnings,
      error_rules = excluded.error_rules, findings = excluded.findings`);
}

// ---- read ------------------------------------------------------------------------------------------------------------

/** The cross-year findings on a version of a report: those of its current version, none for an older one. */
export async function crossYearFindings(db: Db, id: number, version: number): Promise<Finding[]> {
  const [r] = await rowsOf<{ findings: string }>(db, sql`SELECT findings FROM cross_year_findings WHERE report_id = ${id} AND version = ${version}`);
  return r ? (JSON.parse(r.findings) as Finding[]) : [];
}

// ---- made at open ----------------------------------------------------------------------------------------------------

const RULES_KEY = 'cross_year_rules';
/** What the stored findings were made under: a database from before them, or from other rules, has them made again. */
const RULES_FINGERPRINT = CROSS_YEAR_RULES.map((r) => `${r.id}:${r.severity}`).join(',');

/**
 * Make every report's cross-year findings when the database has none yet (made before them) or was made under other
 * cross-year rules. One transaction; writers wait for it. Agencies are paired a few hundred at a time: a slot's
 * neighbours are of its own agency.
 */
export function ensureCrossYear(db: Db): Promise<{ rebuilt: boolean; paired: number }> {
  return makeAgainUnless<{ rebuilt: boolean; paired: number }>(db, RULES_KEY, RULES_FINGERPRINT, { rebuilt: false, paired: 0 }, async (tx) => {
    // from nothing: no findings, and each report's counts those of its own findings
    await tx.execute(sql`DELETE FROM cross_year_findings`);
    await tx.execute(sql`
      UPDATE reports r SET error_count = v.error_count, warning_count = v.warning_count FROM versions v
      WHERE v.report_id = r.id AND v.version = r.current_version AND (r.error_count <> v.error_count OR r.warning_count <> v.warning_count)`);
    await tx.execute(sql`
      UPDATE compile_reports c SET errors = r.error_count, warnings = r.warning_count,
        error_rules = ARRAY(SELECT rule FROM unnest(c.error_rules) AS own(rule) WHERE rule <> ALL(${sql.param(CROSS_YEAR_IDS)}::text[]))
      FROM reports r WHERE r.id = c.report_id
        AND (c.errors <> r.error_count OR c.warnings <> r.warning_count OR c.error_rules && ${sql.param(CROSS_YEAR_IDS)}::text[])`);
    const slots = await rowsOf<{ agencyId: number; year: number }>(tx, sql`
      SELECT DISTINCT agency_id AS "agencyId", year FROM reports WHERE agency_id IS NOT NULL AND year IS NOT NULL ORDER BY 1, 2`);
    let paired = 0;
    for (let i = 0; i < slots.length;) {
      // whole agencies, about 500 slots at a time
      let end = Math.min(i + 500, slots.length);
      while (end < slots.length && slots[end]!.agencyId === slots[end - 1]!.agencyId) end++;
      paired += (await refreshCrossYear(tx, { slots: slots.slice(i, end) })).size;
      i = end;
    }
    return { rebuilt: true, paired };
  });
}
