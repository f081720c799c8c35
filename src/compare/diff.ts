// A small diff of texts by sentence: split on 。；and line breaks, then the longest common subsequence.

export type DiffOp = { op: 'same' | 'added' | 'removed'; text: string };

/** Sentences of a text, each with its closing 。 or ；, trimmed (full-width spaces too); empty ones dropped. */
export function sentences(text: string): string[] {
  return text.split(/(?<=[。；;])|\r?\n/).map((s) => s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')).filter((s) => s !== '');
}

/** Sentences compare without their spaces: a reflowed line is not a change. */
const keyOf = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** Above this many cells the LCS table is not built (about 16 MB); the middle is diffed as two sets instead. */
const MAX_TABLE = 4_000_000;

/**
 * The edit script from `a` to `b`, in order: common sentences `same`, the others `removed` (from a) or `added`
 * (in b). Common head and tail are matched first; the rest by LCS, or — for very long texts — as multisets.
 */
export function diffSentences(a: string[], b: string[]): DiffOp[] {
  const ka = a.map(keyOf), kb = b.map(keyOf);
  let head = 0;
  while (head < a.length && head < b.length && ka[head] === kb[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && ka[a.length - 1 - tail] === kb[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail, m = b.length - head - tail;
  const middle = n * m > MAX_TABLE
    ? setDiff(a.slice(head, head + n), ka.slice(head, head + n), b.slice(head, head + m), kb.slice(head, head + m))
    : lcsDiff(a, ka, b, kb, head, n, m);
  return [
    ...a.slice(0, head).map((text): DiffOp => ({ op: 'same', text })),
    ...middle,
    ...a.slice(a.length - tail).map((text): DiffOp => ({ op: 'same', text })),
  ];
}

function lcsDiff(a: string[], ka: string[], b: string[], kb: string[], off: number, n: number, m: number): DiffOp[] {
  // len[i][j]: LCS length of a[off+i..] and b[off+j..], in one flat array of (n+1)·(m+1)
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] = ka[off + i] === kb[off + j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
    }
  }
  const out: DiffOp[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && ka[off + i] === kb[off + j]) { out.push({ op: 'same', text: b[off + j]! }); i++; j++; }
    else if (i < n && (j === m || len[(i + 1) * w + j]! >= len[i * w + j + 1]!)) { out.push({ op: 'removed', text: a[off + i]! }); i++; }
    else { out.push({ op: 'added', text: b[off + j]! }); j++; }
  }
  return out;
}

/** Order-blind fallback: what a has more often than b is removed, the rest of b is same or added. */
function setDiff(a: string[], ka: string[], b: string[], kb: string[]): DiffOp[] {
  const left = new Map<string, number>();
  for (const k of ka) left.set(k, (left.get(k) ?? 0) + 1);
  const out: DiffOp[] = [];
  b.forEach((text, j) => {
    const k = kb[j]!, c = left.get(k) ?? 0;
    if (c > 0) { left.set(k, c - 1); out.push({ op: 'same', text }); } else out.push({ op: 'added', text });
  });
  const removed: DiffOp[] = [];
  a.forEach((text, i) => {
    const k = ka[i]!, c = left.get(k) ?? 0;
    if (c > 0) { left.set(k, c - 1); removed.push({ op: 'removed', text }); }
  });
  return [...removed, ...out];
}
