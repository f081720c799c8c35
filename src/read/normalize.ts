// Text normalisation shared by every reader: NFKC where it repairs extraction damage, never where it would change
// what a person printed. NFKC folds Kangxi radicals (⼯→工), compatibility ideographs and full-width digits and
// letters, but it would also turn ① into 1, ㎡ into m2 and （） into (), so it is applied character by character
// only inside the ranges below.

const FOLD_RANGES: Array<[number, number]> = [
  [0x2e80, 0x2eff], // CJK radicals supplement
  [0x2f00, 0x2fdf], // Kangxi radicals
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xff10, 0xff19], // full-width digits
  [0xff21, 0xff3a], // full-width A-Z
  [0xff41, 0xff5a], // full-width a-z
  [0x2f800, 0x2fa1f], // CJK compatibility ideographs supplement
];
// Full-width signs that are part of numbers: ＋ － ． ％ ／
const FOLD_SINGLE = new Set([0xff0b, 0xff0d, 0xff0e, 0xff05, 0xff0f]);

function needsFold(cp: number): boolean {
  if (FOLD_SINGLE.has(cp)) return true;
  for (const [lo, hi] of FOLD_RANGES) if (cp >= lo && cp <= hi) return true;
  return false;
}

// Fast path: most text has nothing to fold, and this runs on every line of every report.
// (the supplement as code points: under the u flag a class of surrogates matches lone surrogates only)
const FOLDABLE = /[\u2e80-\u2fdf\uf900-\ufaff\uff05\uff0b\uff0d-\uff19\uff21-\uff3a\uff41-\uff5a\u{2f800}-\u{2fa1f}]/u;

// NFKC leaves the CJK radicals supplement alone, yet PDF fonts map common characters to these look-alikes
// (Chromium's PDFs print 民 as ⺠ U+2EA0). Each folds to the unified ideograph it stands for.
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '⺁': '厂', '⺅': '亻', '⺆': '冂', '⺉': '刂', '⺊': '卜', '⺌': '小', '⺍': '小', '⺎': '兀', '⺐': '尢', '⺒': '巳', '⺓': '幺', '⺔': '彑', '⺕': '彐', '⺖': '忄', '⺘': '扌', '⺙': '攵', '⺛': '旡', '⺜': '日', '⺝': '月', '⺞': '歺', '⺟': '母', '⺠': '民', '⺡': '氵', '⺢': '氺', '⺣': '灬', '⺤': '爫', '⺥': '爫', '⺦': '丬', '⺧': '牛', '⺨': '犭', '⺩': '王', '⺪': '疋', '⺫': '罒', '⺬': '示', '⺭': '礻', '⺮': '竹', '⺯': '糸', '⺰': '纟', '⺱': '罓', '⺲': '罒', '⺴': '罒', '⺶': '羊', '⺷': '羊', '⺹': '耂', '⺺': '肀', '⺻': '聿', '⺼': '月', '⺽': '臼', '⺾': '艹', '⺿': '艹', '⻀': '艹', '⻁': '虎', '⻂': '衤', '⻃': '覀', '⻄': '西', '⻅': '见', '⻆': '角', '⻈': '讠', '⻉': '贝', '⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅', '⻑': '長', '⻒': '镸', '⻓': '长', '⻔': '门', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻟': '飠', '⻠': '饣', '⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻫': '斉', '⻬': '齐', '⻭': '歯', '⻮': '齿', '⻯': '竜', '⻰': '龙', '⻱': '龜', '⻲': '亀', '⻳': '龟',
};

export { isSpaceCode, withoutSpaces } from '../text.js';
import { isSpaceCode } from '../text.js';

/** NFKC restricted to look-alike ranges; also unifies line breaks and drops zero-width characters. */
export function normalizeText(s: string): string {
  // one scan for the usual case: nothing to unify, drop or fold
  if (!NEEDS_WORK.test(s)) return s;
  let out = s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  if (ZERO_WIDTH.test(out)) out = out.replace(ZERO_WIDTH_ALL, '');
  if (!FOLDABLE.test(out)) return out;
  return out.replace(FOLDABLE_ALL, foldChar);
}

const FOLDABLE_ALL = new RegExp(FOLDABLE.source, 'gu');
const folded = new Map<string, string>();
/** One character folded, remembered: String.prototype.normalize is slow and the same few characters recur. */
function foldChar(ch: string): string {
  let f = folded.get(ch);
  if (f === undefined) { f = RADICAL_SUPPLEMENT[ch] ?? (needsFold(ch.codePointAt(0)!) ? ch.normalize('NFKC') : ch); folded.set(ch, f); }
  return f;
}
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/;
/** \r, a zero-width character, or a character FOLDABLE may match (a high surrogate stands for the supplement) */
const NEEDS_WORK = /[\r\u200b-\u200d\u2060\ufeff\u2e80-\u2fdf\uf900-\ufaff\uff05\uff0b\uff0d-\uff19\uff21-\uff3a\uff41-\uff5a\ud87e]/;
const ZERO_WIDTH_ALL = /[\u200b-\u200d\u2060\ufeff]/g;

/** Whitespace of every kind that separates cells in extracted text (tab, space, U+3000, NBSP). */
export const CELL_SEPARATOR = /[\s\u3000\u00a0]+/;

/** True when a cell's text is blank: empty, spaces, U+3000 or NBSP only. */
export function isBlankText(s: string): boolean {
  // a loop, not a regex: called on every line and cell, and most fail at their first character
  for (let i = 0; i < s.length; i++) if (!isSpaceCode(s.charCodeAt(i))) return false;
  return true;
}

