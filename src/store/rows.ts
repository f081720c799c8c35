// A parsed report as the rows the store writes: its cells as PostgreSQL array literals (one per column, written
// with one `unnest` for a whole batch), its findings as column arrays, JSON text for the jsonb columns. Pure and
// cheap to post between threads, so that ingest's workers do this work beside the parsing, and the thread that
// writes only joins strings (encoding 40,000 cells a batch there cost more than writing them).

import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import { cellsOf, emptyReport, getCell, setCell, FORMAT_IDS, SECTION_KEYS } from '../template/index.js';
import type { Finding, FormatId, ParsedReport, ReportData, Source, Section, SectionKey, Severity, Cell } from '../template/index.js';
import { tallyOf, type Tally } from '../compile/tally.js';
import { findingCounts, type ReportProblems } from '../compile/index.js';
import { agencyFacts, type AgencyFacts } from './agencies.js';

export interface OriginalFacts {
  /** sha256 of the content, hex */
  hash: string;
  name: string;
  /** what the content sniffed as (src/read sniff) */
  kind: string;
  size: number;
}

export interface CellRows {
  paths: string[];
  values: Cell[];
  raws: (string | null)[];
  lines: (number | null)[];
  cols: (number | null)[];
  offsets: (number | null)[];
  pages: (number | null)[];
  /** the rest of the source (box, element path, derived) as JSON, or null */
  positions: (string | null)[];
}

/** Cells as the bodies of PostgreSQL array literals (no braces), one per column; `count` elements each. */
export interface EncodedCells {
  count: number;
  /** numbers into PATH_DICTIONARY: a path is 35 characters, its number 3 */
  pathRefs: string;
  values: string;
  raws: string;
  lines: string;
  cols: string;
  offsets: string;
  pages: string;
  positions: string;
}

export interface FindingRows {
  rules: string[];
  severities: string[];
  /** each finding's paths as a JSON array (arrays of arrays do not survive `unnest`) */
  paths: string[];
  messages: string[];
  evidence: (string | null)[];
}

export interface PreparedReport {
  original: OriginalFacts;
  agency: AgencyFacts | null;
  year: number | null;
  format: string;
  title: string | null;
  publishedOn: string | null;
  parserVersion: string;
  sectionsJson: string;
  dataJson: string;
  errorCount: number;
  warningCount: number;
  cells: EncodedCells;
  findings: FindingRows;
  /** what compile needs of it (its tally, what it lists), made beside the parsing */
  compile: CompileFacts;
  /** the `report` of its detail (detail.ts), packed (packDetail); null: made when first read */
  detail: string | null;
}

/** PostgreSQL text and jsonb cannot hold U+0000; a stray one in a file must not cost the whole batch. */
const json = (v: unknown): string => {
  const s = JSON.stringify(v);
  // the replacer is slow: only for the rare text that holds the escape at all
  return s.includes('\\u0000') ? JSON.stringify(v, (_k, x) => (typeof x === 'string' ? clean(x) : x)) : s;
};
const clean = (s: string): string => (s.includes('\0') ? s.replaceAll('\0', '') : s);
const cleanOrNull = (s: string | null | undefined): string | null => (s == null ? null : clean(s));

/** The report's data without sources, findings and sections: the `data` column. */
export function contractOf(parsed: ReportData): Omit<ReportData, 'sections'> {
  const { format, title, agency, year, publishedOn, active, requests, appeals } = parsed;
  return { format, title, agency, year, publishedOn, active, requests, appeals };
}

export function cellRows(data: ReportData, sources: Record<string, Source>): CellRows {
  const out: CellRows = { paths: [], values: [], raws: [], lines: [], cols: [], offsets: [], pages: [], positions: [] };
  for (const c of cellsOf(data.format, { deniedSubtotal: 'deniedSubtotal' in data.requests })) {
    const v = getCell(data, c.path);
    const src = sources[c.path];
    out.paths.push(c.path);
    out.values.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
    out.raws.push(cleanOrNull(src?.raw));
    out.lines.push(src?.line ?? null);
    out.cols.push(src?.column ?? null);
    out.offsets.push(src?.offset ?? null);
    out.pages.push(src?.page ?? null);
    out.positions.push(src ? restOf(src) : null);
  }
  return out;
}

/** The parts of a source that have no column of their own (box, element path, derived), as JSON, or null. */
function restOf(src: Source): string | null {
  if (src.box === undefined && src.path === undefined && src.derived === undefined) return null;
  const rest: Pick<Source, 'box' | 'path' | 'derived'> = {};
  if (src.box !== undefined) rest.box = src.box;
  if (src.path !== undefined) rest.path = src.path;
  if (src.derived !== undefined) rest.derived = src.derived;
  return json(rest);
}

