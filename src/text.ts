// Character tests every stage needs (readers, extractor, checker): plain functions over strings, no state.

/** Whitespace as the regex \s matches it (which includes U+3000 and NBSP). */
export function isSpaceCode(c: number): boolean {
  return c <= 32 ? c === 32 || (c >= 9 && c <= 13)
    : c === 0xa0 || c === 0x3000 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0xfeff;
}

/** The text without whitespace (as the regex \s matches it); the same string when it has none. */
export function withoutSpaces(s: string): string {
  let out = '', from = 0;
  for (let i = 0; i < s.length; i++) {
    if (isSpaceCode(s.charCodeAt(i))) { if (i > from) out += s.slice(from, i); from = i + 1; }
  }
  return from === 0 ? s : out + s.slice(from);
}
