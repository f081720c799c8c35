// Placing a row's printed values into its cells when their count does not match (template.md §7): a PDF drops
// blank cells, prints only a 总计, splits "10" into "1 0", or adds phantom columns. Every order-keeping reading is
// tried; cells left open by a reading are solved from the template's equations where exactly one cell is unknown;
// readings that break an equation are dropped. One distinct result: the text decided it. Several: only the cells
// all readings agree on are kept, and the rest are reported — never guessed.

import { judge } from '../template/index.js';
import type { Cell, CellKind, Equation } from '../template/index.js';
import type { Token } from './tokens.js';

export interface Placed {
  value: Cell;
  token?: Token;
  /** tokens merged into this value ("1 0" read as 10) */
  merged?: Token[];
  /** the rule whose equation gave this value when nothing was printed for it */
  derived?: string;
}

export type RowOutcome =
  /** as many values as cells; `cells` is empty when the values are the tokens as printed, one per cell */
  | { status: 'exact'; cells: Placed[] }
  | { status: 'decided'; cells: Placed[]; readings: number; how: 'fewer' | 'more' }
  | { status: 'total-only'; cells: Placed[]; readings: number }
  | { status: 'undecided'; cells: Placed[]; undecided: number[]; readings: number; reason: 'several' | 'none' | 'too-many' };

/** Known values of other cells of the same report: a number, null for a printed blank, undefined when open. */
export interface Known { get(path: string): Cell | undefined }

const MAX_READINGS = 20_000;
const EXACT: RowOutcome = { status: 'exact', cells: [] };

type Reading = Array<Placed | undefined>;

export function resolveRow(paths: string[], kinds: CellKind[], tokens: Token[], known: Known, equations: Equation[]): RowOutcome {
  const n = paths.length, k = tokens.length;
  if (k === n) return EXACT; // the caller places each token in its cell
  if (k === 0) return { status: 'exact', cells: paths.map(() => ({ value: null })) };

  const readings = k < n ? spread(tokens, n) : squeeze(tokens, n);
  if (readings === null) return undecided(paths, [], 'too-many', 0);

  const touching = equations.filter((eq) => eq.lhs.some((p) => paths.includes(p)) || eq.rhs.some((p) => paths.includes(p)));
  const distinct = new Map<string, Placed[]>();
  for (const r of readings) {
    const cells = complete(r, paths, kinds, known, touching);
    if (!cells) continue;
    const key = cells.map((c) => (c.value === null ? '_' : String(c.value))).join('|');
    if (!distinct.has(key)) distinct.set(key, cells);
  }
  const results = [...distinct.values()];
  if (results.length === 1) return { status: 'decided', cells: results[0]!, readings: readings.length, how: k < n ? 'fewer' : 'more' };
  if (results.length === 0) return undecided(paths, [], 'none', readings.length);
  // A row printing one value under seven columns is, by the usual practice, a row that fills only its 总计.
  if (k === 1 && paths[n - 1]!.endsWith('.total')) {
    const totalOnly = results.find((cells) => cells[n - 1]!.token === tokens[0] && cells.slice(0, -1).every((c) => c.value === null));
    if (totalOnly) return { status: 'total-only', cells: totalOnly, readings: readings.length };
  }
  return undecided(paths, results, 'several', readings.length);
}

function placeToken(t: Token): Placed {
  return { value: t.kind === 'num' ? t.value! : null, token: t };
}

/** Keep the cells every reading agrees on; the others are undecided. */
function undecided(paths: string[], results: Placed[][], reason: 'several' | 'none' | 'too-many', readings: number): RowOutcome {
  const cells: Placed[] = [];
  const open: number[] = [];
  paths.forEach((_, i) => {
    const first = results[0]?.[i];
    if (first && results.every((r) => r[i]!.value === first.value)) cells.push(first);
    else { cells.push({ value: null }); open.push(i); }
  });
  return { status: 'undecided', cells, undecided: open, readings, reason };
}