export function findingRows(findings: Finding[]): FindingRows {
  const out: FindingRows = { rules: [], severities: [], paths: [], messages: [], evidence: [] };
  for (const f of findings) {
    out.rules.push(f.rule);
    out.severities.push(f.severity);
    out.paths.push(json(f.paths));
    out.messages.push(clean(f.message));
    out.evidence.push(f.evidence ? json(f.evidence) : null);
  }
  return out;
}

export const countOf = (findings: Finding[], severity: Finding['severity']): number =>
  findings.reduce((n, f) => n + (f.severity === severity ? 1 : 0), 0);

/** The name of the agency a report is stored under, or null. */
export const agencyNameOf = (parsed: Pick<ReportData, 'agency'>): string | null => cleanOrNull(parsed.agency)?.trim() || null;

export function prepareReport(parsed: ParsedReport, original: OriginalFacts, parserVersion: string): PreparedReport {
  const agencyName = agencyNameOf(parsed);
  const year = Number.isInteger(parsed.year) ? parsed.year : null;
  const sectionsJson = json(parsed.sections), dataJson = json(contractOf(parsed));
  const findings = findingRows(parsed.findings);
  // the data and sections as their jsonb columns will read back (but for the order of keys, which reportOf sets):
  // what compile and a detail are made of
  const data = JSON.parse(dataJson) as Omit<ReportData, 'sections'>, sections = JSON.parse(sectionsJson) as Record<SectionKey, Section | null>;
  const name = clean(original.name);
  return {
    original: { ...original, name },
    agency: agencyName ? agencyFacts(agencyName) : null,
    year,
    format: parsed.format,
    title: cleanOrNull(parsed.title),
    publishedOn: isoDate(parsed.publishedOn),
    parserVersion,
    sectionsJson,
    dataJson,
    errorCount: countOf(parsed.findings, 'error'),
    warningCount: countOf(parsed.findings, 'warning'),
    cells: encodeCellsOf(parsed, parsed.sources),
    findings,
    compile: compileFacts(data, agencyName, year, parsed.findings),
    detail: packDetail(detailJson(data, sections, sourceCells(parsed, parsed.sources), storedFindings(findings), name, true)),
  };
}

/** Every cell path of both formats, in a fixed order: cells are written as numbers into this list. */
export const PATH_DICTIONARY: string[] = [...new Set(FORMAT_IDS.flatMap((f) => cellsOf(f, { deniedSubtotal: true }).map((c) => c.path)))];
const PATH_REF = new Map(PATH_DICTIONARY.map((p, i) => [p, i + 1]));

/** An element of an array literal: NULL, or a quoted string with `"` and `\` escaped. */
const quoted = (s: string | null): string =>
  s === null ? 'NULL' : s.includes('"') || s.includes('\\') ? `"${s.replace(/[\\"]/g, '\\$&')}"` : `"${s}"`;
const bare = (n: number | null): string => (n === null ? 'NULL' : `${n}`);

export function encodeCells(rows: CellRows): EncodedCells {
  const refs = rows.paths.map((p) => {
    const ref = PATH_REF.get(p);
    if (ref === undefined) throw new Error(`${p} is not a cell of the template`);
    return ref;
  });
  return {
    count: rows.paths.length,
    pathRefs: refs.join(','),
    values: rows.values.map(bare).join(','),
    raws: rows.raws.map(quoted).join(','),
    lines: rows.lines.map(bare).join(','),
    cols: rows.cols.map(bare).join(','),
    offsets: rows.offsets.map(bare).join(','),
    pages: rows.pages.map(bare).join(','),
    positions: rows.positions.map(quoted).join(','),
  };
}

/** encodeCells(cellRows(data, sources)) in one pass: ingest's workers do this for every report. */
export function encodeCellsOf(data: ReportData, sources: Record<string, Source>): EncodedCells {
  const cells = cellsOf(data.format, { deniedSubtotal: 'deniedSubtotal' in data.requests });
  const refs: number[] = [], values: string[] = [], raws: string[] = [], lines: string[] = [], cols: string[] = [];
  const offsets: string[] = [], pages: string[] = [], positions: string[] = [];
  for (const c of cells) {
    const v = getCell(data, c.path);
    const src = sources[c.path];
    refs.push(PATH_REF.get(c.path)!);
    values.push(typeof v === 'number' && Number.isFinite(v) ? `${v}` : 'NULL');
    if (!src) {
      raws.push('NULL'); lines.push('NULL'); cols.push('NULL'); offsets.push('NULL'); pages.push('NULL'); positions.push('NULL');
      continue;
    }
    raws.push(quoted(cleanOrNull(src.raw)));
    lines.push(bare(src.line ?? null));
    cols.push(bare(src.column ?? null));
    offsets.push(bare(src.offset ?? null));
    pages.push(bare(src.page ?? null));
    positions.push(quoted(restOf(src)));
  }
  return {
    count: cells.length, pathRefs: refs.join(','), values: values.join(','), raws: raws.join(','), lines: lines.join(','),
    cols: cols.join(','), offsets: offsets.join(','), pages: pages.join(','), positions: positions.join(','),
  };
}

