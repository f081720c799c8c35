// The numbers of a generated report. Real reports are mostly zeros with a few busy rows, so each report draws an
// activity level and each row and column a weight; 表三 and 表四 are then built so that every equation of the
// template holds by construction (results first, then the balance, then the 总计 column).

import type { Rng } from './random.js';
import type { AgencyLevel } from './names.js';
import type { Cell, FormatId, ReportData, RequestRowDef } from '../template/index.js';
import { AMOUNT_LIMIT_WAN, getFormat, requestRows, setCell } from '../template/index.js';

/** 0: every count zero (most real reports) · 1: a few small counts · 2: tens and hundreds · 3: up to six digits */
export type Activity = 0 | 1 | 2 | 3;

const NONZERO_RATE: Record<Activity, number> = { 0: 0, 1: 0.35, 2: 0.6, 3: 0.8 };
const MAX_DIGITS: Record<Activity, number> = { 0: 1, 1: 1, 2: 3, 3: 6 };

export function pickActivity(rng: Rng): Activity {
  return rng.pick([0, 0, 0, 1, 1, 1, 2, 2, 3] as const);
}

/** A count ≥ 0: zero unless the weighted chance says otherwise, then a log-uniform number of `digits` at most. */
export function drawCount(rng: Rng, chance: number, maxDigits: number): number {
  if (!rng.chance(chance)) return 0;
  const digits = rng.int(1, Math.max(1, maxDigits));
  return rng.int(digits === 1 ? 1 : 10 ** (digits - 1), 10 ** digits - 1);
}

/** A signed change (本年增/减): a third negative, a third zero, a third positive; never below −previous. */
function drawChange(rng: Rng, previous: number, maxDigits: number): number {
  const sign = rng.pick([-1, 0, 1] as const);
  if (sign === 0) return 0;
  const size = drawCount(rng, 1, maxDigits);
  // `|| 0` turns −0 (a decrease from an empty list) into 0, which prints and compares as 0.
  return sign < 0 ? -Math.min(size, previous) || 0 : size;
}

/** Money with up to four decimals (96171.6, 249, 0.5), below `limit`; exact in binary only up to print, which is fine. */
export function drawAmount(rng: Rng, chance: number, limit: number, wholeYuan = false): number {
  if (!rng.chance(chance)) return 0;
  // Amounts in 元 are whole or in 分; amounts in 万元 often keep one to four decimals.
  const decimals = wholeYuan ? rng.pick([0, 0, 0, 2] as const) : rng.pick([0, 0, 1, 1, 2, 4] as const);
  const maxDigits = Math.max(1, Math.floor(Math.log10(limit)));
  const whole = drawCount(rng, rng.chance(0.1) ? 0 : 1, rng.int(1, maxDigits));
  const frac = decimals === 0 ? 0 : rng.int(whole === 0 ? 1 : 0, 10 ** decimals - 1);
  return Number((whole + frac / 10 ** decimals).toFixed(decimals));
}

// ---- 表三 -------------------------------------------------------------------------------------------------

/** How often a result row is used, relative to （一）予以公开; the unused ones stay 0 in almost every report. */
const RESULT_WEIGHT: Record<string, number> = {
  granted: 1, partlyGranted: 0.5, 'denied.thirdParty': 0.3, 'denied.processInfo': 0.3, 'denied.internalAffairs': 0.2,
  'unavailable.notHeld': 0.8, 'unavailable.needsCreation': 0.3, 'unavailable.unclear': 0.3,
  'notProcessed.complaint': 0.4, 'notProcessed.repeated': 0.4, 'notProcessed.confirmation': 0.2,
  otherHandling: 0.4, 'otherHandling.noCorrection': 0.3, 'otherHandling.other': 0.3,
};
const COLUMN_WEIGHT: Record<string, number> = {
  naturalPerson: 1, business: 0.4, research: 0.1, nonprofit: 0.1, legalService: 0.15, otherOrg: 0.2,
};
const FIXED_ROWS = new Set(['newReceived', 'carriedOver', 'resultTotal', 'carriedForward', 'deniedSubtotal']);

