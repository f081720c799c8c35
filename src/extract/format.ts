// Which template a report follows, by the words only one format prints (template.md §5) — never by its year.

import { FORMATS, FORMAT_IDS } from '../template/index.js';
import type { FormatId } from '../template/index.js';

export interface FormatVerdict {
  format: FormatId | null;
  /** markers found, per format */
  found: Record<FormatId, string[]>;
}

/** A strong marker as labelKey writes it (full-width brackets); weak ones are matched as written. */
const keyed = (m: string): string => m.replace(/\(/g, '（').replace(/\)/g, '）');

const KEYED_STRONG = Object.fromEntries(FORMAT_IDS.map((id) => [id, FORMATS[id].markers.strong.map(keyed)])) as Record<FormatId, string[]>;

/** Every marker of every format, by its first character: one pass over the text finds them all. */
const BY_FIRST_CHAR = (() => {
  const index = new Map<number, string[]>();
  for (const id of FORMAT_IDS) {
    const { strong, weak } = FORMATS[id].markers;
    for (const m of [...strong.map(keyed), ...weak]) {
      const list = index.get(m.charCodeAt(0)) ?? [];
      if (!list.includes(m)) list.push(m);
      index.set(m.charCodeAt(0), list);
    }
  }
  return index;
})();
/** 1 for a character that starts a marker: most characters are tested here without a map lookup */
const STARTS_A_MARKER = (() => { const a = new Uint8Array(65536); for (const c of BY_FIRST_CHAR.keys()) a[c] = 1; return a; })();

/** The markers the text holds (each once). */
function markersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (STARTS_A_MARKER[c] === 0) continue;
    const candidates = BY_FIRST_CHAR.get(c);
    if (candidates) for (const m of candidates) if (text.startsWith(m, i)) found.add(m);
  }
  return found;
}

/** `text` is the report with whitespace removed and brackets unified (labelKey). */
export function detectFormat(text: string): FormatVerdict {
  const inText = markersIn(text);
  const found = {} as Record<FormatId, string[]>;
  const score = {} as Record<FormatId, number>;
  for (const id of FORMAT_IDS) {
    const { strong, weak } = FORMATS[id].markers;
    const s = strong.filter((_, i) => inText.has(KEYED_STRONG[id][i]!));
    const w = weak.filter((m) => inText.has(m));
    found[id] = [...s, ...w];
    score[id] = 3 * s.length + w.length;
  }
  const [a, b] = FORMAT_IDS.map((id) => score[id]);
  const format = a === b ? null : a! > b! ? FORMAT_IDS[0]! : FORMAT_IDS[1]!;
  return { format, found };
}