/** A `date` column takes only real dates; anything else is stored as unknown rather than failing the batch. */
export function isoDate(s: string | null): string | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) ? s : null;
}

// ---- back from rows -----------------------------------------------------------------------------------------------

export interface StoredCell {
  path: string;
  value: number | null;
  raw: string | null;
  line: number | null;
  col: number | null;
  charOffset: number | null;
  page: number | null;
  position: Record<string, unknown> | null;
}

/** Sources as the parser gave them, rebuilt from a version's cells (a cell with no raw text had no source). */
export function sourcesOf(cells: StoredCell[]): Record<string, Source> {
  const out: Record<string, Source> = {};
  for (const c of cells) {
    if (c.raw === null && !c.position && c.line === null && c.page === null) continue;
    const s: Source = { raw: c.raw };
    if (c.line !== null) s.line = c.line;
    if (c.col !== null) s.column = c.col;
    if (c.charOffset !== null) s.offset = c.charOffset;
    if (c.page !== null) s.page = c.page;
    out[c.path] = { ...s, ...(c.position ?? {}) };
  }
  return out;
}

/**
 * The contract of a stored version: its data with its sections, keys in the template's order again (jsonb keeps
 * object keys in an order of its own: short keys first).
 */
export function reportOf(data: Omit<ReportData, 'sections'>, sections: Record<SectionKey, Section | null>): ReportData {
  const skeleton = skeletonOf(data.format, 'deniedSubtotal' in data.requests);
  const { format, title, agency, year, publishedOn, active, requests, appeals } = data;
  const orderedSections = Object.fromEntries(SECTION_KEYS.filter((k) => k in sections)
    .map((k) => [k, sections[k] ? { heading: sections[k]!.heading, text: sections[k]!.text } : null])) as Record<SectionKey, Section | null>;
  return {
    format, title, agency, year, publishedOn, sections: { ...orderedSections, ...sectionsNotInTemplate(sections) },
    active: ordered(skeleton.active, active), requests: ordered(skeleton.requests, requests), appeals: ordered(skeleton.appeals, appeals),
  };
}

const skeletons = new Map<string, ReportData>();
/** The empty report of a format (with the optional subtotal row or not): read only, so made once. */
function skeletonOf(format: ReportData['format'], subtotal: boolean): ReportData {
  const key = `${format}:${subtotal}`;
  let skeleton = skeletons.get(key);
  if (!skeleton) {
    skeleton = emptyReport(format);
    if (subtotal) for (const c of cellsOf(format, { deniedSubtotal: true })) if (c.row === 'requests.deniedSubtotal') setCell(skeleton, c.path, null);
    skeletons.set(key, skeleton);
  }
  return skeleton;
}

/** Keys the template does not have come after its own, in jsonb's order whatever order they came in. */
const sectionsNotInTemplate = (s: Record<string, unknown>) => Object.fromEntries(Object.keys(s)
  .filter((k) => !(SECTION_KEYS as string[]).includes(k)).sort(jsonbKeyOrder).map((k) => [k, jsonbOrdered(s[k])]));

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `value` with the keys `skeleton` has first, in its order, and any others after in jsonb's order: the same
 * whether `value` was read from a jsonb column or not (a detail made when written equals one read back).
 */
function ordered<T>(skeleton: unknown, value: T): T {
  if (!isObject(value)) return Array.isArray(value) ? jsonbOrdered(value) : value;
  if (!isObject(skeleton)) return jsonbOrdered(value);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(skeleton)) if (k in value) out[k] = ordered(skeleton[k], value[k]);
  const extra = Object.keys(value).filter((k) => !(k in out));
  if (extra.length) for (const k of extra.sort(jsonbKeyOrder)) out[k] = jsonbOrdered(value[k]);
  return out as T;
}

