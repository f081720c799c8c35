// Doc → the report of the data contract, with a source for every value and a notice for everything undecided.
// Stages: lines of tokens → sections → format → the three tables (rows matched, values placed by the solver)
// → title, agency, year, date → section texts.

import { XxgkError } from '../errors.js';
import { getFormat, cellsOf, cellIndexOf, tablesFrom, equationsOf, requestRows, rowCellPaths, SECTION_KEYS, DENIED_SUBTOTAL_ROW } from '../template/index.js';
import type { FormatId, Finding, Source, ReportData, Cell, CellKind, Equation } from '../template/index.js';
import type { Doc } from '../read/model.js';
import { toLines, keyOf, positionOf, type Line, type Token } from './tokens.js';
import { findSections, type SectionSpan } from './sections.js';
import { detectFormat } from './format.js';
import { findTitle, yearOf, findPublishedOn, findAgency } from './meta.js';
import { segment, rowValues, labelKey, matchRequestRows, matchActiveRows, printedRequestRows, amountUnit, findAppealRow, type Segment } from './tables.js';
import { resolveRow, type Known, type Placed, type RowOutcome } from './solve.js';
import { EXTRACTION_NOTICES as N } from './findings.js';

export { EXTRACTION_NOTICES } from './findings.js';

export interface Extraction {
  report: ReportData;
  sources: Record<string, Source>;
  findings: Finding[];
  /** every cell's value as readCells(report) reads it back, for check (parseDoc): it need not read the tables again */
  cells: Array<Cell | undefined>;
}

interface Region { from: number; to: number }

/** The cell indexes of a row's paths, kept per array: rowCellPaths gives the same array for a row every time. */
const rowIndexes = new WeakMap<string[], number[]>();

/** State shared by the table stages of one extraction: values and how they were placed, by cell index. */
class Cells {
  private readonly index: ReadonlyMap<string, number>;
  private readonly values: Array<Cell | undefined>;
  /** how each value was placed: a token printed for exactly its cell, or what the solver made of a row */
  private readonly placed: Array<Placed | Token | undefined>;
  /** the unit printed for each 表二 row with an amount */
  readonly units = new Map<string, string | null>();
  readonly findings: Finding[] = [];
  /** what the solver sees: a number, null for a printed blank, undefined for a cell not yet placed */
  readonly known: Known = { get: (path) => { const i = this.index.get(path); return i === undefined ? undefined : this.values[i]; } };

  constructor(readonly format: FormatId) {
    this.index = cellIndexOf(format);
    this.values = new Array(this.index.size).fill(undefined);
    this.placed = new Array(this.index.size).fill(undefined);
  }

  put(path: string, placed: Placed): void {
    const i = this.index.get(path)!;
    this.values[i] = placed.value;
    this.placed[i] = placed;
  }

  /** A row printed with exactly one value per cell, the usual case: each token is its cell's value and source. */
  putTokens(paths: string[], tokens: Token[]): void {
    let at = rowIndexes.get(paths);
    if (!at) rowIndexes.set(paths, (at = paths.map((p) => this.index.get(p)!)));
    for (let k = 0; k < paths.length; k++) {
      const i = at[k]!, t = tokens[k]!;
      this.values[i] = t.kind === 'num' ? t.value! : null;
      this.placed[i] = t;
    }
  }

  anyNumber(): boolean {
    return this.values.some((v) => typeof v === 'number');
  }

  /** Whether any cell was placed, blank or not. */
  anyPlaced(): boolean {
    return this.values.some((v) => v !== undefined);
  }

  /** The values as readCells reads them back from the tables: blanks are null, the subtotal row absent unless printed. */
  readBack(): Array<Cell | undefined> {
    const out: Array<Cell | undefined> = this.values.map((v) => (v === undefined ? null : v));
    const subtotal = rowCellPaths(this.format, 'requests', DENIED_SUBTOTAL_ROW.path);
    if (subtotal.every((p) => this.values[this.index.get(p)!] === undefined)) for (const p of subtotal) out[this.index.get(p)!] = undefined;
    return out;
  }

