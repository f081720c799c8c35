// Rules on the report as a whole: its sections, its format, its date, and what a body of its level can report.

import { SECTIONS, DEADLINES, FORMAT_2021_FROM_YEAR } from '../../template/index.js';
import type { Rule, RuleFinding } from '../types.js';

export const sectionMissing: Rule = {
  id: 'SECTION-MISSING', severity: 'warning',
  description: '缺少六个部分之一（条例第五十条规定的内容）',
  check(ctx) {
    return SECTIONS.filter((s) => !ctx.report.sections[s.key]).map((s): RuleFinding => ({
      paths: [`sections.${s.key}`], message: `缺少「${s.heading}」部分`,
    }));
  },
};

export const formatOutdated: Rule = {
  id: 'FORMAT-OUTDATED', severity: 'warning',
  description: '2021 年及以后的报告仍使用 2019 版格式（国办公开办函〔2019〕60号），应使用 2021 版（〔2021〕30号）',
  check(ctx) {
    const { format, year } = ctx.report;
    if (format !== '2019' || year === null || year < FORMAT_2021_FROM_YEAR) return [];
    return [{ paths: ['format'], message: `${year} 年度报告使用了 2019 版格式，应使用 2021 版格式（国办公开办函〔2021〕30号）`, evidence: { format, year } }];
  },
};

export const latePublication: Rule = {
  id: 'LATE-PUBLICATION', severity: 'warning',
  description: '发布日期晚于条例第四十九条的期限（部门 1月31日，县级以上人民政府 3月31日）',
  check(ctx) {
    const { publishedOn, year } = ctx.report;
    const deadline = ctx.level ? DEADLINES[ctx.level] : undefined;
    if (!publishedOn || year === null || !deadline) return [];
    const due = `${year + 1}-${deadline}`;
    if (publishedOn <= due) return [];
    return [{ paths: ['publishedOn'], message: `落款日期 ${publishedOn} 晚于期限 ${due}`, evidence: { publishedOn, due, level: ctx.level } }];
  },
};

export const townshipRegulations: Rule = {
  id: 'TOWNSHIP-REGULATIONS', severity: 'warning',
  description: '乡镇、街道无权制定规章（只有国务院部门和省、设区的市人民政府可以），规章栏有数说明数字填错了位置',
  check(ctx) {
    if (ctx.level !== 'township') return [];
    const out: RuleFinding[] = [];
    const row = ctx.report.active['regulations'] ?? {};
    const filled = Object.entries(row).filter(([k, v]) => k !== 'amountUnit' && typeof v === 'number' && v > 0);
    if (filled.length) {
      out.push({
        paths: filled.map(([k]) => `active.regulations.${k}`),
        message: `乡镇、街道不能制定规章，但表二「规章」行填有 ${filled.map(([, v]) => v).join('、')}`,
        evidence: Object.fromEntries(filled),
      });
    }
    return out;
  },
};

export const activeTotalBelowNew: Rule = {
  id: 'ACTIVE-TOTAL-BELOW-NEW', severity: 'warning',
  description: '表二（2019 版）对外公开总数量小于本年新公开数量',
  check(ctx) {
    if (ctx.report.format !== '2019') return [];
    const out: RuleFinding[] = [];
    for (const key of ['regulations', 'normativeDocs']) {
      const total = ctx.value(`active.${key}.total`), published = ctx.value(`active.${key}.published`);
      if (typeof total === 'number' && typeof published === 'number' && total < published) {
        out.push({ paths: [`active.${key}.total`, `active.${key}.published`], message: `表二「${key === 'regulations' ? '规章' : '规范性文件'}」对外公开总数量 ${total} 小于本年新公开数量 ${published}`, evidence: { total, published } });
      }
    }
    return out;
  },
};
