// The six sections: find each heading as printed (一、总体情况, 1、总体情况, ## 二、…, variants of template.md §7)
// in the template's order, and the lines each one spans.

import { SECTIONS } from '../template/index.js';
import type { SectionKey } from '../template/index.js';
import type { Line } from './tokens.js';
import { withoutSpaces, isSpaceCode, charTable } from '../text.js';

export interface SectionSpan {
  key: SectionKey;
  heading: string;
  /** index of the heading line; the body runs to the next found heading */
  start: number;
  end: number;
}

const NUMBERED = /^(?:[一二三四五六七][、．.，,：:]|[1-7][、．.](?!\d))\s*/;
const MAX_HEADING = 40;

/** The heading text of a line with Markdown marks removed, or null when the line cannot be a heading. */
export function headingText(line: string): string | null {
  const t = withoutSpaces(line.includes('#') ? line.replace(/^[\s\u3000]*#{1,6}[\s\u3000]*/, '') : line);
  if (t.length === 0 || t.length > MAX_HEADING) return null;
  return t;
}

/** The index in SECTIONS of the section a heading names, or -1. */
function matchSection(text: string): number {
  const numeral = NUMBERED.exec(text);
  const body = numeral ? text.slice(numeral[0].length) : text;
  // Prose lines end in 。 or ；, headings never do.
  if (/[。；]$/.test(body)) return -1;
  for (let order = 0; order < SECTIONS.length; order++) {
    // Unnumbered headings are accepted only when the line starts with the heading's words (总体情况).
    for (const k of SECTIONS[order]!.keywords) if (numeral ? body.includes(k) : body.startsWith(k)) return order;
  }
  return -1;
}

// Cheap test before the real one: a heading starts with a Markdown mark, a numeral and its mark (as NUMBERED, with
// the spaces headingText removes), or a heading's keyword (spaces allowed between its characters). Table cells
// and rows (12, 行政许可, 其他) fail it.
const spacedWord = (k: string) => [...k].join('[\\s\u3000]*');
const SPACED_KEYWORDS = SECTIONS.flatMap((s) => s.keywords.map(spacedWord)).join('|');
const MAY_BE_HEADING = new RegExp(`^[\\s\u3000]*(?:#|[一二三四五六七][\\s\u3000]*[、．.，,：:]|[1-7][\\s\u3000]*[、．.]|${SPACED_KEYWORDS})`);

/** A keyword anywhere in the line, spaces allowed between its characters: table rows (1.属于国家秘密) hold none. */
const HOLDS_KEYWORD = new RegExp(SPACED_KEYWORDS);

/** The first character MAY_BE_HEADING accepts, tested without running it: most lines fail here. */
const FIRST_CHARS = charTable([...'#一二三四五六七1234567', ...SECTIONS.flatMap((s) => s.keywords)]);
function mayStartHeading(text: string): boolean {
  let i = 0;
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  return i < text.length && FIRST_CHARS[text.charCodeAt(i)] === 1;
}

export function findSections(lines: Line[]): SectionSpan[] {
  const found: SectionSpan[] = [];
  let nextOrder = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.grid || line.text.length > MAX_HEADING * 2 || !mayStartHeading(line.text) || !MAY_BE_HEADING.test(line.text) || !HOLDS_KEYWORD.test(line.text)) continue;
    const text = headingText(line.text);
    if (!text) continue;
    const order = matchSection(text);
    if (order < nextOrder) continue; // not a heading, or a later mention of an earlier section (prose)
    found.push({ key: SECTIONS[order]!.key, heading: line.text.replace(/^[\s\u3000]*#{1,6}[\s\u3000]*/, '').trim(), start: i, end: lines.length });
    nextOrder = order + 1;
  }
  for (let k = 0; k < found.length - 1; k++) found[k]!.end = found[k + 1]!.start;
  return found;
}