  /** The three tables, and a source for every value placed, in the order of the template's cells. */
  finish(): { tables: Pick<ReportData, 'active' | 'requests' | 'appeals'>; sources: Record<string, Source> } {
    const tables = tablesFrom(this.format, this.values);
    for (const [row, unit] of this.units) tables.active[row]!['amountUnit'] = unit;
    const all = cellsOf(this.format, { deniedSubtotal: true });
    const paths: string[] = [], found: Source[] = [];
    for (let i = 0; i < all.length; i++) {
      const placed = this.placed[i];
      const source = !placed ? null
        : 'kind' in placed ? sourceOf(placed.text, placed)
        : placed.derived ? { raw: null, derived: placed.derived }
        : placed.token ? sourceOf(placed.merged ? placed.merged.map((t) => t.text).join(' ') : placed.token.text, placed.token)
        : null;
      if (source) { paths.push(all[i]!.path); found.push(source); }
    }
    const sources = sourcesObject(this.format, paths);
    for (let k = 0; k < paths.length; k++) sources[paths[k]!] = found[k]!;
    return { tables, sources };
  }

  notice(n: { id: string; severity: Finding['severity'] }, paths: string[], message: string, evidence?: Record<string, unknown>): void {
    this.findings.push({ rule: n.id, severity: n.severity, paths, message, ...(evidence ? { evidence } : {}) });
  }
}

/**
 * A new object for the sources of these cells, to be set in this order. Most reports have a source for every cell
 * but the optional subtotal row; for them it is a copy of an object made once with those keys. Setting some 200
 * keys on an empty object makes V8 turn it into a slow dictionary (past a dozen keys set by computed name), which
 * cost a tenth of a parse (measured); a copy keeps the fast layout of its original, and writes out as JSON faster.
 */
function sourcesObject(format: FormatId, paths: string[]): Record<string, Source> {
  const usual = cellsOf(format);
  if (paths.length !== usual.length || paths.some((p, k) => p !== usual[k]!.path)) return {};
  let keys = everyCellKeys.get(format);
  // Object.fromEntries defines its keys as named properties, which V8 keeps in the fast layout
  if (!keys) everyCellKeys.set(format, (keys = Object.fromEntries(usual.map((c) => [c.path, null]))));
  return { ...keys } as unknown as Record<string, Source>;
}
const everyCellKeys = new Map<FormatId, Record<string, null>>();

/**
 * The source of a value: two fixed shapes, one for text files (line, column, offset) and one for documents (also
 * page, box, element path), so that the hundreds made per report are cheap to make and to write out.
 */
function sourceOf(raw: string, t: Token): Source {
  const b = t.base;
  const column = t.at < 0 ? b.column : t.at + 1;
  const offset = t.at < 0 ? b.offset : b.offset !== undefined ? b.offset + t.at : undefined;
  if (b.page === undefined && b.box === undefined && b.path === undefined) return { raw, line: b.line, column, offset };
  return { raw, line: b.line, column, offset, page: b.page, box: b.box, path: b.path };
}