/** A copy of `data` with one cell changed. */
export function withCell<T extends object>(data: T, path: string, value: Cell): T {
  const copy = structuredClone(data);
  setCell(copy, path, value);
  return copy;
}

// ---- what is derived from the rows: compile's facts, a version's detail -------------------------------------------

/**
 * What compile needs of one report version, beside its agency's level and region (read when written): its line of
 * compile's `problems` (agency: its agency's name, else the name it prints) and its contribution to the sums.
 */
export interface CompileFacts extends Omit<ReportProblems, 'id'> {
  /** amounts left out (unit unknown), JSON [[path, value], …], or null */
  unusableJson: string | null;
  tally: Tally;
}

/**
 * The facts of a version from its data as stored (what the `data` column reads back as: the tally must be the one
 * a later read of the data gives, so that it can be taken out again exactly).
 */
export function compileFacts(data: Omit<ReportData, 'sections'>, agencyName: string | null, year: number | null, findings: Array<Pick<Finding, 'rule' | 'severity'>>): CompileFacts {
  const { tally, unusable } = tallyOf(data);
  const { errors, warnings, errorRules } = findingCounts(findings);
  return {
    agency: agencyName ?? (typeof data.agency === 'string' ? data.agency : null),
    year, format: data.format, errors, warnings, errorRules,
    unusableJson: unusable.length ? JSON.stringify(unusable.map((u) => [u.path, u.value])) : null,
    tally,
  };
}

/**
 * A detail's JSON text as `report_details` keeps it: brotli at quality 2, base64 (text: PGlite reads bytea slowly).
 * Against raw deflate at level 1, measured on details: 13% smaller, a fifth faster to make, half the time to read.
 */
export function packDetail(json: string): string {
  const bytes = Buffer.from(json, 'utf8');
  return brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 2, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).toString('base64');
}
/** The JSON text of a packed detail, as UTF-8 bytes (sent as they are: no string is made of them). */
export const unpackDetail = (packed: string): Buffer => brotliDecompressSync(Buffer.from(packed, 'base64'));

/** The `report` of a version's detail. */
export type DetailReport = ParsedReport & { file: string };

/**
 * The report of a detail, made from a version's stored data, cells and findings (getReport and the kept text). Its
 * sources in the template's cell order, whatever order the cells' rows come back in.
 */
export function detailReport(data: Omit<ReportData, 'sections'>, sections: Record<SectionKey, Section | null>, cells: StoredCell[], findings: Finding[], file: string): DetailReport {
  return { ...reportOf(data, sections), sources: sourcesOf(inCellOrder(data.format, cells)), findings, file };
}

/**
 * The text of detailReport(…) — JSON.stringify of it, character for character (a test checks) — made faster: the
 * sources, most of a detail, are written straight from the cells instead of as 200 objects stringified. Ingest's
 * workers make one per report.
 */
export function detailJson(data: Omit<ReportData, 'sections'>, sections: Record<SectionKey, Section | null>, cells: StoredCell[], findings: Finding[], file: string, inOrder = false): string {
  const ordered = inOrder ? cells : inCellOrder(data.format, cells);
  const contract = JSON.stringify(reportOf(data, sections));
  return contract.slice(0, -1) + ',"sources":' + (sourcesJson(ordered) ?? JSON.stringify(sourcesOf(ordered))) +
    ',"findings":' + JSON.stringify(findings) + ',"file":' + JSON.stringify(file) + '}';
}

const FILE_KEY = Buffer.from('],"file":', 'utf8');

/**
 * A detail's text (detailJson, as UTF-8) with more findings after its own: the text detailJson gives for all of them.
 * The findings array is the one that closes before the last `"file":` key (the file name, a JSON string, cannot hold
 * an unescaped quote). `more` is the JSON text of an array.
 */
export function withMoreFindings(detail: Buffer, more: string): Buffer {
  const items = more.slice(1, -1);
  if (!items) return detail;
  const end = detail.lastIndexOf(FILE_KEY);
  if (end < 0) throw new Error('a detail without its file');
  const empty = detail[end - 1] === 0x5b; // '['
  return Buffer.concat([detail.subarray(0, end), Buffer.from(empty ? items : `,${items}`, 'utf8'), detail.subarray(end)]);
}

