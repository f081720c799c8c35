// Keeping the derived tables of schema.ts: compile_groups (tallies per group of reports) and compile_reports (what
// compile lists per report). Every write that changes a report's current version — a new report, a correction, a
// reparse — and an edit of an agency's level or region moves tallies in the same transaction: the old version's
// tally out of its groups, the new one's in. A database made before these tables (or under another template: the
// tally layout changed) has them made again from the stored reports when it is opened.

import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './connect.js';
import { escapeLike } from './filter.js';
import { compileFacts, type CompileFacts } from './rows.js';
import { addTally, decodeTally, emptyTally, encodeTally, isZeroTally, tallyLayout, tallyOf, type Tally } from '../compile/index.js';
import type { FormatId, ReportData } from '../template/index.js';

// ---- compile_reports -----------------------------------------------------------------------------------------------

/** Insert or replace the compile rows of these reports. */
export async function putCompileReports(tx: Db, list: Array<{ id: number; agencyId: number | null; facts: CompileFacts }>): Promise<void> {
  if (!list.length) return;
  const col = <T>(f: (x: (typeof list)[number]) => T) => sql.param(list.map(f));
  await tx.execute(sql`
    INSERT INTO compile_reports (report_id, agency_id, agency, year, format, errors, warnings, error_rules, unusable)
    SELECT id, aid, ag, y, f, e, w, ARRAY(SELECT jsonb_array_elements_text(rules)), u
    FROM unnest(${col((x) => x.id)}::int[], ${col((x) => x.agencyId)}::int[], ${col((x) => x.facts.agency)}::text[],
                ${col((x) => x.facts.year)}::int[], ${col((x) => x.facts.format)}::text[], ${col((x) => x.facts.errors)}::int[],
                ${col((x) => x.facts.warnings)}::int[], ${col((x) => JSON.stringify(x.facts.errorRules))}::jsonb[],
                ${col((x) => x.facts.unusableJson)}::jsonb[]) AS t(id, aid, ag, y, f, e, w, rules, u)
    ON CONFLICT (report_id) DO UPDATE SET agency_id = excluded.agency_id, agency = excluded.agency, year = excluded.year,
      format = excluded.format, errors = excluded.errors, warnings = excluded.warnings, error_rules = excluded.error_rules,
      unusable = excluded.unusable`);
}

// ---- compile_groups ----------------------------------------------------------------------------------------------

/** Where a version's tally goes: its year and format, and its agency's level and region at the time. */
export interface GroupOf { year: number | null; format: FormatId; level: string | null; region: string | null }

interface GroupRow { key: string; region: string; year: number | null; level: string | null; format: FormatId }

/** The groups a report is in: the total over every region of its year, format and level, and its region's. */
function groupsOf(g: GroupOf): GroupRow[] {
  const row = (region: string): GroupRow => ({ key: JSON.stringify([region, g.year, g.level, g.format]), region, year: g.year, level: g.level, format: g.format });
  return g.region ? [row(''), row(g.region)] : [row('')];
}

/**
 * Agencies' level and region now, locked until the transaction ends against an edit (editAgency) and against another
 * writer of their reports (FOR NO KEY UPDATE: a report's foreign key still takes its KEY SHARE lock), so that the
 * writers of one agency's reports pair its years one after the other (cross-year.ts). In id order: no deadlocks.
 */
export async function agencyGroups(tx: Db, ids: number[]): Promise<Map<number, { name: string; level: string | null; region: string | null }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await rowsOf<{ id: number; name: string; level: string | null; region: string | null }>(tx,
    sql`SELECT id, name, level, region FROM agencies WHERE id = ANY(${sql.param(unique)}::int[]) ORDER BY id FOR NO KEY UPDATE`);
  return new Map(rows.map((r) => [r.id, { name: r.name, level: r.level, region: r.region }]));
}

