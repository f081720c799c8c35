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
const FOLDABLE = /[\u2e80-\u2fdf\uf900-\ufaff\uff05\uff0b\uff0d-\uff19\uff21-\uff3a\uff41-\uff5a]|[\ud87e][\udc00-\ude1f]/u;

// NFKC leaves the CJK radicals supplement alone, yet PDFs print these look-alikes for common characters.
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '⻓': '长', '⻔': '门', '⻅': '见', '⻉': '贝', '⻋': '车', '⻄': '西', '⻢': '马', '⻜': '飞', '⻝': '食', '⻩': '黄',
  '⻛': '风', '⻚': '页', '⻘': '青', '⻬': '齐', '⻆': '角', '⻰': '龙', '⻳': '龟', '⻦': '鸟', '⻥': '鱼',
  '⻈': '讠', '⻒': '钅', '⻤': '鬼', '⻨': '麦', '⻮': '齿', '⻯': '龙',
};

/** NFKC restricted to look-alike ranges; also unifies line breaks and drops zero-width characters. */
export function normalizeText(s: string): string {
  const out = s.replace(/\r\n?/g, '\n').replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
  if (!FOLDABLE.test(out)) return out;
  return out.replace(FOLDABLE_ALL, (ch) => RADICAL_SUPPLEMENT[ch] ?? (needsFold(ch.codePointAt(0)!) ? ch.normalize('NFKC') : ch));
}

const FOLDABLE_ALL = new RegExp(FOLDABLE.source, 'gu');

/** Whitespace of every kind that separates cells in extracted text (tab, space, U+3000, NBSP). */
export const CELL_SEPARATOR = /[\s\u3000\u00a0]+/;

/** True when a cell's text is blank: empty, spaces, U+3000 or NBSP only. */
export const isBlankText = (s: string): boolean => /^[\s\u3000\u00a0]*$/.test(s);