export function extract(doc: Doc): Extraction {
  const lines = toLines(doc);
  if (lines.length === 0) throw new XxgkError('NO_DATA', '文件中没有文字', 'the file holds no text');
  const sections = findSections(lines);
  // The format shows in the tables' headers: read only the lines of the table regions (all lines when they hold no text).
  const regions = findRegions(lines, sections);
  const tableTexts: string[] = [];
  for (const r of [regions.active, regions.requests, regions.appeals]) if (r) for (let i = r.from; i < r.to; i++) tableTexts.push(lines[i]!.text);
  const verdict = detectFormat(tableTexts) ?? detectFormat(lines.map((l) => l.text));

  const title = findTitle(lines, sections);
  const year = yearOf(title?.title ?? doc.meta?.title ?? null, lines, sections);
  const format: FormatId = verdict?.format ?? (year !== null && year >= 2021 ? '2021' : '2019');

  const cells = new Cells(format);
  if (!verdict?.format) {
    cells.notice(N.formatGuessed, [], `表头中没有区分格式的文字，按年度（${year ?? '未知'}）推定为 ${format} 版格式`);
  }

  const tableLines: Region[] = [];
  const lastLine = (segs: Segment[]) => segs.reduce((m, s) => Math.max(m, s.lastLine), -1);

  if (regions.active) {
    const segs = segment(lines, regions.active.from, regions.active.to);
    extractActive(lines, segs, format, cells);
    tableLines.push({ from: regions.active.from, to: Math.max(lastLine(segs) + 1, regions.active.from + 1) });
  }
  if (regions.requests) {
    const segs = segment(lines, regions.requests.from, regions.requests.to);
    const end = extractRequests(lines, segs, regions.requests, format, cells);
    tableLines.push({ from: regions.requests.from, to: end + 1 });
  }
  if (regions.appeals) {
    const segs = segment(lines, regions.appeals.from, regions.appeals.to);
    const end = extractAppeals(segs, format, cells);
    tableLines.push({ from: regions.appeals.from, to: end + 1 });
  }
  const missing = (['active', 'requests', 'appeals'] as const).filter((t) => !regions[t]);
  if (missing.length) {
    const names = { active: '表二（主动公开）', requests: '表三（依申请公开）', appeals: '表四（行政复议、行政诉讼）' };
    cells.notice(N.tableMissing, [...missing], `找不到${missing.map((t) => names[t]).join('、')}`);
  }

  const { tables, sources } = cells.finish();
  const reportTitle = title?.title ?? doc.meta?.title ?? null;
  const date = findPublishedOn(lines);
  const report: ReportData = {
    format, title: reportTitle, agency: findAgency(reportTitle, lines, date?.line ?? null), year,
    publishedOn: date?.date ?? doc.meta?.publishedOn ?? null,
    sections: sectionTexts(lines, sections, tableLines, date?.line ?? null),
    active: tables.active, requests: tables.requests, appeals: tables.appeals,
  };

  if (!sections.length && !cells.anyPlaced() && !lines.some((l) => l.text.includes('政府信息公开'))) {
    throw new XxgkError('NOT_A_REPORT', '这不是政府信息公开工作年度报告（找不到章节标题和表格）', 'this is not an annual report on government information disclosure (no section headings, no tables)');
  }
  if (!cells.anyNumber()) cells.notice(N.noData, ['active', 'requests', 'appeals'], '报告的表格中没有任何数字（可能是空白模板）/ the tables hold no data');

  return { report, sources, findings: cells.findings, cells: cells.readBack() };
}

// ---- regions ---------------------------------------------------------------------------------------------------

// Where each table starts, tested on the raw line: words may be printed with spaces between their characters.
const spaced = (...words: string[]) => new RegExp(words.map((w) => [...w].join('[\\s\\u3000]*')).join('|'));
const REQUESTS_START = spaced('勾稽关系', '申请人情况', '本年新收');
const ACTIVE_START = spaced('第二十条', '信息内容');
const APPEALS_START = spaced('结果维持', '复议后起诉');
const APPEALS_CAPTION = new RegExp(`^[\\s\\u3000#|]*${[...'行政复议'].join('[\\s\\u3000]*')}`);

