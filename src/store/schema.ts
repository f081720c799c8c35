// The database: one schema for both engines (embedded PGlite and PostgreSQL). `npx drizzle-kit generate` turns it
// into the migrations in drizzle/, which openStore runs.
//
// A report has versions: version 1 is what the parser read; a manual correction or a reparse that changes something
// makes version n+1. `reports` holds the current version (what lists, compile and the API read); `cells` and
// `findings` keep every version; `versions` says who made each one, when and why, and keeps the superseded
// version's data.
//
// Derived from those, and kept in the same transaction as every write that changes a report's current version (so
// that compile and the API read a few rows instead of every report): `compile_groups` (the partial sums of compile
// per year, format, level and region), `compile_reports` (per report what compile lists: problems, unusable
// amounts, the agency it counts under), `report_details` (each version's detail as the API sends it). `store_meta`
// says under which layout the tallies were made (a changed template makes them again, at open).
//
// Across years: `cross_year_findings` holds the findings of the cross-year rules (template.md §6) on a report's
// current version, made from the same agency's report on the year before; they change when either report does.

import { sql } from 'drizzle-orm';
import {
  pgTable, serial, integer, text, boolean, timestamp, date, jsonb, numeric, customType, primaryKey, index, uniqueIndex,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** A government body. Its level and region are inferred from the name at first sight, and stay editable. */
export const agencies = pgTable('agencies', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** province, city, county, township, department (AGENCY_LEVELS) or null when the name does not tell */
  level: text('level'),
  /** set when a person chose the level: ingest never overwrites it */
  levelEdited: boolean('level_edited').notNull().default(false),
  /** the administrative divisions the name starts with, e.g. 淮安市洪泽区 */
  region: text('region'),
  /** the region one level up, e.g. 淮安市 */
  parentRegion: text('parent_region'),
  parentId: integer('parent_id'),
}, (t) => [
  uniqueIndex('agencies_name').on(t.name),
  index('agencies_level').on(t.level),
  index('agencies_region').on(t.region),
  index('agencies_parent_region').on(t.parentRegion),
]);

/** Every file ingested, once per content (sha256), so that a report can be re-read when the parser improves. */
export const originals = pgTable('originals', {
  hash: text('hash').primaryKey(),
  bytes: bytea('bytes').notNull(),
  name: text('name').notNull(),
  /** what the content sniffed as: pdf, docx, ole, html, markdown, text */
  kind: text('kind').notNull(),
  size: integer('size').notNull(),
  storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow(),
});

