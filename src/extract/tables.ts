// 表二, 表三 and 表四 from lines of tokens. Rows are keyed on the template's labels and item numbers, never on
// line layout: a row is the label text that precedes a run of values, whether the PDF printed it a row per line,
// a cell per line, or with merged-label fragments in between.

import { getFormat, requestRows, DENIED_SUBTOTAL_ROW, AMOUNT_UNITS } from '../template/index.js';
import type { FormatId, RequestRowDef, ActiveSubtableDef, CellKind } from '../template/index.js';
import { tokensOf, type Line, type Token } from './tokens.js';

export interface Segment {
  /** text tokens before the values (label, with whatever header or fragment text preceded it) */
  label: Token[];
  /** numbers and blanks, in order */
  values: Token[];
  /** index of the line of the first value (or of the label) */
  line: number;
  lastLine: number;
  /** a row of a real table, where blanks hold positions */
  grid?: boolean;
}

/**
 * Values of a segment for a row of n cells. A real table row may carry blank padding cells that a flattened
 * table (Markdown, a table without its colspans) adds beside the values: label columns to their left in 表三,
 * the unused width of a narrower sub-table to their right in 表二. Only blank padding is dropped.
 */
export function rowValues(seg: Segment, n: number, padding: 'left' | 'right'): Token[] {
  const v = seg.values;
  if (!seg.grid || v.length <= n) return v;
  let from = 0, to = v.length;
  const drop = (side: 'left' | 'right') => {
    if (side === 'left') while (to - from > n && v[from]!.kind === 'blank') from++;
    else while (to - from > n && v[to - 1]!.kind === 'blank') to--;
  };
  drop(padding);
  drop(padding === 'left' ? 'right' : 'left');
  return v.slice(from, to);
}

/** Cut a region's tokens into label→values segments. Rows of real tables are segments of their own. */
export function segment(lines: Line[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let cur: Segment | null = null;
  const flush = () => { if (cur && (cur.values.length || cur.label.length)) out.push(cur); cur = null; };
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (line.grid) {
      flush();
      const tokens = tokensOf(line);
      const lastText = findLastIndex(tokens, (t) => t.kind === 'text');
      const label = tokens.filter((t, j) => j <= lastText && t.kind === 'text');
      const values = tokens.slice(lastText + 1);
      out.push({ label, values, line: i, lastLine: i, grid: true });
      continue;
    }
    for (const tok of tokensOf(line)) {
      if (tok.kind === 'text') {
        if (cur && cur.values.length) flush();
        cur ??= { label: [], values: [], line: i, lastLine: i };
        cur.label.push(tok);
      } else {
        cur ??= { label: [], values: [], line: i, lastLine: i };
        if (!cur.values.length) cur.line = i;
        cur.values.push(tok);
      }
      cur.lastLine = i;
    }
  }
  flush();
  return out;
}

function findLastIndex<T>(a: T[], f: (x: T) => boolean): number {
  for (let i = a.length - 1; i >= 0; i--) if (f(a[i]!)) return i;
  return -1;
}

import { labelKey } from './tokens.js';
export { labelKey };

// ---- 表三 -------------------------------------------------------------------------------------------------------

export interface MatchedRow {
  /** the row path under requests, or 'otherHandling*' for a 2021 report printing （六） as one row */
  path: string;
  seg: Segment;
}

const GROUP_MARK = /（([三四五六])）/;

/** Match 表三 segments to the template's rows. */
export function matchRequestRows(segments: Segment[], format: FormatId): { rows: MatchedRow[]; duplicates: MatchedRow[]; unmatched: Segment[] } {
  const defs = requestRows(format);
  const rows: MatchedRow[] = [];
  const duplicates: MatchedRow[] = [];
  const unmatched: Segment[] = [];
  const seen = new Set<string>();
  let group: string | undefined;
  let last: string | undefined;
  for (const seg of segments) {
    const texts = seg.label.map((t) => labelKey(t.text));
    for (const t of texts) { const m = t.includes('（') ? GROUP_MARK.exec(t) : null; if (m) group = m[1]; }
    if (!seg.values.length) continue;
    const path = matchRequestLabel(texts, defs, format, group, last);
    if (!path) { if (seg.values.some((t) => t.kind === 'num')) unmatched.push(seg); continue; }
    const def = defs.find((d) => d.path === path);
    if (def?.group) group = def.group.numeral;
    last = path;
    if (seen.has(path)) { duplicates.push({ path, seg }); continue; }
    seen.add(path);
    rows.push({ path, seg });
  }
  return { rows, duplicates, unmatched };
}

// The same labels recur in every report: remember which row a label's words name.
const byWords: Record<FormatId, Map<string, string | null>> = { '2019': new Map(), '2021': new Map() };
function rowNamedBy(s: string, defs: RequestRowDef[], format: FormatId): string | null {
  const memo = byWords[format];
  let hit = memo.get(s);
  if (hit !== undefined) return hit;
  let best: RequestRowDef | null = null, bestAt = -1;
  for (const d of defs) {
    for (const f of d.match) {
      const at = s.lastIndexOf(f);
      if (at > bestAt) { best = d; bestAt = at; }
    }
  }
  hit = best ? best.path : byPrefix(s, defs);
  if (memo.size > 50_000) memo.clear();
  memo.set(s, hit);
  return hit;
}

const ITEM_NO = /^\d[.、．，,]?/;
const bodies = new Map<string, string>();
/** A template label without its item number, as labels are matched (made once per label). */
const body = (label: string) => {
  let b = bodies.get(label);
  if (b === undefined) { b = labelKey(label).replace(ITEM_NO, ''); bodies.set(label, b); }
  return b;
};

