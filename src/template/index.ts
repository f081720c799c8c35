// What the rest of the code asks of the template: its cells, their kinds and labels, the equations that tie
// them together, and an empty report to fill. All of it is derived from the data in formats.ts.

import { FORMATS, SECTIONS, DENIED_SUBTOTAL_ROW } from './formats.js';
import type { FormatDef, FormatId, ReportData, CellKind, Cell, SectionKey, RequestRowDef } from './types.js';

export * from './types.js';
export * from './formats.js';

export const FORMAT_IDS: FormatId[] = ['2019', '2021'];
export const getFormat = (id: FormatId): FormatDef => FORMATS[id];
export const SECTION_KEYS = SECTIONS.map((s) => s.key) as SectionKey[];

export type TableId = 'active' | 'requests' | 'appeals';

export interface CellDef {
  /** full path in the report, e.g. requests.denied.stateSecret.total */
  path: string;
  table: TableId;
  kind: CellKind;
  /** path of the row (e.g. requests.newReceived) and the column key */
  row: string;
  column: string;
  /** a human name: 表三「一、本年新收」行「自然人」列 */
  label: string;
  /** the path split on dots, once */
  keys: string[];
}

const cache = new Map<string, CellDef[]>();

/** Every cell of the format's three tables, in printed order. `deniedSubtotal` adds the optional subtotal row. */
export function cellsOf(format: FormatId, opts: { deniedSubtotal?: boolean } = {}): CellDef[] {
  const key = `${format}:${opts.deniedSubtotal ? 1 : 0}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const f = getFormat(format);
  const out: CellDef[] = [];
  for (const sub of f.active) {
    for (const row of sub.rows) {
      for (const col of sub.columns) {
        out.push({
          path: `active.${row.key}.${col.key}`, table: 'active', kind: col.kind, row: `active.${row.key}`, column: col.key,
          label: `表二「${row.label}」「${col.label}」`, keys: ['active', row.key, col.key],
        });
      }
    }
  }
  for (const row of requestRows(format, opts)) {
    for (const col of f.requests.columns) {
      out.push({
        path: `requests.${row.path}.${col.key}`, table: 'requests', kind: 'count', row: `requests.${row.path}`, column: col.key,
        label: `表三「${row.short}」行「${col.label}」列`, keys: ['requests', ...row.path.split('.'), col.key],
      });
    }
  }
  for (const g of f.appeals.groups) {
    for (const col of f.appeals.columns) {
      out.push({
        path: `appeals.${g.key}.${col.key}`, table: 'appeals', kind: 'count', row: `appeals.${g.key}`, column: col.key,
        label: `表四「${g.parent ? g.parent + '·' : ''}${g.label}」「${col.label}」`, keys: ['appeals', g.key, col.key],
      });
    }
  }
  cache.set(key, out);
  return out;
}

/** Rows of 表三 in printed order; the optional （三） subtotal goes before its items. */
const withSubtotal = new Map<FormatId, RequestRowDef[]>();
export function requestRows(format: FormatId, opts: { deniedSubtotal?: boolean } = {}): RequestRowDef[] {
  const rows = getFormat(format).requests.rows;
  if (!opts.deniedSubtotal) return rows;
  let all = withSubtotal.get(format);
  if (!all) {
    const i = rows.findIndex((r) => r.path.startsWith('denied.'));
    all = [...rows.slice(0, i), DENIED_SUBTOTAL_ROW, ...rows.slice(i)];
    withSubtotal.set(format, all);
  }
  return all;
}

const rowIndex: Record<FormatId, Record<'active' | 'requests' | 'appeals', Map<string, string[]>>> = {
  '2019': { active: new Map(), requests: new Map(), appeals: new Map() },
  '2021': { active: new Map(), requests: new Map(), appeals: new Map() },
};
/**
 * Paths of the cells of one row, in column order (row: `requests.newReceived`, `active.fees`, `appeals` for 表四's
 * one data row). The same string objects every time: path strings are map keys on the hot path. The row may be
 * given as table and key (`requests`, `newReceived`), which saves joining them on every call.
 */
export function rowCellPaths(format: FormatId, row: string, key?: string): string[] {
  let table = row, rowKey = key ?? '';
  if (key === undefined) { const dot = row.indexOf('.'); if (dot >= 0) { table = row.slice(0, dot); rowKey = row.slice(dot + 1); } }
  const index = rowIndex[format][table as 'active' | 'requests' | 'appeals'];
  if (!index) return [];
  let paths = index.get(rowKey);
  if (!paths) {
    const cells = cellsOf(format, { deniedSubtotal: true });
    const full = rowKey === '' ? table : `${table}.${rowKey}`;
    paths = full === 'appeals' ? cells.filter((c) => c.table === 'appeals').map((c) => c.path) : cells.filter((c) => c.row === full).map((c) => c.path);
    index.set(rowKey, paths);
  }
  return paths;
}

const cellIndex = new Map<string, Map<string, CellDef>>();
/** The definition of one cell, or undefined when the format has no such cell. */
export function cellDef(format: FormatId, path: string): CellDef | undefined {
  let idx = cellIndex.get(format);
  if (!idx) {
    idx = new Map(cellsOf(format, { deniedSubtotal: true }).map((c) => [c.path, c]));
    cellIndex.set(format, idx);
  }
  return idx.get(path);
}

const skeletons = new Map<FormatId, ReportData>();
/** A report of the format with every section absent and every cell blank. */
export function emptyReport(format: FormatId): ReportData {
  // Copying a cached skeleton is several times faster than building the nested objects cell by cell (measured).
  let skeleton = skeletons.get(format);
  if (!skeleton) { skeleton = buildEmptyReport(format); skeletons.set(format, skeleton); }
  return copyTree(skeleton);
}

function copyTree<T>(o: T): T {
  if (o === null || typeof o !== 'object') return o;
  const out: Record<string, unknown> = {};
  for (const k in o) out[k] = copyTree((o as Record<string, unknown>)[k]);
  return out as T;
}

/** Write many cells at once: values by path, for the cells of the format (and the optional subtotal row). */
export function setCells(report: ReportData, values: ReadonlyMap<string, Cell>): void {
  for (const c of cellsOf(report.format, { deniedSubtotal: true })) {
    const v = values.get(c.path);
    if (v === undefined) continue;
    let o = report as unknown as Record<string, unknown>;
    for (let i = 0; i < c.keys.length - 1; i++) {
      const k = c.keys[i]!;
      if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
      o = o[k] as Record<string, unknown>;
    }
    o[c.keys[c.keys.length - 1]!] = v;
  }
}

/** Where one row of cells goes: its parent objects, its key, its columns and the index of its first cell. */
interface RowPlan { parent: string[]; key: string; columns: string[]; from: number; amountUnit: boolean; optional: boolean }
const rowPlans = new Map<FormatId, RowPlan[]>();

function rowPlanOf(format: FormatId): RowPlan[] {
  let plan = rowPlans.get(format);
  if (plan) return plan;
  plan = [];
  const withUnit = new Set(getFormat(format).active.filter((s) => s.amountUnit).flatMap((s) => s.rows.map((r) => r.key)));
  const all = cellsOf(format, { deniedSubtotal: true });
  for (let i = 0; i < all.length;) {
    const c = all[i]!;
    let j = i;
    while (j < all.length && all[j]!.row === c.row) j++;
    const keys = c.keys.slice(0, -1);
    plan.push({
      parent: keys.slice(0, -1), key: keys[keys.length - 1]!, columns: all.slice(i, j).map((x) => x.column), from: i,
      amountUnit: c.table === 'active' && withUnit.has(keys[1]!), optional: c.row === `requests.${DENIED_SUBTOTAL_ROW.path}`,
    });
    i = j;
  }
  rowPlans.set(format, plan);
  return plan;
}

/**
 * The three tables of a report of the format from values in the order of cellsOf(format, { deniedSubtotal: true }):
 * what emptyReport and setCells make, built in one pass (undefined and null are blank). The optional subtotal row
 * is added, last in 表三 as setCells adds it, only when one of its cells is not undefined.
 */
export function tablesFrom(format: FormatId, values: ArrayLike<Cell | undefined>): Pick<ReportData, 'active' | 'requests' | 'appeals'> {
  const tables: Record<string, Record<string, unknown>> = { active: {}, requests: {}, appeals: {} };
  let subtotal: RowPlan | null = null;
  for (const r of rowPlanOf(format)) {
    if (r.optional) { subtotal = r; continue; }
    placeRow(tables, r, values);
  }
  if (subtotal) {
    for (let i = 0; i < subtotal.columns.length; i++) {
      if (values[subtotal.from + i] !== undefined) { placeRow(tables, subtotal, values); break; }
    }
  }
  return tables as unknown as Pick<ReportData, 'active' | 'requests' | 'appeals'>;
}

function placeRow(tables: Record<string, Record<string, unknown>>, r: RowPlan, values: ArrayLike<Cell | undefined>): void {
  let o = tables[r.parent[0]!]!;
  for (let k = 1; k < r.parent.length; k++) o = (o[r.parent[k]!] ??= {}) as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (let i = 0; i < r.columns.length; i++) row[r.columns[i]!] = values[r.from + i] ?? null;
  if (r.amountUnit) row['amountUnit'] = null;
  o[r.key] = row;
}

/**
 * The value of every cell of the report, in the order of cellsOf(format, { deniedSubtotal: true }); undefined where
 * the report has no such cell (the subtotal row when it is not printed). One walk to each row's object.
 */
export function readCells(report: ReportData): Array<Cell | undefined> {
  const plan = rowPlanOf(report.format);
  const values = new Array<Cell | undefined>(cellsOf(report.format, { deniedSubtotal: true }).length).fill(undefined);
  for (const r of plan) {
    let o = (report as unknown as Record<string, unknown>)[r.parent[0]!];
    for (let k = 1; k < r.parent.length && o; k++) o = (o as Record<string, unknown>)[r.parent[k]!];
    const row = o && typeof o === 'object' ? (o as Record<string, unknown>)[r.key] : undefined;
    if (!row || typeof row !== 'object') continue;
    for (let i = 0; i < r.columns.length; i++) values[r.from + i] = (row as Record<string, Cell | undefined>)[r.columns[i]!];
  }
  return values;
}

/** Index of each cell path in cellsOf(format, { deniedSubtotal: true }). */
const indexes = new Map<FormatId, Map<string, number>>();
export function cellIndexOf(format: FormatId): ReadonlyMap<string, number> {
  let idx = indexes.get(format);
  if (!idx) { idx = new Map(cellsOf(format, { deniedSubtotal: true }).map((c, i) => [c.path, i])); indexes.set(format, idx); }
  return idx;
}

function buildEmptyReport(format: FormatId): ReportData {
  const f = getFormat(format);
  const report: ReportData = {
    format, title: null, agency: null, year: null, publishedOn: null,
    sections: Object.fromEntries(SECTION_KEYS.map((k) => [k, null])) as ReportData['sections'],
    active: {}, requests: {}, appeals: {},
  };
  for (const sub of f.active) {
    for (const row of sub.rows) {
      const r: Record<string, Cell | string> = {};
      for (const col of sub.columns) r[col.key] = null;
      if (sub.amountUnit) (r as Record<string, unknown>)['amountUnit'] = null;
      report.active[row.key] = r;
    }
  }
  for (const c of cellsOf(format)) if (c.table !== 'active') setCell(report, c.path, null);
  return report;
}

// Paths are few and fixed; splitting them on every access cost more than all the parsing (measured).
const splitCache = new Map<string, string[]>();
const keysOf = (path: string): string[] => {
  let keys = splitCache.get(path);
  if (!keys) { keys = path.split('.'); splitCache.set(path, keys); }
  return keys;
};

/** Value at a dotted path, or undefined when there is none. */
export function getCell(report: unknown, path: string): Cell | undefined {
  let o: unknown = report;
  for (const k of keysOf(path)) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<string, unknown>)[k];
  }
  return o as Cell | undefined;
}

export function setCell(report: unknown, path: string, value: Cell | string): void {
  const keys = keysOf(path);
  let o = report as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
}

// ---- Equations -------------------------------------------------------------------------------------------------

/** sum(lhs) = sum(rhs); one per column, row or group the rule covers. */
export interface Equation {
  rule: 'T3-BALANCE' | 'T3-RESULTS' | 'T3-ROWSUM' | 'T4-SUM' | 'T3-DENIED-SUBTOTAL';
  /** where it applies, for messages: 表三「自然人」列 */
  where: string;
  lhs: string[];
  rhs: string[];
  /** names of the two sides, for messages: 一+二 and （七）+四 */
  lhsName: string;
  rhsName: string;
}

const eqCache = new Map<string, Equation[]>();

/** The hard rules of template.md §6 as equations over cell paths. */
export function equationsOf(format: FormatId, opts: { deniedSubtotal?: boolean } = {}): Equation[] {
  const key = `${format}:${opts.deniedSubtotal ? 1 : 0}`;
  const hit = eqCache.get(key);
  if (hit) return hit;
  const f = getFormat(format);
  const cols = f.requests.columns;
  const parts = cols.filter((c) => c.key !== 'total');
  const rows = requestRows(format, opts);
  const resultRows = rows.filter((r) => !['newReceived', 'carriedOver', 'resultTotal', 'carriedForward', 'deniedSubtotal'].includes(r.path));
  const eqs: Equation[] = [];
  for (const c of cols) {
    const where = `表三「${c.label}」列`;
    eqs.push({
      rule: 'T3-BALANCE', where,
      lhs: [`requests.newReceived.${c.key}`, `requests.carriedOver.${c.key}`],
      rhs: [`requests.resultTotal.${c.key}`, `requests.carriedForward.${c.key}`],
      lhsName: '一+二', rhsName: '（七）+四',
    });
  }
  for (const c of cols) {
    eqs.push({
      rule: 'T3-RESULTS', where: `表三「${c.label}」列`,
      lhs: [`requests.resultTotal.${c.key}`],
      rhs: resultRows.map((r) => `requests.${r.path}.${c.key}`),
      lhsName: '（七）总计', rhsName: '（一）至（六）之和',
    });
  }
  if (opts.deniedSubtotal) {
    for (const c of cols) {
      eqs.push({
        rule: 'T3-DENIED-SUBTOTAL', where: `表三「${c.label}」列`,
        lhs: [`requests.deniedSubtotal.${c.key}`],
        rhs: rows.filter((r) => r.path.startsWith('denied.')).map((r) => `requests.${r.path}.${c.key}`),
        lhsName: '（三）不予公开', rhsName: '（三）1–8之和',
      });
    }
  }
  for (const r of rows) {
    eqs.push({
      rule: 'T3-ROWSUM', where: `表三「${r.short}」行`,
      lhs: [`requests.${r.path}.total`],
      rhs: parts.map((c) => `requests.${r.path}.${c.key}`),
      lhsName: '总计', rhsName: '各类申请人之和',
    });
  }
  for (const g of f.appeals.groups) {
    eqs.push({
      rule: 'T4-SUM', where: `表四「${g.parent ? g.parent + '·' : ''}${g.label}」`,
      lhs: [`appeals.${g.key}.total`],
      rhs: f.appeals.columns.filter((c) => c.key !== 'total').map((c) => `appeals.${g.key}.${c.key}`),
      lhsName: '总计', rhsName: '四项结果之和',
    });
  }
  eqCache.set(key, eqs);
  return eqs;
}

export type EquationState =
  | { state: 'holds'; lhs: number; rhs: number; blanks: string[] }
  | { state: 'fails'; lhs: number; rhs: number; blanks: string[] }
  | { state: 'not-assessable'; lhs: number; rhs: number; blanks: string[] };

/** The cells of each side of an equation as indexes into cellsOf(format, { deniedSubtotal: true }), made once. */
const eqIndexes = new WeakMap<Equation, { lhs: number[]; rhs: number[] }>();
export function equationIndexes(format: FormatId, eq: Equation): { lhs: number[]; rhs: number[] } {
  let hit = eqIndexes.get(eq);
  if (!hit) {
    const index = cellIndexOf(format);
    hit = { lhs: eq.lhs.map((p) => index.get(p)!), rhs: eq.rhs.map((p) => index.get(p)!) };
    eqIndexes.set(eq, hit);
  }
  return hit;
}

/**
 * Judge an equation where blank cells are unknown counts ≥ 0 (a blank is not a zero): it holds when it holds with
 * every blank at 0 and no printed number is missing from a side that still needs one; it fails when no value of the
 * blanks could make it hold; otherwise it is not assessable.
 */
export function judge(eq: Equation, value: (path: string, side: 'lhs' | 'rhs', k: number) => Cell | undefined): EquationState {
  let lhs = 0, rhs = 0, lhsBlank = false, rhsBlank = false, printed = 0;
  const blanks: string[] = [];
  for (let k = 0; k < eq.lhs.length; k++) {
    const v = value(eq.lhs[k]!, 'lhs', k);
    if (v === null || v === undefined) { lhsBlank = true; blanks.push(eq.lhs[k]!); } else { lhs += v; printed++; }
  }
  for (let k = 0; k < eq.rhs.length; k++) {
    const v = value(eq.rhs[k]!, 'rhs', k);
    if (v === null || v === undefined) { rhsBlank = true; blanks.push(eq.rhs[k]!); } else { rhs += v; printed++; }
  }
  lhs = round(lhs); rhs = round(rhs);
  if (printed === 0) return { state: 'not-assessable', lhs, rhs, blanks };
  if (lhs === rhs) return { state: 'holds', lhs, rhs, blanks };
  // A blank side can only grow; the equation can still hold only if the smaller side has a blank.
  const canHold = (lhs < rhs && lhsBlank) || (rhs < lhs && rhsBlank);
  return { state: canHold ? 'not-assessable' : 'fails', lhs, rhs, blanks };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

// ---- agencies ----------------------------------------------------------------------------------------------------

import { AGENCY_LEVELS } from './formats.js';
export type AgencyLevel = (typeof AGENCY_LEVELS)[number]['level'];

/** The level of a government body, from the end of its name; null when the name does not tell. */
export function agencyLevel(name: string | null): AgencyLevel | null {
  if (!name) return null;
  const n = name.replace(/[\s\u3000]+/g, '');
  for (const l of AGENCY_LEVELS) if (l.pattern.test(n)) return l.level;
  return null;
}
