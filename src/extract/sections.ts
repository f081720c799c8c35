// The six sections: find each heading as printed (一、总体情况, 1、总体情况, ## 二、…, variants of template.md §7)
// in the template's order, and the lines each one spans.

import { SECTIONS } from '../template/index.js';
import type { SectionKey } from '../template/index.js';
import type { Line } from './tokens.js';
import { withoutSpaces, isSpaceCode } from '../text.js';

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

function matchSection(text: string): SectionKey | null {
  const numbered = NUMBERED.test(text);
  const body = text.replace(NUMBERED, '');
  for (const s of SECTIONS) {
    // Unnumbered headings are accepted only when the line starts with the heading's words (总体情况).
    if (s.keywords.some((k) => (numbered ? body.includes(k) : body.startsWith(k)))) {
      // Table rows such as 四、结转下年度继续办理 never hold these words; prose lines are too long.
      if (/[。；]$/.test(body)) return null;
      return s.key;
    }
  }
  return null;
}

// Cheap test before the real one: a heading starts with a Markdown mark, a numeral and its mark (as NUMBERED, with
// the spaces headingText removes), or a heading's keyword (spaces allowed between its characters). Table cells
// and rows (12, 行政许可, 其他) fail it.
const spacedWord = (k: string) => [...k].join('[\\s\u3000]*');
const MAY_BE_HEADING = new RegExp(`^[\\s\u3000]*(?:#|[一二三四五六七][\\s\u3000]*[、．.，,：:]|[1-7][\\s\u3000]*[、．.]|${SECTIONS.flatMap((s) => s.keywords.map(spacedWord)).join('|')})`);

/** The first character MAY_BE_HEADING accepts, tested without running it: most lines fail here. */
const FIRST_CHARS = new Set([...'#一二三四五六七1234567', ...SECTIONS.flatMap((s) => s.keywords.map((k) => k[0]!))].map((c) => c.charCodeAt(0)));
function mayStartHeading(text: string): boolean {
  let i = 0;
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  return FIRST_CHARS.has(text.charCodeAt(i));
}

export function findSections(lines: Line[]): SectionSpan[] {
  const found: SectionSpan[] = [];
  let nextOrder = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.grid || line.text.length > MAX_HEADING * 2 || !mayStartHeading(line.text) || !MAY_BE_HEADING.test(line.text)) continue;
    const text = headingText(line.text);
    if (!text) continue;
    const key = matchSection(text);
    if (!key) continue;
    const order = SECTIONS.findIndex((s) => s.key === key);
    if (order < nextOrder) continue; // a later mention of an earlier section is prose, not a heading
    found.push({ key, heading: line.text.replace(/^[\s\u3000]*#{1,6}[\s\u3000]*/, '').trim(), start: i, end: lines.length });
    nextOrder = order + 1;
  }
  for (let k = 0; k < found.length - 1; k++) found[k]!.end = found[k + 1]!.start;
  return found;
}