/**
 * Changes to the groups' tallies, gathered in memory and written once, at the end of a transaction: the groups'
 * rows are locked (in key order) only for the time of that last read and write, as every writer touches the
 * totals of its year.
 */
export class TallyChanges {
  private readonly groups = new Map<string, { row: GroupRow; tally: Tally }>();

  add(group: GroupOf, tally: Tally, sign: 1 | -1 = 1): void {
    for (const row of groupsOf(group)) {
      let g = this.groups.get(row.key);
      if (!g) this.groups.set(row.key, g = { row, tally: emptyTally(row.format) });
      addTally(g.tally, tally, sign);
    }
  }

  async write(tx: Db): Promise<void> {
    const list = [...this.groups.values()].filter((g) => !isZeroTally(g.tally)).sort((a, b) => (a.row.key < b.row.key ? -1 : a.row.key > b.row.key ? 1 : 0));
    this.groups.clear();
    if (!list.length) return;
    const col = <T>(f: (x: GroupRow) => T) => sql.param(list.map((g) => f(g.row)));
    const keys = col((r) => r.key);
    // the rows to lock must exist: a new group starts empty (a concurrent writer creating it too waits here)
    await tx.execute(sql`
      INSERT INTO compile_groups (key, region, year, level, format, reports, tally)
      SELECT k, r, y, l, f, 0, '' FROM unnest(${keys}::text[], ${col((r) => r.region)}::text[], ${col((r) => r.year)}::int[],
                                               ${col((r) => r.level)}::text[], ${col((r) => r.format)}::text[]) AS t(k, r, y, l, f)
      ON CONFLICT (key) DO NOTHING`);
    const stored = await rowsOf<{ key: string; reports: number; tally: string }>(tx,
      sql`SELECT key, reports, tally FROM compile_groups WHERE key = ANY(${keys}::text[]) ORDER BY key FOR UPDATE`);
    const byKey = new Map(list.map((g) => [g.row.key, g]));
    const keep: Array<{ row: GroupRow; reports: number; tally: string }> = [], drop: string[] = [];
    for (const s of stored) {
      const g = byKey.get(s.key)!;
      const t = decodeTally(g.row.format, s.reports, s.tally);
      addTally(t, g.tally);
      if (t.reports < 0) throw new Error(`compile_groups ${s.key}: fewer than no reports`);
      if (t.reports === 0) drop.push(s.key); else keep.push({ row: g.row, reports: t.reports, tally: encodeTally(t) });
    }
    if (keep.length) {
      // an upsert of rows that exist: each found by its key (an UPDATE … FROM a list may scan the table)
      const k = <T>(f: (x: (typeof keep)[number]) => T) => sql.param(keep.map(f));
      await tx.execute(sql`
        INSERT INTO compile_groups (key, region, year, level, format, reports, tally)
        SELECT * FROM unnest(${k((x) => x.row.key)}::text[], ${k((x) => x.row.region)}::text[], ${k((x) => x.row.year)}::int[],
                             ${k((x) => x.row.level)}::text[], ${k((x) => x.row.format)}::text[], ${k((x) => x.reports)}::int[],
                             ${k((x) => x.tally)}::text[])
        ON CONFLICT (key) DO UPDATE SET reports = excluded.reports, tally = excluded.tally`);
    }
    if (drop.length) await tx.execute(sql`DELETE FROM compile_groups WHERE key = ANY(${sql.param(drop)}::text[])`);
  }
}

// ---- an agency's level or region changed ----------------------------------------------------------------------------

/** Move the tallies of an agency's reports from the groups of its old level and region to the new ones. */
export async function moveAgency(tx: Db, agencyId: number, before: { level: string | null; region: string | null }, after: { level: string | null; region: string | null }): Promise<void> {
  if (before.level === after.level && (before.region || null) === (after.region || null)) return;
  const rows = await rowsOf<{ year: number | null; format: FormatId; data: Omit<ReportData, 'sections'> }>(tx,
    sql`SELECT year, format, data FROM reports WHERE agency_id = ${agencyId} ORDER BY id`);
  const changes = new TallyChanges();
  for (const r of rows) {
    const { tally } = tallyOf(r.data);
    changes.add({ year: r.year, format: r.format, ...before }, tally, -1);
    changes.add({ year: r.year, format: r.format, ...after }, tally, 1);
  }
  await changes.write(tx);
}

