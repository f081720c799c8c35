// Rules on single cells: blanks, impossible values, and money amounts that do not fit their unit.

import { cellsOf, cellIndexOf, AMOUNT_LIMIT_WAN, getFormat } from '../../template/index.js';
import type { CellDef, FormatId } from '../../template/index.js';
import type { Rule, RuleFinding } from '../types.js';

const TABLE_NAMES = { active: '表二', requests: '表三', appeals: '表四' } as const;

export const blankCells: Rule = {
  id: 'BLANK-CELLS', severity: 'warning',
  description: '表格中的空白单元格（含 “/”“-”“—”）：空白不等于 0，官方格式要求每格填数',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const table of ['active', 'requests', 'appeals'] as const) {
      const { cells, at } = tableCells(ctx.report.format, ctx.hasDeniedSubtotal, table);
      const blank: string[] = [];
      for (let k = 0; k < cells.length; k++) { const v = ctx.values[at[k]!]; if (v === null || v === undefined) blank.push(cells[k]!.path); }
      if (!blank.length) continue;
      out.push({
        paths: blank.length === cells.length ? [table] : blank,
        message: blank.length === cells.length ? `${TABLE_NAMES[table]}全部空白` : `${TABLE_NAMES[table]}有 ${blank.length} 个空白单元格（空白不等于 0）`,
        evidence: { count: blank.length, of: cells.length },
      });
    }
    return out;
  },
};

const byTable: Record<string, { cells: CellDef[]; at: number[] }> = {};
/** The cells of one table of the format and their indexes in ctx.values, kept: every report asks for them. */
function tableCells(format: FormatId, deniedSubtotal: boolean, table: CellDef['table']): { cells: CellDef[]; at: number[] } {
  const key = format + (deniedSubtotal ? '+' : '-') + table;
  let hit = byTable[key];
  if (!hit) {
    const index = cellIndexOf(format);
    const cells = cellsOf(format, { deniedSubtotal }).filter((c) => c.table === table);
    hit = byTable[key] = { cells, at: cells.map((c) => index.get(c.path)!) };
  }
  return hit;
}

export const invalidNumber: Rule = {
  id: 'INVALID-NUMBER', severity: 'error',
  description: '件数必须是不小于 0 的整数（本年增/减可为负，金额可有小数）',
  check(ctx) {
    const out: RuleFinding[] = [];
    const all = cellsOf(ctx.report.format, { deniedSubtotal: true });
    for (let i = 0; i < all.length; i++) {
      const c = all[i]!, v = ctx.values[i];
      if (typeof v !== 'number') continue;
      if (c.kind === 'count' && (v < 0 || !Number.isInteger(v))) out.push({ paths: [c.path], message: `${c.label}=${v}：件数应为不小于 0 的整数`, evidence: { value: v } });
      if (c.kind === 'signed' && !Number.isInteger(v)) out.push({ paths: [c.path], message: `${c.label}=${v}：应为整数`, evidence: { value: v } });
      if (c.kind === 'amount' && v < 0) out.push({ paths: [c.path], message: `${c.label}=${v}：金额不应为负`, evidence: { value: v } });
    }
    return out;
  },
};

export const amountUnit: Rule = {
  id: 'AMOUNT-UNIT', severity: 'warning',
  description: '金额与其单位不相称（如乡镇的采购总金额 135630 “万元”），或未注明单位而数额可作两种理解',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const sub of getFormat(ctx.report.format).active) {
      if (!sub.amountUnit) continue;
      for (const row of sub.rows) {
        const path = `active.${row.key}.${sub.amountUnit.cell}`;
        const v = ctx.value(path);
        if (typeof v !== 'number' || v === 0) continue;
        const unit = (ctx.report.active[row.key] as Record<string, unknown>)['amountUnit'] as string | null;
        const wan = unit === '元' ? v / 10_000 : unit === '亿元' ? v * 10_000 : v;
        const limit = AMOUNT_LIMIT_WAN[ctx.level ?? 'city'] ?? AMOUNT_LIMIT_WAN['city']!;
        if (unit === null && v >= 10_000) {
          out.push({ paths: [path, `active.${row.key}.amountUnit`], message: `${row.label}金额 ${v} 未注明单位；若为万元即 ${(v / 10_000).toFixed(2)} 亿元`, evidence: { value: v, unit } });
        } else if (unit !== null && wan > limit) {
          out.push({ paths: [path], message: `${row.label}金额 ${v}${unit}（${(wan / 10_000).toFixed(2)} 亿元）与${ctx.level ? '该级机关' : '报告机关'}的规模不相称，单位可能有误`, evidence: { value: v, unit, limitWan: limit } });
        }
      }
    }
    return out;
  },
};