function findRegions(lines: Line[], sections: SectionSpan[]): Record<'active' | 'requests' | 'appeals', Region | null> {
  const sec = (k: string) => sections.find((s) => s.key === k);
  const firstLine = (from: number, to: number, test: (t: string) => boolean) => {
    for (let i = Math.max(0, from); i < to; i++) if (test(lines[i]!.text)) return i;
    return -1;
  };
  const n = lines.length;
  const s2 = sec('activeDisclosure'), s3 = sec('requests'), s4 = sec('appeals'), s5 = sec('problems');

  const reqStart = firstLine(s3 ? s3.start + 1 : s2 ? s2.start + 1 : 0, s4 ? s4.start : n, (t) => REQUESTS_START.test(t));
  const actStart = firstLine(s2 ? s2.start + 1 : 0, reqStart >= 0 ? reqStart : s3 ? s3.start : n, (t) => ACTIVE_START.test(t));
  const appStart = firstLine(s4 ? s4.start + 1 : reqStart >= 0 ? reqStart + 1 : n, s5 ? s5.start : n,
    (t) => (t.length <= 40 && APPEALS_CAPTION.test(t)) || APPEALS_START.test(t));

  const after = (i: number) => sections.filter((s) => s.start > i).map((s) => s.start);
  const endOf = (start: number, ...stops: number[]) => Math.min(...[...after(start), ...stops.filter((x) => x > start), n]);
  return {
    active: actStart >= 0 ? { from: actStart, to: endOf(actStart, reqStart) } : null,
    requests: reqStart >= 0 ? { from: reqStart, to: endOf(reqStart, appStart) } : null,
    appeals: appStart >= 0 ? { from: appStart, to: endOf(appStart) } : null,
  };
}

// ---- placing a row's values --------------------------------------------------------------------------------------

function placeRow(cells: Cells, paths: string[], kinds: CellKind[], values: Token[], eqs: Equation[], name: string): RowOutcome {
  return reportOutcome(cells, paths, values, resolveRow(paths, kinds, values, cells.known, eqs), name);
}

function reportOutcome(cells: Cells, paths: string[], values: Token[], outcome: RowOutcome, rowName: string | (() => string)): RowOutcome {
  if (outcome.status === 'exact' && values.length === paths.length) { cells.putTokens(paths, values); return outcome; }
  for (let i = 0; i < paths.length; i++) cells.put(paths[i]!, outcome.cells[i]!);
  if (outcome.status === 'exact') return outcome; // the usual case: nothing to say, so nothing to format
  const name = typeof rowName === 'string' ? rowName : rowName();
  const raw = values.map((t) => t.text.trim() || '□').join(' ');
  const first = values[0] && positionOf(values[0]);
  const ev = { printed: raw, cells: paths.length, values: values.length, ...(first?.line !== undefined ? { line: first.line } : {}), ...(first?.page !== undefined ? { page: first.page } : {}) };
  if (outcome.status === 'decided') {
    cells.notice(N.decided, paths, `${name}印出 ${values.length} 个数（${raw}），应有 ${paths.length} 格；勾稽关系只允许一种读法`, { ...ev, readings: outcome.readings });
  } else if (outcome.status === 'total-only') {
    cells.notice(N.totalOnly, paths, `${name}只印出一个数（${raw}），读作「总计」，其余 ${paths.length - 1} 格视为空白`, ev);
  } else if (outcome.status === 'undecided') {
    const open = outcome.undecided.map((i) => paths[i]!);
    const why = outcome.reason === 'none' ? '没有一种读法满足勾稽关系' : outcome.reason === 'too-many' ? '可能的读法过多' : `有 ${outcome.readings} 种读法，勾稽关系不能唯一确定`;
    cells.notice(N.undecided, open, `${name}印出 ${values.length} 个数（${raw}），应有 ${paths.length} 格；${why}，${open.length} 格未能确定`, ev);
  }
  return outcome;
}

// ---- 表二 --------------------------------------------------------------------------------------------------------