// ---- made again at open --------------------------------------------------------------------------------------------

const LAYOUT_KEY = 'tally_layout';

/**
 * Run `make` in one transaction when store_meta's `key` is not `value` — a database from before what `make` makes,
 * or one made under another layout or other rules — and set it; writers of reports and agencies wait (and are waited
 * for) until it is done. `done` when there was nothing to make.
 */
export async function makeAgainUnless<T>(db: Db, key: string, value: string, done: T, make: (tx: Db) => Promise<T>): Promise<T> {
  const [meta] = await rowsOf<{ value: string }>(db, sql`SELECT value FROM store_meta WHERE key = ${key}`);
  if (meta?.value === value) return done;
  return db.transaction(async (txx) => {
    const tx = txx as unknown as Db;
    await tx.execute(sql`LOCK TABLE reports, agencies IN SHARE MODE`);
    const [again] = await rowsOf<{ value: string }>(tx, sql`SELECT value FROM store_meta WHERE key = ${key}`);
    if (again?.value === value) return done;
    const made = await make(tx);
    await tx.execute(sql`INSERT INTO store_meta (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    return made;
  });
}

/**
 * Make compile_groups and compile_reports from the stored reports when they were made under another tally layout,
 * or never (a database from before them). One transaction; other writers wait for it.
 */
export function ensureDerived(db: Db): Promise<{ rebuilt: boolean; reports: number }> {
  return makeAgainUnless<{ rebuilt: boolean; reports: number }>(db, LAYOUT_KEY, tallyLayout(), { rebuilt: false, reports: 0 }, async (tx) => {
    await tx.execute(sql`DELETE FROM compile_groups`);
    await tx.execute(sql`DELETE FROM compile_reports`);
    const changes = new TallyChanges();
    let after = 0, n = 0;
    for (;;) {
      // the counts and error rules of the report's own findings and of its cross-year findings
      const page = await rowsOf<{
        id: number; agency_id: number | null; agency_name: string | null; level: string | null; region: string | null;
        year: number | null; data: string; rules: string[] | null; errors: number; warnings: number;
      }>(tx, sql`
        SELECT r.id, r.agency_id, a.name AS agency_name, a.level, a.region, r.year, r.data::text AS data, r.error_count AS errors,
          r.warning_count AS warnings,
          (SELECT array_agg(DISTINCT f.rule) FROM findings f WHERE f.report_id = r.id AND f.version = r.current_version AND f.severity = 'error')
            || (SELECT x.error_rules FROM cross_year_findings x WHERE x.report_id = r.id) AS rules
        FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id
        WHERE r.id > ${after} ORDER BY r.id LIMIT 1000`);
      if (!page.length) break;
      const rows = page.map((r) => {
        const facts = compileFacts(JSON.parse(r.data) as Omit<ReportData, 'sections'>, r.agency_name, r.year, []);
        facts.errors = r.errors;
        facts.warnings = r.warnings;
        facts.errorRules = [...new Set(r.rules ?? [])].sort();
        changes.add({ year: r.year, format: facts.format, level: r.level, region: r.region }, facts.tally);
        return { id: r.id, agencyId: r.agency_id, facts };
      });
      await putCompileReports(tx, rows);
      n += page.length;
      after = page[page.length - 1]!.id;
    }
    await changes.write(tx);
    return { rebuilt: true, reports: n };
  });
}

/** `region LIKE 'prefix%'`, the store's meaning of a region filter (filter.ts), for a column of these tables. */
export const regionPrefix = (region: string): string => `${escapeLike(region)}%`;
