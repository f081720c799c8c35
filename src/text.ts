// Character tests every stage needs (readers, extractor, checker): plain functions over strings, no state.

/** Whitespace as the regex \s matches it (which includes U+3000 and NBSP). */
export function isSpaceCode(c: number): boolean {
  // ordered so that ASCII and CJK characters, nearly all a report holds, take two or three comparisons
  return c <= 32 ? c === 32 || (c >= 9 && c <= 13)
    : c < 0xa0 ? false
    : c > 0x3000 ? c === 0xfeff
    : c === 0xa0 || c === 0x3000 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f;
}

/** The text without whitespace (as the regex \s matches it); the same string when it has none. */
export function withoutSpaces(s: string): string {
  let out = '', from = 0;
  for (let i = 0; i < s.length; i++) {
    if (isSpaceCode(s.charCodeAt(i))) { if (i > from) out += s.slice(from, i); from = i + 1; }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** A lookup table for tests in a loop: `table[code]` is 1 for the first code unit of each of the strings, else 0. */
export function charTable(chars: Iterable<string>): Uint8Array {
  const table = new Uint8Array(65536);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}