function extractActive(lines: Line[], segs: Segment[], format: FormatId, cells: Cells): void {
  const { rows, duplicates } = matchActiveRows(segs, format);
  for (const d of duplicates) cells.notice(N.duplicate, [`active.${d.key}`], `表二「${d.sub.rows.find((r) => r.key === d.key)!.label}」行印出两次，只采用第一次`);
  let captionLine = segs[0]?.line ?? 0;
  for (const m of rows) {
    const row = m.sub.rows.find((r) => r.key === m.key)!;
    const paths = rowCellPaths(format, 'active', m.key);
    const values = rowValues(m.seg, paths.length, 'right');
    placeRow(cells, paths, m.kinds, values, [], `表二「${row.label}」行`);
    if (m.sub.amountUnit) {
      const header = headerText(lines, m.seg, m.sub.caption, captionLine);
      const amountAt = m.sub.columns.findIndex((c) => c.key === m.sub.amountUnit!.cell);
      const tok = values.length === m.sub.columns.length ? values[amountAt] : values.find((t) => t.unit);
      cells.units.set(m.key, amountUnit(tok, header, m.sub.amountUnit.printed));
    }
    captionLine = m.seg.lastLine;
  }
}

/** Text between a sub-table's caption and its row: where a header states the unit. */
function headerText(lines: Line[], seg: Segment, caption: string, fallbackFrom: number): string {
  let from = fallbackFrom;
  const cap = labelKey(caption);
  for (let i = seg.line; i >= Math.max(0, seg.line - 12); i--) if (keyOf(lines[i]!).includes(cap)) { from = i; break; }
  return seg.label.map((t) => t.text).join('') + lines.slice(from, seg.line + 1).map((l) => l.text).join('');
}

// ---- 表三 --------------------------------------------------------------------------------------------------------

function extractRequests(lines: Line[], segs: Segment[], region: Region, format: FormatId, cells: Cells): number {
  const { rows, duplicates, unmatched } = matchRequestRows(segs, format);
  const f = getFormat(format);
  const cols = f.requests.columns;
  const hasSubtotal = rows.some((r) => r.path === 'deniedSubtotal');
  const eqs = equationsOf(format, { deniedSubtotal: hasSubtotal });
  const kinds = cols.map(() => 'count' as CellKind);
  const rowName = (path: string) => `表三「${requestRows(format, { deniedSubtotal: true }).find((d) => d.path === path)?.short ?? path}」行`;

  for (const d of duplicates) cells.notice(N.duplicate, [`requests.${d.path}`], `${rowName(d.path)}印出两次，只采用第一次`);

  // A 2021 report printing （六） as one row: its values cannot be spread over the three sub-rows, except zeros.
  for (const r of rows) r.seg = { ...r.seg, values: rowValues(r.seg, cols.length, 'left') };
  const single = rows.find((r) => r.path === 'otherHandling*');
  const work = rows.filter((r) => r.path !== 'otherHandling*');
  if (single) {
    const subPaths = ['noCorrection', 'unpaidFee', 'other'].map((k) => `otherHandling.${k}`);
    const values = single.seg.values;
    const zeroes = values.length === cols.length && values.every((t) => t.kind === 'num' && t.value === 0);
    for (const sub of subPaths) {
      for (const p of rowCellPaths(format, `requests.${sub}`)) cells.put(p, zeroes ? { value: 0, derived: N.otherHandlingSingle.id } : { value: null });
    }
    cells.notice(N.otherHandlingSingle, subPaths.map((p) => `requests.${p}`),
      `2021 版格式的报告把（六）其他处理印成一行（${values.map((t) => t.text).join(' ')}）${zeroes ? '；全为 0，三个子项均读作 0' : '；三个子项无法确定'}`,
      { printed: values.map((t) => t.text).join(' ') });
  }

  // Exact rows first: they are what the equations need to decide the others.
  const pending: typeof work = [];
  for (const r of work) {
    const paths = rowCellPaths(format, 'requests', r.path);
    if (r.seg.values.length === cols.length) cells.putTokens(paths, r.seg.values);
    else pending.push(r);
  }
  // Then the others, repeatedly, since deciding one row may decide the next; what stays open is reported last.
  const rowPaths = (path: string) => rowCellPaths(format, 'requests', path);
  for (let progress = true; progress && pending.length;) {
    progress = false;
    for (const r of [...pending]) {
      const outcome = resolveRow(rowPaths(r.path), kinds, r.seg.values, cells.known, eqs);
      if (outcome.status === 'undecided') continue;
      reportOutcome(cells, rowPaths(r.path), r.seg.values, outcome, () => rowName(r.path));
      pending.splice(pending.indexOf(r), 1);
      progress = true;
    }
  }
  for (const r of pending) {
    reportOutcome(cells, rowPaths(r.path), r.seg.values, resolveRow(rowPaths(r.path), kinds, r.seg.values, cells.known, eqs), () => rowName(r.path));
  }

  const matched = new Set(rows.map((r) => r.path));
  if (unmatched.length) {
    // Numbers printed under a label xxgk cannot read: every row left without numbers may be theirs.
    const open = requestRows(format).filter((d) => !matched.has(d.path) && !(single && d.path.startsWith('otherHandling')));
    for (const seg of unmatched) {
      const label = seg.label.map((t) => t.text).join('').slice(-24);
      cells.notice(N.unmatched, open.map((d) => `requests.${d.path}`), `表三中「${label}」后的数字（${seg.values.map((t) => t.text.trim() || '□').join(' ')}）找不到所属的行`,
        { printed: seg.values.map((t) => t.text).join(' '), label, ...(seg.values[0]?.base.line !== undefined ? { line: seg.values[0].base.line } : {}) });
    }
  }
  // Rows without numbers: missing unless their label is printed (a blank row is not a missing one).
  let absent = requestRows(format).filter((d) => !matched.has(d.path) && !(single && d.path.startsWith('otherHandling')));
  if (absent.length) {
    const printed = printedRequestRows(lines.slice(region.from, region.to).map(keyOf).join(''), format);
    absent = absent.filter((d) => !printed.has(d.path));
  }
  if (absent.length) {
    cells.notice(N.rowMissing, absent.map((d) => `requests.${d.path}`), `表三中找不到 ${absent.length} 行：${absent.map((d) => d.short).join('、')}`);
  }
  return rows.reduce((m, r) => Math.max(m, r.seg.lastLine), region.from);
}

