// Compare two reports (two agencies, two versions of one report, or one agency's two years): every cell's change,
// the sections' text differences by sentence, the changed title/agency/year/format/date, and — when the two are
// one agency's consecutive years — the cross-year findings on the later one.

import { cellsOf, SECTIONS } from '../template/index.js';
import type { Cell, CellDef, CellKind, Finding, FormatId, ReportData, SectionKey, TableId } from '../template/index.js';
import { checkAcrossYears } from '../check/cross-year.js';
import { toWan, unitOf, round6 } from '../compile/amounts.js';
import { diffSentences, sentences, type DiffOp } from './diff.js';

export { diffSentences, sentences, type DiffOp } from './diff.js';

/**
 * same: equal (blank in both counts as equal); changed: two different numbers; filled: blank in a, a number in b;
 * blanked: a number in a, blank in b; onlyA / onlyB: the cell exists in the format of one report only.
 */
export type CellStatus = 'same' | 'changed' | 'filled' | 'blanked' | 'onlyA' | 'onlyB';

export interface CellChange {
  path: string;
  label: string;
  table: TableId;
  kind: CellKind;
  a: Cell;
  b: Cell;
  /** b − a when both are numbers (money: in one unit, see `unit`), else null */
  delta: number | null;
  status: CellStatus;
  /** money cells: the unit of each side and of `delta` (万元 when the sides differ; null when a unit is unknown) */
  unit?: { a: string | null; b: string | null; delta: string | null };
}

export type SectionStatus = 'same' | 'changed' | 'added' | 'removed' | 'absent';

export interface SectionChange {
  key: SectionKey;
  heading: string;
  status: SectionStatus;
  added: string[];
  removed: string[];
  /** the edit script by sentence, from a to b */
  diff: DiffOp[];
}

export type MetaField = 'title' | 'agency' | 'year' | 'format' | 'publishedOn';
export interface MetaChange { field: MetaField; a: string | number | null; b: string | number | null }

export interface ReportMeta { title: string | null; agency: string | null; year: number | null; format: FormatId; publishedOn: string | null }

export interface Comparison {
  a: ReportMeta;
  b: ReportMeta;
  /** the fields of ReportMeta that differ */
  meta: MetaChange[];
  /** every cell of either format, in a's printed order, then b's cells a has not */
  cells: CellChange[];
  /** how many cells have each status */
  summary: Record<CellStatus, number>;
  sections: SectionChange[];
  /** cross-year findings on the later report when a and b are one agency's consecutive years, else null */
  crossYear: { current: 'a' | 'b'; findings: Finding[] } | null;
}

const META_FIELDS: MetaField[] = ['title', 'agency', 'year', 'format', 'publishedOn'];

/** Accepts a report of the contract or a parsed one (sources and findings are not compared). */
export function compare(a: ReportData, b: ReportData): Comparison {
  const cells = compareCells(a, b);
  const summary: Record<CellStatus, number> = { same: 0, changed: 0, filled: 0, blanked: 0, onlyA: 0, onlyB: 0 };
  for (const c of cells) summary[c.status]++;
  return {
    a: metaOf(a),
    b: metaOf(b),
    meta: META_FIELDS.filter((f) => a[f] !== b[f]).map((field) => ({ field, a: a[field], b: b[field] })),
    cells,
    summary,
    sections: SECTIONS.map((s) => compareSection(s.key, s.heading, a.sections[s.key]?.text ?? null, b.sections[s.key]?.text ?? null)),
    crossYear: crossYear(a, b),
  };
}

const metaOf = (r: ReportData): ReportMeta =>
  ({ title: r.title, agency: r.agency, year: r.year, format: r.format, publishedOn: r.publishedOn });

const hasDeniedSubtotal = (r: ReportData): boolean =>
  typeof r.requests['deniedSubtotal'] === 'object' && r.requests['deniedSubtotal'] !== null;

const valueOf = (r: ReportData, path: string): Cell => {
  let o: unknown = r;
  for (const k of path.split('.')) o = o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined;
  return typeof o === 'number' && Number.isFinite(o) ? o : null;
};

