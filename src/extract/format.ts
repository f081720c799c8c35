// Which template a report follows, by the words only one format prints (template.md §5) — never by its year.

import { FORMATS, FORMAT_IDS } from '../template/index.js';
import type { FormatId } from '../template/index.js';

export interface FormatVerdict {
  format: FormatId | null;
  /** markers found, per format */
  found: Record<FormatId, string[]>;
}

const keyedMarkers = new Map<string, string>();
/** A marker as labelKey writes it (full-width brackets), made once. */
const keyed = (m: string): string => {
  let k = keyedMarkers.get(m);
  if (k === undefined) { k = m.replace(/\(/g, '（').replace(/\)/g, '）'); keyedMarkers.set(m, k); }
  return k;
};

/** `text` is the report with whitespace removed and brackets unified (labelKey). */
export function detectFormat(text: string): FormatVerdict {
  const found = {} as Record<FormatId, string[]>;
  const score = {} as Record<FormatId, number>;
  for (const id of FORMAT_IDS) {
    const { strong, weak } = FORMATS[id].markers;
    const s = strong.filter((m) => text.includes(keyed(m)));
    const w = weak.filter((m) => text.includes(m));
    found[id] = [...s, ...w];
    score[id] = 3 * s.length + w.length;
  }
  const [a, b] = FORMAT_IDS.map((id) => score[id]);
  const format = a === b ? null : a! > b! ? FORMAT_IDS[0]! : FORMAT_IDS[1]!;
  return { format, found };
}
