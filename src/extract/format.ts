// Which template a report follows, by the words only one format prints (template.md §5) — never by its year.

import { FORMATS, FORMAT_IDS } from '../template/index.js';
import type { FormatId } from '../template/index.js';
import { keyCode } from './tokens.js';

export interface FormatVerdict {
  format: FormatId | null;
  /** 3 for each strong marker found, 1 for each weak one, per format in the order of FORMAT_IDS */
  scores: number[];
}

/** A strong marker as labelKey writes it (full-width brackets); weak ones are matched as written. */
const keyed = (m: string): string => m.replace(/\(/g, '（').replace(/\)/g, '）');

/** Each format's markers, in the order of FORMAT_IDS: strong ones as labelKey writes them, weak ones as written. */
const MARKERS = FORMAT_IDS.map((id) => ({ strong: FORMATS[id].markers.strong.map(keyed), weak: FORMATS[id].markers.weak }));

/** Every marker of every format, by its last character: one pass over the text finds them all. */
const BY_LAST_CHAR = new Map<number, string[]>();
for (const { strong, weak } of MARKERS) {
  for (const m of [...strong, ...weak]) {
    const last = m.charCodeAt(m.length - 1), list = BY_LAST_CHAR.get(last) ?? [];
    if (!list.includes(m)) list.push(m);
    BY_LAST_CHAR.set(last, list);
  }
}
/** 1 for a character whose key ends a marker (( and ) key as （ and ）): most characters are tested here, no further */
const ENDS_A_MARKER = new Uint8Array(65536);
for (const c of [...BY_LAST_CHAR.keys(), 40, 41]) if (BY_LAST_CHAR.has(keyCode(c))) ENDS_A_MARKER[c] = 1;

/**
 * The markers (each once) in the texts as labelKey keys them, joined. The key text is never made: a report's table
 * text is most of the report, and only the markers in it are wanted. Each character that may end a marker is
 * looked up, and the markers ending there are read backwards, skipping what labelKey drops.
 */
function markersIn(texts: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (let t = 0; t < texts.length; t++) {
    const text = texts[t]!;
    for (let i = 0; i < text.length; i++) {
      if (ENDS_A_MARKER[text.charCodeAt(i)] === 0) continue;
      for (const m of BY_LAST_CHAR.get(keyCode(text.charCodeAt(i)))!) if (endsAt(texts, t, i, m)) found.add(m);
    }
  }
  return found;
}

/** Whether the key text of the texts, up to character i of texts[t], ends with the marker. */
function endsAt(texts: readonly string[], t: number, i: number, marker: string): boolean {
  let k = marker.length;
  for (let line = t; line >= 0; line--) {
    const text = texts[line]!;
    for (let j = line === t ? i : text.length - 1; j >= 0; j--) {
      const c = keyCode(text.charCodeAt(j));
      if (c < 0) continue;
      if (c !== marker.charCodeAt(--k)) return false;
      if (k === 0) return true;
    }
  }
  return false;
}

/** Whether the texts hold anything labelKey keeps. */
const holdsText = (texts: readonly string[]): boolean => texts.some((text) => {
  for (let i = 0; i < text.length; i++) if (keyCode(text.charCodeAt(i)) >= 0) return true;
  return false;
});

/**
 * The format named by the markers in lines of text (the lines of the tables as printed, read as labelKey keys
 * them, joined); null when the lines hold no text.
 */
export function detectFormat(texts: readonly string[]): FormatVerdict | null {
  if (!holdsText(texts)) return null;
  const found = markersIn(texts);
  const scores = MARKERS.map(({ strong, weak }) => {
    let score = 0;
    for (const m of strong) if (found.has(m)) score += 3;
    for (const m of weak) if (found.has(m)) score += 1;
    return score;
  });
  const a = scores[0]!, b = scores[1]!;
  const format = a === b ? null : a > b ? FORMAT_IDS[0]! : FORMAT_IDS[1]!;
  return { format, scores };
}
