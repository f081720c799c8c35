// PROSE-TABLE: a figure in the text that contradicts the table (收到申请 N 件, 行政复议 N 件, 行政诉讼 N 件).

import { withoutSpaces } from '../../text.js';
import type { Rule, RuleContext, RuleFinding } from '../types.js';

interface Claim {
  what: string;
  /** the figure in the text, or 0 for a sentence that says there were none */
  pattern: RegExp;
  none?: RegExp;
  paths: string[];
  /** values of the table that the figure may stand for */
  accepted(ctx: RuleContext): number[] | null;
}

const num = (ctx: RuleContext, p: string) => { const v = ctx.value(p); return typeof v === 'number' ? v : null; };
const sum = (...xs: Array<number | null>) => (xs.some((x) => x === null) ? null : xs.reduce((a, b) => a! + b!, 0));

const CLAIMS: Claim[] = [
  {
    what: '收到申请', paths: ['requests.newReceived.total'],
    pattern: /(?:收到|受理|接到|接收)[^。；，\d]{0,16}?申请[^。；，\d]{0,6}?(\d+)(?:件|个|份|条)/g,
    none: /(?:未|没有)(?:收到|受理|接到)[^。；]{0,12}?申请/g,
    accepted: (ctx) => { const a = num(ctx, 'requests.newReceived.total'); if (a === null) return null; const b = sum(a, num(ctx, 'requests.carriedOver.total')); return b === null ? [a] : [a, b]; },
  },
  {
    what: '行政复议', paths: ['appeals.reconsideration.total'],
    pattern: /行政复议[^。；，\d]{0,6}?(\d+)(?:件|起|宗|次|个)/g,
    none: /(?:未|没有)(?:发生|出现|收到|有|被申请)[^。；，]{0,8}?行政复议/g,
    accepted: (ctx) => { const a = num(ctx, 'appeals.reconsideration.total'); return a === null ? null : [a]; },
  },
  {
    what: '行政诉讼', paths: ['appeals.litigationDirect.total', 'appeals.litigationAfterReconsideration.total'],
    pattern: /行政诉讼[^。；，\d]{0,6}?(\d+)(?:件|起|宗|次|个)/g,
    none: /(?:未|没有)(?:发生|出现|收到|有|被提起)[^。；，]{0,14}?行政诉讼/g,
    accepted: (ctx) => { const a = sum(num(ctx, 'appeals.litigationDirect.total'), num(ctx, 'appeals.litigationAfterReconsideration.total')); return a === null ? null : [a]; },
  },
];

export const proseTable: Rule = {
  id: 'PROSE-TABLE', severity: 'warning',
  description: '正文中的数字（收到申请 N 件、行政复议 N 件、行政诉讼 N 件）与表格不一致',
  check(ctx) {
    const text = withoutSpaces(Object.values(ctx.report.sections).map((s) => (s ? s.text : '')).join('\n'));
    const out: RuleFinding[] = [];
    for (const c of CLAIMS) {
      const accepted = c.accepted(ctx);
      if (!accepted) continue;
      const said: Array<{ n: number; quote: string }> = [];
      for (const m of allMatches(text, c.pattern)) said.push({ n: Number(m[1]), quote: m[0] });
      if (c.none) for (const m of allMatches(text, c.none)) said.push({ n: 0, quote: m[0] });
      const wrong = said.find((s) => !accepted.includes(s.n));
      if (wrong) {
        out.push({ paths: c.paths, message: `正文写「${wrong.quote}」（${c.what} ${wrong.n}），表格为 ${accepted[0]}`, evidence: { text: wrong.quote, prose: wrong.n, table: accepted[0] } });
      }
    }
    return out;
  },
};

/** Every match of a global pattern: what matchAll gives, without the copy of the pattern matchAll makes per call. */
function allMatches(text: string, pattern: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m; (m = pattern.exec(text)) !== null;) {
    out.push(m);
    if (m[0] === '') pattern.lastIndex++;
  }
  return out;
}
