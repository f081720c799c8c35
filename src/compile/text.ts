// A compiled report as lines for a terminal (`xxgk compile` without --json or --to): the headline totals and every
// list a reviewer acts on.

import { cellDef, getCell } from '../template/index.js';
import type { CompiledReport } from './index.js';

/** The totals a reviewer reads first (both formats have these cells). */
const HEADLINE = [
  'requests.newReceived.total', 'requests.carriedOver.total', 'requests.resultTotal.total', 'requests.carriedForward.total',
  'appeals.reconsideration.total', 'appeals.litigationDirect.total', 'appeals.litigationAfterReconsideration.total',
];

export function compiledLines(c: CompiledReport): string[] {
  const lines = [
    c.title ?? '汇总',
    `报告 ${c.reportCount} 份（2019 版格式 ${c.formats['2019']} 份，2021 版格式 ${c.formats['2021']} 份），按 ${c.format} 版格式汇总`,
  ];
  for (const path of HEADLINE) {
    const v = getCell(c, path);
    const blanks = c.blanks[path] ?? 0;
    lines.push(`  ${cellDef(c.format, path)?.label ?? path}：${v ?? '（空白）'}${blanks ? `（${blanks} 份空白，未计入）` : ''}`);
  }
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    lines.push(`${title}（${items.length}）：`, ...items.map((s) => `  ${s}`));
  };
  list('缺报机关', c.missing);
  list('无法处理', c.failed.map((f) => `${f.name}：${f.reason}`));
  list('重复报告的机关', c.duplicates.map((d) => `${d.agency}：${d.reports} 份`));
  list('有错误或警告的报告', c.problems.map((p) =>
    `${p.agency ?? p.id ?? '机关未知'}${p.year ? ` ${p.year} 年度` : ''}：${p.errors} 个错误，${p.warnings} 个警告${p.errorRules.length ? `（${p.errorRules.join('、')}）` : ''}`));
  list('未计入合计的金额', c.excluded.map((e) => `${e.agency ?? e.id ?? '机关未知'} ${e.path} = ${e.value}：${e.reason}`));
  list('汇总规则', c.notes);
  return lines;
}
