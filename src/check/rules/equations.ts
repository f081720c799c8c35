// T3-BALANCE, T3-RESULTS, T3-ROWSUM, T4-SUM and T3-DENIED-SUBTOTAL: the template's equations (template.md §6).
// One error per failing equation, naming every cell in it. Blank cells are unknown counts, not zeros: an equation
// they leave open is reported as not assessable, which is not a pass.

import { equationsOf, equationIndexes, judge } from '../../template/index.js';
import type { Equation, FormatId } from '../../template/index.js';
import type { Rule, RuleContext, RuleFinding } from '../types.js';

interface EquationIndexes { lhs: number[]; rhs: number[] }

function equationRule(id: Equation['rule'], description: string): Rule {
  // The rule's equations with the indexes of their cells in ctx.values, kept for each list of the template's
  // equations (a format, with or without the subtotal row): every report asks for them.
  const ofList = new Map<Equation[], Array<{ eq: Equation; indexes: EquationIndexes }>>();
  const equationsOfRule = (format: FormatId, deniedSubtotal: boolean) => {
    const all = equationsOf(format, { deniedSubtotal });
    let eqs = ofList.get(all);
    if (!eqs) ofList.set(all, (eqs = all.filter((e) => e.rule === id).map((eq) => ({ eq, indexes: equationIndexes(format, eq) }))));
    return eqs;
  };
  return {
    id, severity: 'error', description,
    check(ctx: RuleContext): RuleFinding[] {
      const out: RuleFinding[] = [];
      const open: Equation[] = [];
      const format = ctx.report.format, values = ctx.values;
      let at: EquationIndexes = { lhs: [], rhs: [] };
      const value = (_: string, side: 'lhs' | 'rhs', k: number) => values[(side === 'lhs' ? at.lhs : at.rhs)[k]!];
      for (const { eq, indexes } of equationsOfRule(format, ctx.hasDeniedSubtotal)) {
        at = indexes;
        const j = judge(eq, value);
        if (j.state === 'fails') {
          const cells = Object.fromEntries([...eq.lhs, ...eq.rhs].map((p) => [p, ctx.value(p) ?? null]));
          out.push({
            paths: [...eq.lhs, ...eq.rhs],
            message: `${eq.where}：${eq.lhsName}=${j.lhs}，${eq.rhsName}=${j.rhs}${j.blanks.length ? `（另有 ${j.blanks.length} 格空白）` : ''}`,
            evidence: { lhs: j.lhs, rhs: j.rhs, cells },
          });
        } else if (j.state === 'not-assessable' && [...eq.lhs, ...eq.rhs].some((p) => ctx.value(p) !== null && ctx.value(p) !== undefined)) {
          open.push(eq);
        }
      }
      if (open.length) {
        out.push({
          severity: 'warning',
          paths: [...new Set(open.flatMap((eq) => [...eq.lhs, ...eq.rhs].filter((p) => ctx.value(p) === null || ctx.value(p) === undefined)))],
          message: `${open.length} 个等式因空白单元格无法核对（不算通过）：${open.slice(0, 3).map((e) => e.where).join('、')}${open.length > 3 ? '等' : ''}`,
          evidence: { notAssessable: open.map((e) => e.where) },
        });
      }
      return out;
    },
  };
}

export const t3Balance = equationRule('T3-BALANCE', '表三每一列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理');
export const t3Results = equationRule('T3-RESULTS', '表三每一列：（七）总计 = （一）至（六）各项办理结果之和');
export const t3RowSum = equationRule('T3-ROWSUM', '表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他');
export const t4Sum = equationRule('T4-SUM', '表四每一组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结');
export const t3DeniedSubtotal = equationRule('T3-DENIED-SUBTOTAL', '表三中印出的（三）不予公开小计行 = 1–8 项之和');