// ---- 表四 --------------------------------------------------------------------------------------------------------

function extractAppeals(segs: Segment[], format: FormatId, cells: Cells): number {
  const row = findAppealRow(segs);
  const paths = rowCellPaths(format, 'appeals');
  if (!row) return segs[0]?.line ?? 0;
  placeRow(cells, paths, paths.map(() => 'count'), rowValues(row, paths.length, 'left'), equationsOf(format), '表四数据行');
  return row.lastLine;
}

// ---- sections ----------------------------------------------------------------------------------------------------

function sectionTexts(lines: Line[], sections: SectionSpan[], tables: Region[], dateLine: number | null): ReportData['sections'] {
  // a loop, not tables.some(…), which made a closure for every line
  const inTable = (i: number) => { for (const t of tables) if (i >= t.from && i < t.to) return true; return false; };
  const out = {} as ReportData['sections'];
  for (const key of SECTION_KEYS) out[key] = null;
  for (const s of sections) {
    const body: string[] = [];
    for (let i = s.start + 1; i < s.end; i++) {
      if (inTable(i) || isSignature(lines, i, dateLine)) continue;
      body.push(lines[i]!.text.trim());
    }
    out[s.key] = { heading: s.heading, text: body.join('\n') };
  }
  return out;
}

/** The 落款 (agency line and date line) closes the report but belongs to no section. */
function isSignature(lines: Line[], i: number, dateLine: number | null): boolean {
  if (dateLine === null || i < dateLine - 1) return false;
  return i >= dateLine || lines[i]!.text.trim().length <= 30;
}