const PLAIN_PATH = /^[A-Za-z0-9_.]+$/;
const COORDINATES = ['raw', 'line', 'column', 'offset', 'page'];
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** JSON.stringify(sourcesOf(cells)), or null when the cells hold what only the object form handles alike. */
function sourcesJson(cells: StoredCell[]): string | null {
  let out = '{';
  const seen = new Set<string>();
  for (const c of cells) {
    if (c.raw === null && !c.position && c.line === null && c.page === null) continue;
    // a path twice, an unusual path, a position naming a coordinate: left to the object form
    if (seen.has(c.path) || !PLAIN_PATH.test(c.path) || (c.position && COORDINATES.some((k) => k in c.position!))) return null;
    seen.add(c.path);
    if (out.length > 1) out += ',';
    out += '"' + c.path + '":{"raw":' + (c.raw === null ? 'null' : JSON.stringify(c.raw));
    if (c.line !== null) out += ',"line":' + num(c.line);
    if (c.col !== null) out += ',"column":' + num(c.col);
    if (c.charOffset !== null) out += ',"offset":' + num(c.charOffset);
    if (c.page !== null) out += ',"page":' + num(c.page);
    if (c.position) {
      const rest = JSON.stringify(c.position);
      if (rest.length > 2) out += ',' + rest.slice(1, -1);
    }
    out += '}';
  }
  return out + '}';
}

const cellOrders = new Map<string, Map<string, number>>();
function inCellOrder(format: string, cells: StoredCell[]): StoredCell[] {
  let order = cellOrders.get(format);
  if (!order) {
    const known = (FORMAT_IDS as readonly string[]).includes(format) ? cellsOf(format as FormatId, { deniedSubtotal: true }) : [];
    cellOrders.set(format, order = new Map(known.map((c, i) => [c.path, i])));
  }
  const at = (c: StoredCell) => order.get(c.path) ?? Number.MAX_SAFE_INTEGER;
  for (let i = 1; i < cells.length; i++) if (at(cells[i - 1]!) > at(cells[i]!)) return [...cells].sort((a, b) => at(a) - at(b));
  return cells;
}

// ---- values as the database gives them back ----------------------------------------------------------------------

const ascii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
};
/** jsonb orders an object's keys: shorter (in UTF-8 bytes) first, then byte by byte. */
function jsonbKeyOrder(a: string, b: string): number {
  if (ascii(a) && ascii(b)) return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  const ba = Buffer.from(a, 'utf8'), bb = Buffer.from(b, 'utf8');
  return ba.length !== bb.length ? ba.length - bb.length : Buffer.compare(ba, bb);
}

/** A JSON value with its objects' keys in jsonb's order (what a jsonb column gives back). */
export function jsonbOrdered<T>(v: T): T {
  if (Array.isArray(v)) return v.map(jsonbOrdered) as T;
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v);
  keys.sort(jsonbKeyOrder);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = jsonbOrdered((v as Record<string, unknown>)[k]);
  return out as T;
}

/** What a jsonb column holding `json` (JSON text) reads back as. */
export const fromJsonb = <T>(json: string): T => jsonbOrdered(JSON.parse(json) as T);

/**
 * The cells that carry a source, as the cells table will give them back (what sourcesOf reads: not the values),
 * straight from a parsed report's sources (cellRows would read every value too).
 */
function sourceCells(data: ReportData, sources: Record<string, Source>): StoredCell[] {
  const out: StoredCell[] = [];
  for (const c of cellsOf(data.format, { deniedSubtotal: 'deniedSubtotal' in data.requests })) {
    const src = sources[c.path];
    if (!src) continue;
    const position = restOf(src);
    out.push({
      path: c.path, value: null, raw: cleanOrNull(src.raw), line: src.line ?? null, col: src.column ?? null, charOffset: src.offset ?? null,
      page: src.page ?? null, position: position === null ? null : fromJsonb<Record<string, unknown>>(position),
    });
  }
  return out;
}

/** A version's cells as the cells table gives them back. */
export function storedCells(rows: CellRows): StoredCell[] {
  return rows.paths.map((path, i) => ({
    path, value: rows.values[i] ?? null, raw: rows.raws[i] ?? null, line: rows.lines[i] ?? null, col: rows.cols[i] ?? null,
    charOffset: rows.offsets[i] ?? null, page: rows.pages[i] ?? null,
    position: rows.positions[i] ? fromJsonb<Record<string, unknown>>(rows.positions[i]!) : null,
  }));
}

/** A version's findings as the findings table gives them back. */
export function storedFindings(rows: FindingRows): Finding[] {
  return rows.rules.map((rule, i) => {
    const evidence = rows.evidence[i] ? fromJsonb<Record<string, unknown>>(rows.evidence[i]!) : null;
    return {
      rule, severity: rows.severities[i] as Severity, paths: JSON.parse(rows.paths[i]!) as string[], message: rows.messages[i]!,
      ...(evidence ? { evidence } : {}),
    };
  });
}

