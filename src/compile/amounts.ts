// Money cells (表二 2019 （九）采购总金额, 2021 （八）本年收费金额): each report prints its own unit, so amounts are
// only added or compared once they are in one unit. 万元 is the unit of the result (the unit the 2021 template prints).

import { getFormat } from '../template/index.js';
import type { FormatId, ReportData } from '../template/index.js';

export const RESULT_UNIT = '万元';

/** How many 万元 one unit is. Division by 10,000 is exact for whole 元 amounts in binary floating point to 1e-6. */
export const PER_WAN: Readonly<Record<string, { multiply?: number; divide?: number }>> = {
  '万元': {},
  '元': { divide: 10_000 },
  '亿元': { multiply: 10_000 },
};

/** An amount in 万元, or null when its unit is unknown (a blank 2019 unit: 元 and 万元 are both plausible). */
export function toWan(value: number, unit: string | null): number | null {
  if (value === 0) return 0; // zero is zero in every unit
  if (unit === null) return null;
  const f = PER_WAN[unit];
  if (!f) return null;
  return f.divide ? value / f.divide : f.multiply ? value * f.multiply : value;
}

/** The unit of a money row: what the report printed, else what the template prints (2021: 万元; 2019: none). */
export function unitOf(report: ReportData, rowKey: string): string | null {
  const printed = report.active[rowKey]?.['amountUnit'];
  if (typeof printed === 'string' && printed) return printed;
  return templateUnit(report.format, rowKey);
}

/** The unit the official template prints for a money row, null when it prints none or the row has no money. */
export function templateUnit(format: FormatId, rowKey: string): string | null {
  const sub = getFormat(format).active.find((s) => s.amountUnit && s.rows.some((r) => r.key === rowKey));
  return sub?.amountUnit?.printed ?? null;
}

/** Money cells of a format: `active.<row>.<cell>` with its row key. */
export function amountCells(format: FormatId): Array<{ path: string; rowKey: string }> {
  return getFormat(format).active.flatMap((sub) =>
    sub.amountUnit ? sub.rows.map((r) => ({ path: `active.${r.key}.${sub.amountUnit!.cell}`, rowKey: r.key })) : []);
}

/**
 * Amounts are added as whole numbers of 1e-6 万元 (one 分): each report's amount rounded to the 分 once, then sums of
 * integers, exact in any order and when a store takes an amount out again (floating sums of 80,000 decimal amounts
 * drifted by some millionths). FEN_PER_WAN of them make one 万元.
 */
export const FEN_PER_WAN = 1_000_000;

/** An amount as a whole number of 分 (1e-6 万元), or null when its unit is unknown. */
export function toFen(value: number, unit: string | null): number | null {
  const wan = toWan(value, unit);
  return wan === null ? null : Math.round(wan * FEN_PER_WAN);
}

/** Floating sums of decimals (元 ÷ 10,000) rounded to 1e-6 万元 (one 分); whole numbers are left as they are. */
export const round6 = (x: number): number => (Number.isInteger(x) ? x : Math.round(x * 1e6) / 1e6);