/** Fewer values than cells: every order-keeping choice of the cells that were printed. */
function spread(tokens: Token[], n: number): Reading[] | null {
  if (binomial(n, tokens.length) > MAX_READINGS) return null;
  const out: Reading[] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === tokens.length) {
      const r: Reading = new Array(n).fill(undefined);
      chosen.forEach((pos, i) => { r[pos] = placeToken(tokens[i]!); });
      out.push(r);
      return;
    }
    for (let p = start; p <= n - (tokens.length - chosen.length); p++) pick(p + 1, [...chosen, p]);
  };
  pick(0, []);
  return out;
}

/** More values than cells: numbers split across breaks ("1 0" → 10), or phantom cells to drop. */
function squeeze(tokens: Token[], n: number): Reading[] | null {
  const k = tokens.length;
  if (binomial(k - 1, n - 1) + binomial(k, n) > MAX_READINGS) return null;
  const out: Reading[] = [];
  // merges: cut the k tokens into n consecutive groups; a group of several must be digits that join into a number
  const cut = (i: number, groups: Token[][]) => {
    if (groups.length === n) { if (i === k) out.push(groups.map(mergeGroup)); return; }
    for (let j = i + 1; j <= k - (n - groups.length - 1); j++) {
      const g = tokens.slice(i, j);
      if (g.length > 1 && !joinable(g)) break;
      cut(j, [...groups, g]);
    }
  };
  cut(0, []);
  // drops: keep n of the k values in order
  const keep = (start: number, chosen: Token[]) => {
    if (chosen.length === n) { out.push(chosen.map(placeToken)); return; }
    for (let i = start; i <= k - (n - chosen.length); i++) keep(i + 1, [...chosen, tokens[i]!]);
  };
  keep(0, []);
  return out;
}

const joinable = (g: Token[]) => g.every((t) => t.kind === 'num' && t.plain) && !g[0]!.text.trim().startsWith('0');

function mergeGroup(g: Token[]): Placed {
  if (g.length === 1) return placeToken(g[0]!);
  return { value: Number(g.map((t) => t.text.trim()).join('')), token: g[0], merged: g };
}

/** Fill a reading's open cells from the equations; null when the reading breaks one. */
function complete(reading: Reading, paths: string[], kinds: CellKind[], known: Known, eqs: Equation[]): Placed[] | null {
  const cells: Array<Placed | undefined> = [...reading];
  const valueOf = (p: string): Cell | undefined => {
    const i = paths.indexOf(p);
    if (i >= 0) return cells[i]?.value;
    return known.get(p);
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const eq of eqs) {
      const all = [...eq.lhs, ...eq.rhs];
      const open = all.filter((p) => valueOf(p) === undefined);
      if (open.length !== 1) continue;
      const target = open[0]!;
      const i = paths.indexOf(target);
      if (i < 0) continue;
      if (all.some((p) => p !== target && valueOf(p) === null)) continue; // a printed blank leaves the sum open
      const sum = (side: string[]) => side.reduce((s, p) => s + (p === target ? 0 : (valueOf(p) as number)), 0);
      const onLeft = eq.lhs.includes(target);
      const v = Math.round((onLeft ? sum(eq.rhs) - sum(eq.lhs) : sum(eq.lhs) - sum(eq.rhs)) * 1e6) / 1e6;
      if (kinds[i] === 'count' && (v < 0 || !Number.isInteger(v))) return null;
      cells[i] = { value: v, derived: eq.rule };
      changed = true;
    }
  }
  for (const eq of eqs) if (judge(eq, valueOf).state === 'fails') return null;
  for (let i = 0; i < paths.length; i++) {
    const v = cells[i]?.value;
    if (kinds[i] === 'count' && typeof v === 'number' && v < 0) return null;
  }
  return cells.map((c) => c ?? { value: null });
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}
