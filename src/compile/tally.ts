// The partial state of a compile for one format: how many reports, and per cell of the format's plan (plan.ts) the
// sum of the numbers printed, how many reports printed one, how many left it blank. Tallies add up (and subtract: a
// store replaces a report's old version by its new one), so a compile can be made of tallies kept per group of
// reports (src/store keeps one per year, format, level and region) instead of the reports themselves. index.ts
// finishes a tally into a compiled report; both the in-memory compile and the store's end there.

import type { FormatId, ReportData } from '../template/index.js';
import { FORMAT_IDS } from '../template/index.js';
import { planOf, readerOf, type MoneyHook } from './plan.js';
import { toFen, unitOf, templateUnit, PER_WAN } from './amounts.js';

export interface Tally {
  format: FormatId;
  reports: number;
  /** per cell: the sum of the numbers added (money as whole 分, 1e-6 万元: amounts.ts) */
  sums: Float64Array;
  /** per cell: how many reports printed a number that was added */
  printed: Uint32Array;
  /** per cell: how many reports left it blank (null, absent or not a number) */
  blanks: Uint32Array;
}

/** A printed amount a report's tally leaves out (its unit is unknown). */
export interface UnusableAmount { path: string; value: number }

export function emptyTally(format: FormatId): Tally {
  const n = planOf(format).cells.length;
  return { format, reports: 0, sums: new Float64Array(n), printed: new Uint32Array(n), blanks: new Uint32Array(n) };
}

/** `into` += `sign` × `from` (same format). Counts stay exact; sums are floating point (rounded at the finish). */
export function addTally(into: Tally, from: Tally, sign: 1 | -1 = 1): void {
  if (into.format !== from.format) throw new TypeError(`addTally: ${from.format} into ${into.format}`);
  into.reports += sign * from.reports;
  const n = into.sums.length;
  for (let i = 0; i < n; i++) {
    into.sums[i]! += sign * from.sums[i]!;
    into.printed[i]! += sign * from.printed[i]!;
    into.blanks[i]! += sign * from.blanks[i]!;
  }
}

/** True when the tally adds nothing (no report, every array zero): a delta that cancelled out. */
export function isZeroTally(t: Tally): boolean {
  if (t.reports !== 0) return false;
  for (let i = 0; i < t.sums.length; i++) if (t.sums[i] !== 0 || t.printed[i] !== 0 || t.blanks[i] !== 0) return false;
  return true;
}

/**
 * One report's tally, and the amounts it leaves out. The same reader as compile() (plan.ts), so that a tally kept
 * by a store adds exactly what compile() would have added for that report.
 */
export function tallyOf(report: Omit<ReportData, 'sections'>): { tally: Tally; unusable: UnusableAmount[] } {
  const format = report.format;
  if (!(FORMAT_IDS as readonly string[]).includes(format)) throw new TypeError(`tallyOf: unknown format ${JSON.stringify(format)}`);
  const plan = planOf(format);
  const tally = emptyTally(format);
  const unusable: UnusableAmount[] = [];
  const money: MoneyHook = (r, index, value) => {
    const fen = toFen(value, unitOf(r, plan.money.get(index)!));
    if (fen === null) unusable.push({ path: plan.cells[index]!.path, value });
    return fen;
  };
  tally.reports = 1;
  readerOf(format)(report as ReportData, tally.sums, tally.printed, tally.blanks, money);
  return { tally, unusable };
}

// ---- text form (a database column) ---------------------------------------------------------------------------------

/**
 * `sums;printed;blanks`, each a comma-separated list in cell order, a run of equal values as `value*count`
 * (`0*12`). Numbers as JavaScript prints them, which read back to the same doubles. A group's counts are mostly runs
 * (every report printed every cell), so a tally is well under 1 KB.
 */
export function encodeTally(t: Tally): string {
  return `${runs(t.sums)};${runs(t.printed)};${runs(t.blanks)}`;
}

function runs(xs: Float64Array | Uint32Array): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i + 1;
    while (j < xs.length && xs[j] === xs[i]) j++;
    out.push(j - i > 1 ? `${xs[i]}*${j - i}` : `${xs[i]}`);
    i = j;
  }
  return out.join(',');
}

export function decodeTally(format: FormatId, reports: number, text: string): Tally {
  const t = emptyTally(format);
  t.reports = reports;
  if (!text) return t;
  const parts = text.split(';');
  const n = t.sums.length;
  const fill = (into: Float64Array | Uint32Array, s: string | undefined) => {
    let i = 0;
    for (const item of s ? s.split(',') : []) {
      const star = item.indexOf('*');
      const value = Number(star < 0 ? item : item.slice(0, star)), count = star < 0 ? 1 : Number(item.slice(star + 1));
      if (!Number.isFinite(value) || !(count >= 1) || i + count > n) throw new Error(`decodeTally: not a tally of the ${n} cells of format ${format}`);
      into.fill(value, i, i + count);
      i += count;
    }
    if (i !== n) throw new Error(`decodeTally: ${i} values for the ${n} cells of format ${format}`);
  };
  fill(t.sums, parts[0]);
  fill(t.printed, parts[1]);
  fill(t.blanks, parts[2]);
  return t;
}

/**
 * What a stored tally depends on: the cells of each format in plan order, the money cells and the units' factors.
 * A store whose tallies were made under another layout makes them again (the template changed).
 */
export function tallyLayout(): string {
  const parts = FORMAT_IDS.map((f) => {
    const plan = planOf(f);
    return `${f}:${plan.cells.map((c) => c.path).join(',')}|${[...plan.money].map(([i, row]) => `${i}=${row}:${templateUnit(f, row)}`).join(',')}`;
  });
  return `tally-3:${hash53([...parts, JSON.stringify(PER_WAN)].join('\n')).toString(36)}`;
}

/** A 53-bit string hash (cyrb53): a fingerprint, not a secret. */
function hash53(s: string): number {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