function compareCells(a: ReportData, b: ReportData): CellChange[] {
  const defsA = cellsOf(a.format, { deniedSubtotal: hasDeniedSubtotal(a) });
  const defsB = cellsOf(b.format, { deniedSubtotal: hasDeniedSubtotal(b) });
  const inA = new Set(defsA.map((c) => c.path));
  const inB = new Set(defsB.map((c) => c.path));
  return [
    ...defsA.map((def) => cellChange(def, a, b, inB.has(def.path) ? 'both' : 'onlyA')),
    ...defsB.filter((def) => !inA.has(def.path)).map((def) => cellChange(def, a, b, 'onlyB')),
  ];
}

function cellChange(def: CellDef, a: ReportData, b: ReportData, where: 'both' | 'onlyA' | 'onlyB'): CellChange {
  const va = where === 'onlyB' ? null : valueOf(a, def.path);
  const vb = where === 'onlyA' ? null : valueOf(b, def.path);
  const base = { path: def.path, label: def.label, table: def.table, kind: def.kind, a: va, b: vb };
  if (where !== 'both') return { ...base, delta: null, status: where };
  if (def.kind === 'amount') return amountChange(def, a, b, base);
  const delta = va !== null && vb !== null ? round6(vb - va) : null;
  return { ...base, delta, status: statusOf(va, vb, delta !== null && delta !== 0) };
}

function statusOf(va: Cell, vb: Cell, differ: boolean): CellStatus {
  if (va === null && vb === null) return 'same';
  if (va === null) return 'filled';
  if (vb === null) return 'blanked';
  return differ ? 'changed' : 'same';
}

/** Money: compared in one unit — the shared one, or 万元 when the two reports print different units. */
function amountChange(def: CellDef, a: ReportData, b: ReportData, base: Omit<CellChange, 'delta' | 'status'>): CellChange {
  const rowKey = def.row.slice('active.'.length);
  const ua = unitOf(a, rowKey), ub = unitOf(b, rowKey);
  const { a: va, b: vb } = base;
  let delta: number | null = null, deltaUnit: string | null = null;
  if (va !== null && vb !== null) {
    if (ua === ub) { delta = round6(vb - va); deltaUnit = ua; }
    else {
      const wa = toWan(va, ua), wb = toWan(vb, ub);
      if (wa !== null && wb !== null) { delta = round6(wb - wa); deltaUnit = '万元'; }
    }
  }
  // Two numbers whose units cannot be brought together (a unit is unknown) count as changed unless equal and alike.
  const differ = delta !== null ? delta !== 0 : va !== vb || ua !== ub;
  return { ...base, delta, status: statusOf(va, vb, differ), unit: { a: ua, b: ub, delta: deltaUnit } };
}

function compareSection(key: SectionKey, heading: string, a: string | null, b: string | null): SectionChange {
  const diff = diffSentences(a === null ? [] : sentences(a), b === null ? [] : sentences(b));
  const added = diff.filter((d) => d.op === 'added').map((d) => d.text);
  const removed = diff.filter((d) => d.op === 'removed').map((d) => d.text);
  const status: SectionStatus = a === null && b === null ? 'absent' : a === null ? 'added' : b === null ? 'removed'
    : added.length || removed.length ? 'changed' : 'same';
  return { key, heading, status, added, removed, diff };
}

const nameKey = (s: string | null): string | null => (s === null ? null : s.replace(/[\s\u3000]+/g, ''));

/** Cross-year findings when the two reports are one agency's consecutive years (either order). */
function crossYear(a: ReportData, b: ReportData): Comparison['crossYear'] {
  const agency = nameKey(a.agency);
  if (agency === null || agency === '' || agency !== nameKey(b.agency) || a.year === null || b.year === null) return null;
  if (b.year === a.year + 1) return { current: 'b', findings: checkAcrossYears(b, a) };
  if (a.year === b.year + 1) return { current: 'a', findings: checkAcrossYears(a, b) };
  return null;
}

export { comparisonLines } from './text.js';
