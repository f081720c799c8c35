// A comparison as lines for a terminal (`xxgk compare A B` without --json): what changed, nothing else.

import type { CellChange, Comparison } from './index.js';

const META_NAMES: Record<string, string> = { title: '标题', agency: '机关', year: '年度', format: '格式', publishedOn: '落款日期' };

const show = (v: string | number | null): string => (v === null ? '（空白）' : String(v));

function cellLine(c: CellChange): string {
  const unit = (u: string | null | undefined) => (u ? ` ${u}` : '');
  const a = `${show(c.a)}${c.a === null ? '' : unit(c.unit?.a)}`;
  const b = `${show(c.b)}${c.b === null ? '' : unit(c.unit?.b)}`;
  const delta = c.delta === null ? '' : `（${c.delta > 0 ? '+' : ''}${c.delta}${unit(c.unit?.delta)}）`;
  return `  ${c.label}：${a} → ${b}${delta}`;
}

/** Lines of a comparison: meta changes, changed cells, cells of one format only (counted), section sentences, and
 *  the cross-year findings. */
export function comparisonLines(c: Comparison): string[] {
  const lines: string[] = [];
  for (const m of c.meta) lines.push(`${META_NAMES[m.field] ?? m.field}：${show(m.a)} → ${show(m.b)}`);
  const changed = c.cells.filter((x) => x.status === 'changed' || x.status === 'filled' || x.status === 'blanked');
  lines.push(`单元格：${c.summary.same} 个相同，${c.summary.changed} 个改变，${c.summary.filled} 个由空白变为有数，${c.summary.blanked} 个由有数变为空白` +
    (c.summary.onlyA || c.summary.onlyB ? `，${c.summary.onlyA} 个只在前者的格式中，${c.summary.onlyB} 个只在后者的格式中` : ''));
  lines.push(...changed.map(cellLine));
  for (const s of c.sections) {
    if (s.status === 'same' || s.status === 'absent') continue;
    lines.push(`${s.heading}：${{ changed: '文字有改动', added: '后者新增此部分', removed: '后者缺少此部分' }[s.status]}`);
    lines.push(...s.removed.map((t) => `  - ${t}`), ...s.added.map((t) => `  + ${t}`));
  }
  if (c.crossYear) {
    const later = c.crossYear.current === 'b' ? c.b : c.a;
    lines.push(`跨年度核对（${later.year} 年度对上一年度）：${c.crossYear.findings.length ? '' : '未发现问题'}`);
    lines.push(...c.crossYear.findings.map((f) => `  ${f.severity} ${f.rule} ${f.message}`));
  }
  return lines;
}
