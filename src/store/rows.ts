// A parsed report as the rows the store writes: its cells as PostgreSQL array literals (one per column, written
// with one `unnest` for a whole batch), its findings as column arrays, JSON text for the jsonb columns. Pure and
// cheap to post between threads, so that ingest's workers do this work beside the parsing, and the thread that
// writes only joins strings (encoding 40,000 cells a batch there cost more than writing them).

import { cellsOf, emptyReport, getCell, setCell, FORMAT_IDS, SECTION_KEYS } from '../template/index.js';
import type { Finding, ParsedReport, ReportData, Source, Section, SectionKey, Cell } from '../template/index.js';
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

export function prepareReport(parsed: ParsedReport, original: OriginalFacts, parserVersion: string): PreparedReport {
  const agencyName = cleanOrNull(parsed.agency)?.trim() || null;
  return {
    original: { ...original, name: clean(original.name) },
    agency: agencyName ? agencyFacts(agencyName) : null,
    year: Number.isInteger(parsed.year) ? parsed.year : null,
    format: parsed.format,
    title: cleanOrNull(parsed.title),
    publishedOn: isoDate(parsed.publishedOn),
    parserVersion,
    sectionsJson: json(parsed.sections),
    dataJson: json(contractOf(parsed)),
    errorCount: countOf(parsed.findings, 'error'),
    warningCount: countOf(parsed.findings, 'warning'),
    cells: encodeCellsOf(parsed, parsed.sources),
    findings: findingRows(parsed.findings),
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
  const skeleton = emptyReport(data.format);
  if ('deniedSubtotal' in data.requests) {
    for (const c of cellsOf(data.format, { deniedSubtotal: true })) if (c.row === 'requests.deniedSubtotal') setCell(skeleton, c.path, null);
  }
  const { format, title, agency, year, publishedOn, active, requests, appeals } = data;
  const orderedSections = Object.fromEntries(SECTION_KEYS.filter((k) => k in sections)
    .map((k) => [k, sections[k] ? { heading: sections[k]!.heading, text: sections[k]!.text } : null])) as Record<SectionKey, Section | null>;
  return {
    format, title, agency, year, publishedOn, sections: { ...orderedSections, ...sectionsNotInTemplate(sections) },
    active: ordered(skeleton.active, active), requests: ordered(skeleton.requests, requests), appeals: ordered(skeleton.appeals, appeals),
  };
}

const sectionsNotInTemplate = (s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([k]) => !(SECTION_KEYS as string[]).includes(k)));

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `value` with the keys `skeleton` has first, in its order, and any others after. */
function ordered<T>(skeleton: unknown, value: T): T {
  if (!isObject(skeleton) || !isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(skeleton)) if (k in value) out[k] = ordered(skeleton[k], value[k]);
  for (const k of Object.keys(value)) if (!(k in out)) out[k] = value[k];
  return out as T;
}

/** A copy of `data` with one cell changed. */
export function withCell<T extends object>(data: T, path: string, value: Cell): T {
  const copy = structuredClone(data);
  setCell(copy, path, value);
  return copy;
}