/**
 * A label cut at a line break (1.本机关不掌 / 握相关政府信息) still starts like exactly one template label; the
 * item number, when printed, must agree.
 */
function byPrefix(s: string, defs: RequestRowDef[]): string | null {
  const b = s.replace(ITEM_NO, '');
  if (b.length < 3) return null;
  const item = ITEM_NO.exec(s) ? Number(s[0]) : undefined;
  const hits = defs.filter((d) => body(d.label).startsWith(b) && (item === undefined || d.item === undefined || d.item === item));
  return hits.length === 1 ? hits[0]!.path : null;
}

function matchRequestLabel(texts: string[], defs: RequestRowDef[], format: FormatId, group: string | undefined, last: string | undefined): string | null {
  for (let n = 1; n <= Math.min(texts.length, 4); n++) {
    const s = n === 1 ? texts[texts.length - 1]! : texts.slice(-n).join('');
    const named = rowNamedBy(s, defs, format);
    if (named) return named;
    const item = /^(\d)[.、．，,]?/.exec(s);
    if (item && group) {
      const d = defs.find((x) => x.group?.numeral === group && x.item === Number(item[1]));
      if (d) return d.path;
    }
    if ((s === '总计' || s === '合计') && last?.startsWith('otherHandling')) return 'resultTotal';
    if (DENIED_SUBTOTAL_ROW.match.some((f) => s.includes(f))) return 'deniedSubtotal';
    if (format === '2021' && s.includes('其他处理')) return 'otherHandling*';
  }
  return null;
}

/** Rows of 表三 whose labels are printed anywhere in the region's key text (a blank row is not a missing one). */
export function printedRequestRows(key: string, format: FormatId): Set<string> {
  return new Set(requestRows(format).filter((d) => d.match.length === 0 || d.match.some((f) => key.includes(f))).map((d) => d.path));
}

// ---- 表二 -------------------------------------------------------------------------------------------------------

export interface MatchedActiveRow {
  key: string;
  sub: ActiveSubtableDef;
  seg: Segment;
  kinds: CellKind[];
}

const activeByWords: Record<FormatId, Map<string, { key: string; sub: ActiveSubtableDef } | null>> = { '2019': new Map(), '2021': new Map() };
/** The 表二 row a label's words name (the last-named row wins), remembered like rowNamedBy. */
function activeRowNamedBy(s: string, subs: ActiveSubtableDef[], format: FormatId): { key: string; sub: ActiveSubtableDef } | null {
  const memo = activeByWords[format];
  let hit = memo.get(s);
  if (hit !== undefined) return hit;
  let bestAt = -1;
  hit = null;
  for (const sub of subs) for (const row of sub.rows) for (const f of row.match) {
    const at = s.lastIndexOf(f);
    if (at > bestAt) { bestAt = at; hit = { key: row.key, sub }; }
  }
  if (memo.size > 50_000) memo.clear();
  memo.set(s, hit);
  return hit;
}

const subKinds = new WeakMap<ActiveSubtableDef, CellKind[]>();
const kindsOf = (sub: ActiveSubtableDef): CellKind[] => {
  let kinds = subKinds.get(sub);
  if (!kinds) { kinds = sub.columns.map((c) => c.kind); subKinds.set(sub, kinds); }
  return kinds;
};

export function matchActiveRows(segments: Segment[], format: FormatId): { rows: MatchedActiveRow[]; duplicates: MatchedActiveRow[] } {
  const subs = getFormat(format).active;
  const rows: MatchedActiveRow[] = [];
  const duplicates: MatchedActiveRow[] = [];
  const seen = new Set<string>();
  for (const seg of segments) {
    if (!seg.values.length) continue;
    const texts = seg.label.map((t) => labelKey(t.text));
    let found: { key: string; sub: ActiveSubtableDef } | null = null;
    for (let n = 1; n <= Math.min(texts.length, 3) && !found; n++) {
      found = activeRowNamedBy(n === 1 ? texts[texts.length - 1]! : texts.slice(-n).join(''), subs, format);
    }
    if (!found) continue;
    const m: MatchedActiveRow = { key: found.key, sub: found.sub, seg, kinds: kindsOf(found.sub) };
    if (seen.has(found.key)) duplicates.push(m); else { seen.add(found.key); rows.push(m); }
  }
  return { rows, duplicates };
}

const UNIT_IN_HEADER = /(?:单位[:：]?|[（(])(万元|亿元|元)/;

/** The unit of a money cell: printed with the value, else in the header above it, else the template's. */
export function amountUnit(tok: Token | undefined, headerText: string, printedByTemplate: string | null): string | null {
  if (tok?.unit) return AMOUNT_UNITS[tok.unit] ?? tok.unit;
  const m = UNIT_IN_HEADER.exec(headerText.replace(/[\s\u3000]+/g, ''));
  if (m) return AMOUNT_UNITS[m[1]!] ?? m[1]!;
  return printedByTemplate;
}

// ---- 表四 -------------------------------------------------------------------------------------------------------

const APPEAL_HEADER = /(维持|纠正|审结|总计|起诉|结果)/;

/** The data row of 表四: the first run of values after its header. */
export function findAppealRow(segments: Segment[]): Segment | null {
  for (const seg of segments) {
    // Header rows of a real table end in blank cells; the data row prints at least one number.
    if (!seg.values.some((t) => t.kind === 'num')) continue;
    const label = seg.label.map((t) => t.text).join('');
    if (seg.values.length >= 2 || APPEAL_HEADER.test(label) || seg.label.length === 0) return seg;
  }
  return null;
}