export function fillRequests(rng: Rng, report: ReportData, activity: Activity, deniedSubtotal: boolean): void {
  const format = getFormat(report.format);
  const rows = requestRows(report.format, { deniedSubtotal });
  const results = rows.filter((r) => !FIXED_ROWS.has(r.path));
  const applicants = format.requests.columns.filter((c) => c.key !== 'total').map((c) => c.key);
  const put = (row: string, col: string, v: number) => setCell(report, `requests.${row}.${col}`, v);
  const maxDigits = Math.min(MAX_DIGITS[activity], 4);

  for (const col of applicants) {
    const colChance = NONZERO_RATE[activity] * (COLUMN_WEIGHT[col] ?? 0.1);
    let resultTotal = 0;
    for (const r of results) {
      const v = drawCount(rng, colChance * (RESULT_WEIGHT[r.path] ?? 0.1), maxDigits);
      put(r.path, col, v);
      resultTotal += v;
    }
    // 一 + 二 = （七） + 四: pick 四 and 二, then 一 is what balances (never negative because 二 ≤ （七） + 四).
    const carriedForward = drawCount(rng, colChance * 0.3, maxDigits);
    const carriedOver = rng.chance(0.7) ? 0 : rng.int(0, resultTotal + carriedForward);
    put('resultTotal', col, resultTotal);
    put('carriedForward', col, carriedForward);
    put('carriedOver', col, carriedOver);
    put('newReceived', col, resultTotal + carriedForward - carriedOver);
    if (deniedSubtotal) put('deniedSubtotal', col, sumOf(report, deniedItems(rows), col));
  }
  for (const r of rows) put(r.path, 'total', applicants.reduce((s, col) => s + cellNumber(report, `requests.${r.path}.${col}`), 0));
}

const deniedItems = (rows: RequestRowDef[]) => rows.filter((r) => r.path.startsWith('denied.')).map((r) => r.path);
const sumOf = (report: ReportData, rowPaths: string[], col: string) =>
  rowPaths.reduce((s, p) => s + cellNumber(report, `requests.${p}.${col}`), 0);

function cellNumber(report: ReportData, path: string): number {
  let o: unknown = report;
  for (const k of path.split('.')) o = (o as Record<string, unknown>)[k];
  return o as number;
}

// ---- 表四 -------------------------------------------------------------------------------------------------

export function fillAppeals(rng: Rng, report: ReportData, activity: Activity): void {
  const { groups, columns } = getFormat(report.format).appeals;
  const chance = NONZERO_RATE[activity] * 0.4;
  for (const g of groups) {
    let total = 0;
    for (const c of columns) {
      if (c.key === 'total') continue;
      const v = drawCount(rng, chance, Math.min(MAX_DIGITS[activity], 3));
      setCell(report, `appeals.${g.key}.${c.key}`, v);
      total += v;
    }
    setCell(report, `appeals.${g.key}.total`, total);
  }
}

// ---- 表二 -------------------------------------------------------------------------------------------------

export type AmountUnit = '万元' | '元' | null;

/** Fill 表二 cell by cell from the template's column kinds; the few cross-cell habits are kept (对外公开总数量 ≥ 本年新公开数量). */
export function fillActive(rng: Rng, report: ReportData, activity: Activity, level: AgencyLevel): void {
  const format = getFormat(report.format);
  const chance = Math.max(NONZERO_RATE[activity], 0.2);
  const digits = Math.max(MAX_DIGITS[activity], 2);
  for (const sub of format.active) {
    for (const row of sub.rows) {
      const values: Record<string, Cell | string> = report.active[row.key]!;
      // Townships cannot make 规章 (template.md §6), so a township's 规章 row stays 0.
      const rowChance = row.key === 'regulations' && level === 'township' ? 0 : chance;
      // Documents (（一）) number in the hundreds at most; decisions (（五）（六）) can reach six digits.
      const rowDigits = sub.item === '（一）' ? Math.min(digits, 3) : digits;
      for (const col of sub.columns) {
        // 上一年项目数量 counts kinds of matters (tens, hundreds), not cases.
        const colDigits = col.key === 'previous' ? Math.min(rowDigits, 3) : rowDigits;
        if (col.kind === 'count') values[col.key] = drawCount(rng, rowChance, colDigits);
        else if (col.kind === 'signed') values[col.key] = drawChange(rng, (values['previous'] as number | undefined) ?? 0, Math.min(digits, 4));
      }
      keepTotalsPlausible(values, report.format);
      if (sub.amountUnit) fillAmount(rng, values, sub.amountUnit.cell, report.format, level, chance);
    }
  }
}

/** 对外公开总数量 ≥ 本年新公开数量 (2019) and 现行有效件数 ≥ 本年制发件数 (2021), as in real reports. */
function keepTotalsPlausible(values: Record<string, Cell | string>, format: FormatId): void {
  const [part, whole] = format === '2019' ? ['published', 'total'] : ['issued', 'inForce'];
  const p = values[part], w = values[whole];
  if (typeof p === 'number' && typeof w === 'number' && w < p) values[whole] = p + w;
}

function fillAmount(rng: Rng, values: Record<string, Cell | string>, cell: string, format: FormatId, level: AgencyLevel, chance: number): void {
  const unit: AmountUnit = format === '2021' ? '万元' : rng.pick(['万元', '元', null] as const);
  const limitWan = AMOUNT_LIMIT_WAN[level] ?? 5_000;
  const limit = unit === '元' ? limitWan * 10_000 : limitWan;
  values[cell] = drawAmount(rng, chance, limit, unit === '元');
  values['amountUnit'] = unit;
}