export const reports = pgTable('reports', {
  id: serial('id').primaryKey(),
  agencyId: integer('agency_id').references(() => agencies.id),
  year: integer('year'),
  format: text('format').notNull(),
  /** one report per original: ingesting the same content again finds it here */
  originalHash: text('original_hash').notNull().references(() => originals.hash),
  fileName: text('file_name').notNull(),
  parserVersion: text('parser_version').notNull(),
  title: text('title'),
  publishedOn: date('published_on', { mode: 'string' }),
  /** the six sections of the current version */
  sections: jsonb('sections').notNull(),
  /** the data contract of the current version, without its sections */
  data: jsonb('data').notNull(),
  /** of the current version's findings and its cross-year findings (cross_year_findings) */
  errorCount: integer('error_count').notNull(),
  warningCount: integer('warning_count').notNull(),
  currentVersion: integer('current_version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('reports_original_hash').on(t.originalHash),
  index('reports_year').on(t.year, t.id),
  index('reports_agency_year').on(t.agencyId, t.year),
  index('reports_with_errors').on(t.year, t.id).where(sql`${t.errorCount} > 0`),
]);

/**
 * Every cell of every version: its value, the text it was read from and where that text is. The coordinates every
 * reader gives are columns (cheap to write, 200 rows a report); what only some give is in `position`.
 */
export const cells = pgTable('cells', {
  // No foreign key: cells are written in the same transaction as their report, and the check would cost as much
  // as the insert on the largest table.
  reportId: integer('report_id').notNull(),
  version: integer('version').notNull(),
  /** e.g. requests.newReceived.total */
  path: text('path').notNull(),
  value: numeric('value', { mode: 'number' }),
  raw: text('raw'),
  /** line, column and character offset in the text the reader made; page of a PDF */
  line: integer('line'),
  col: integer('col'),
  charOffset: integer('char_offset'),
  page: integer('page'),
  /** the rest of the source: `box` for PDFs, element `path` for HTML and Word, `derived` for solved cells */
  position: jsonb('position'),
}, (t) => [
  // One version's cells are read and written together; a path is unique within a version by construction.
  // 200 entries a report: merging equal keys (deduplication) on insert cost more than the space it saves.
  index('cells_report_version').on(t.reportId, t.version).with({ deduplicate_items: false }),
]);

export const findings = pgTable('findings', {
  reportId: integer('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  /** order within the report, as the checker listed them */
  seq: integer('seq').notNull(),
  rule: text('rule').notNull(),
  severity: text('severity').notNull(),
  paths: text('paths').array().notNull(),
  message: text('message').notNull(),
  evidence: jsonb('evidence'),
}, (t) => [
  primaryKey({ columns: [t.reportId, t.version, t.seq] }),
  index('findings_rule').on(t.rule),
]);

/** One row per version of a report: how it came to be. A correction names the cell, its old and new value. */
export const versions = pgTable('versions', {
  reportId: integer('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  /** parse (version 1), correction or reparse */
  kind: text('kind').notNull(),
  parserVersion: text('parser_version').notNull(),
  who: text('who').notNull(),
  why: text('why'),
  path: text('path'),
  oldValue: numeric('old_value', { mode: 'number' }),
  newValue: numeric('new_value', { mode: 'number' }),
  /** of the version's own findings (without the cross-year ones) */
  errorCount: integer('error_count').notNull(),
  warningCount: integer('warning_count').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** the version's data and sections, filled in when a newer version replaces it in `reports` */
  data: jsonb('data'),
  sections: jsonb('sections'),
}, (t) => [
  primaryKey({ columns: [t.reportId, t.version] }),
]);

/** Files that could not be stored as a report, with the reason; the original is kept when it could be read. */
export const failures = pgTable('failures', {
  id: serial('id').primaryKey(),
  originalHash: text('original_hash').references(() => originals.hash),
  path: text('path'),
  fileName: text('file_name').notNull(),
  code: text('code').notNull(),
  message: text('message').notNull(),
  parserVersion: text('parser_version').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // the same bad content seen again by the same parser is one failure, with the latest time and path
  uniqueIndex('failures_original').on(t.originalHash, t.parserVersion),
  index('failures_at').on(t.at),
]);

/**
 * The partial state of compile (src/compile/tally.ts) of each group of current report versions: per year, format,
 * agency level and region, and per year, format and level over every region (`region` = ''). A compile adds up the
 * groups its selection covers; every write that changes a report's current version, and an edit of an agency's
 * level or region, moves its tally between groups in the same transaction.
 */
export const compileGroups = pgTable('compile_groups', {
  /** JSON of [region, year, level, format]: one text key, so that NULLs need no special handling */
  key: text('key').primaryKey(),
  /** the agencies' region, or '' for the total over every region (reports without a region are only there) */
  region: text('region').notNull(),
  year: integer('year'),
  level: text('level'),
  format: text('format').notNull(),
  reports: integer('reports').notNull(),
  /** encodeTally: sums, printed and blank counts per cell of the format, as text */
  tally: text('tally').notNull(),
}, (t) => [
  // region LIKE 'prefix%' whatever the database's collation
  index('compile_groups_region').using('btree', t.region.op('text_pattern_ops')),
]);

/**
 * One narrow row per report: what compile lists per report, without reading the wide `reports` rows. Like `cells`,
 * no foreign key and no index beyond the key: written in the same transaction as its report, where a key check
 * (a lock on the report's row) and more indexes cost ingest more than the queries gain (a scan of 100,000 of these
 * rows takes milliseconds).
 */
export const compileReports = pgTable('compile_reports', {
  reportId: integer('report_id').primaryKey(),
  agencyId: integer('agency_id'),
  /** the name compile counts the report under: its agency's, else the name it prints */
  agency: text('agency'),
  year: integer('year'),
  format: text('format').notNull(),
  /** of its findings and its cross-year findings, as `reports` counts them */
  errors: integer('errors').notNull(),
  warnings: integer('warnings').notNull(),
  /** the rules of its error findings (its own and its cross-year ones), each once, sorted */
  errorRules: text('error_rules').array().notNull(),
  /** amounts left out of the sums (unit unknown): [[path, value], …], or null */
  unusable: jsonb('unusable'),
});

/**
 * Each version's `report` as GET /api/reports/:id sends it (contract, sources, findings, file): its JSON text,
 * compressed (brotli, base64: packDetail), kept in its row (the migration lets rows up to a page stay there: a fetch reads
 * one page, not the toast table and its index).
 * 22 KB of JSON is 5 KB so: a long text parameter cost PGlite 0.75 ms a row to take, this one 0.13 ms. No foreign
 * key (as `cells`): written in the same transaction as its version.
 */
export const reportDetails = pgTable('report_details', {
  reportId: integer('report_id').notNull(),
  version: integer('version').notNull(),
  /** what the detail says of the original, which never changes: a fetch need not read `originals` */
  originalName: text('original_name').notNull(),
  originalKind: text('original_kind').notNull(),
  originalSize: integer('original_size').notNull(),
  packed: text('packed').notNull(),
}, (t) => [
  primaryKey({ columns: [t.reportId, t.version] }),
]);

/**
 * The cross-year findings (src/check/cross-year.ts) on the current version of a report, from its agency's report on
 * the year before (the one with fewest errors of its own; the newest of those): one row per later report that has
 * such a previous report, made again in the transaction of every write that changes either side
 * (src/store/cross-year.ts). They count in the later report's `error_count` and `warning_count` and in its
 * `compile_reports` row (compile's problems), and are listed after its own findings in its detail (spliced in when
 * read: a version's kept detail never changes). Like `compile_reports`, no foreign key and no index but its key.
 */
export const crossYearFindings = pgTable('cross_year_findings', {
  /** the later report */
  reportId: integer('report_id').primaryKey(),
  /** the later report's version they were made on: its current one */
  version: integer('version').notNull(),
  /** the report of the year before they were made from, and its version then */
  previousId: integer('previous_id').notNull(),
  previousVersion: integer('previous_version').notNull(),
  errors: integer('errors').notNull(),
  warnings: integer('warnings').notNull(),
  /** the rules of the error findings, each once, sorted */
  errorRules: text('error_rules').array().notNull(),
  /**
   * The findings as the JSON text of an array (text, not jsonb: spliced into a detail as it is, and what getReport
   * parses, so both give the same text).
   */
  findings: text('findings').notNull(),
});

/** Facts about the database's derived tables, e.g. the layout its tallies were made under. */
export const storeMeta = pgTable('store_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
