// Title, agency, year and publication date (落款), from the lines around the title and at the end.

import type { Line } from './tokens.js';
import { withoutSpaces } from '../text.js';
import type { SectionSpan } from './sections.js';

const squash = withoutSpaces;
const stripMd = (s: string) => s.replace(/^[\s\u3000]*#{1,6}[\s\u3000]*/, '');

const AGENCY_SUFFIX = /(人民政府办公室|人民政府办公厅|人民政府|街道办事处|办事处|政府|委员会|管理委员会|局|厅|办公室|办公厅|委|办|中心|院|署|部|所|馆|队|站)$/;
const PLACE_SUFFIX = /(省|市|州|盟|县|区|旗|镇|乡|街道|苏木)$/;

function isTitle(s: string): boolean {
  return s.length <= 60 && /政府信息公开/.test(s) && /(年度报告|年报|工作报告)$/.test(s) && !/[《》，。；]/.test(s) && !/^根据/.test(s);
}

/** The title, joined when printed over two lines (淮安市洪泽区人民政府 / 2024 年政府信息公开工作年度报告). */
export function findTitle(lines: Line[], sections: SectionSpan[]): { title: string; line: number } | null {
  const overview = sections.find((s) => s.key === 'overview');
  const limit = Math.min(lines.length, (overview ? overview.start : sections[0]?.start ?? 12) + 4, 40);
  for (let i = 0; i < limit; i++) {
    if (lines[i]!.grid) continue;
    const s = squash(stripMd(lines[i]!.text));
    if (isTitle(s)) {
      const prev = i > 0 ? squash(stripMd(lines[i - 1]!.text)) : '';
      if (/^\d{4}年/.test(s) && prev && prev.length <= 24 && AGENCY_SUFFIX.test(prev)) return { title: prev + s, line: i - 1 };
      return { title: s, line: i };
    }
    const next = i + 1 < lines.length ? squash(stripMd(lines[i + 1]!.text)) : '';
    if (s.length <= 30 && !/[，。；：]/.test(s) && isTitle(s + next) && !isTitle(next)) return { title: s + next, line: i };
  }
  return null;
}

export function yearOf(title: string | null, lines: Line[], sections: SectionSpan[]): number | null {
  const ok = (y: number) => y >= 2008 && y <= 2100;
  const t = title ? /(\d{4})年/.exec(title) : null;
  if (t && ok(+t[1]!)) return +t[1]!;
  const overview = sections.find((s) => s.key === 'overview');
  const end = overview ? Math.min(overview.end, overview.start + 15) : Math.min(lines.length, 20);
  const head = lines.slice(0, end).map((l) => squash(l.text)).join('');
  const period = /(\d{4})年1月1日(?:起)?至/.exec(head);
  if (period && ok(+period[1]!)) return +period[1]!;
  const any = /(20\d{2})年/.exec(head);
  return any && ok(+any[1]!) ? +any[1]! : null;
}

const CN_DIGIT: Record<string, number> = { '〇': 0, '○': 0, 'О': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9 };
function cnNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return +s;
  if (/^[〇○О零一二三四五六七八九]{4}$/.test(s)) return +[...s].map((c) => CN_DIGIT[c]).join('');
  // 一 … 九, 十, 十一 … 十九, 二十 … 三十一
  const m = /^(?:([一二三])?十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return null;
  const tens = s.includes('十') ? (m[1] ? CN_DIGIT[m[1]]! : 1) : 0;
  return tens * 10 + (m[2] ? CN_DIGIT[m[2]]! : 0);
}

const DATE = /^(\d{4}|[〇○О零一二三四五六七八九]{4})年(\d{1,2}|[一二三十]{1,3})月(\d{1,2}|[一二三十]{1,3}[一二三四五六七八九]?)日$/;

/** The date of the 落款: a line holding only a date among the last lines of the report. */
export function findPublishedOn(lines: Line[]): { date: string; line: number } | null {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 12); i--) {
    const s = squash(lines[i]!.text);
    const m = DATE.exec(s);
    if (!m) continue;
    const y = cnNumber(m[1]!), mo = cnNumber(m[2]!), d = cnNumber(m[3]!);
    if (y === null || mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > 31) continue;
    return { date: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, line: i };
  }
  return null;
}

/** The reporting body: from the title, else the 落款, else the title's place name completed from the text. */
export function findAgency(title: string | null, lines: Line[], dateLine: number | null): string | null {
  const prefix = title ? squash(title).split(/\d{4}年|政府信息公开/)[0] ?? '' : '';
  if (prefix && AGENCY_SUFFIX.test(prefix)) return prefix;
  const signature = findSignature(lines, dateLine);
  if (signature && (!prefix || signature.startsWith(prefix))) return signature;
  if (prefix && PLACE_SUFFIX.test(prefix)) {
    // 人民政府 before 政府: the title itself reads 小峡镇政府信息公开… while the body names 小峡镇人民政府.
    const text = lines.map((l) => squash(l.text)).join('\n');
    for (const suffix of ['人民政府', '街道办事处', '政府']) if (text.includes(prefix + suffix)) return prefix + suffix;
    return prefix;
  }
  return signature;
}

function findSignature(lines: Line[], dateLine: number | null): string | null {
  const from = dateLine ?? lines.length;
  for (let i = from - 1; i >= Math.max(0, from - 3); i--) {
    const s = squash(lines[i]!.text);
    if (s.length >= 3 && s.length <= 30 && AGENCY_SUFFIX.test(s) && !/[，。；：、]/.test(s)) return s;
  }
  return null;
}
