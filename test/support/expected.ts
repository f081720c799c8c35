// The scoring of ../shared/tools/score.mjs as a function, so a test can name every wrong cell.
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;
const SECTION_KEYS = ['overview', 'activeDisclosure', 'requests', 'appeals', 'problems', 'other'];
const squash = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, '') : s);
const at = (o: unknown, path: string) => path.split('.').reduce<unknown>((x, k) => (x == null ? undefined : (x as Json)[k]), o);

function leaves(obj: Json, prefix: string, out: Array<[string, unknown]> = []) {
  for (const [k, v] of Object.entries(obj)) {
    const p = `${prefix}.${k}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) leaves(v as Json, p, out); else out.push([p, v]);
  }
  return out;
}
const same = (want: unknown, got: unknown): boolean => (Array.isArray(want) ? want.some((w) => same(w, got))
  : want === null ? got === null : typeof want === 'string' ? squash(want) === squash(got)
  : typeof got === 'number' && Math.abs(got - (want as number)) < 1e-9);

export interface Mismatch { path: string; want: unknown; got: unknown; flagged: boolean }

/** Every scored field that differs, and whether a finding covers it (a silent error when not). */
export function mismatches(expectedFile: string, actual: Json): Mismatch[] {
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Json;
  const out: Mismatch[] = [];
  for (const k of ['format', 'year', 'publishedOn']) if (k in expected && String(expected[k]) !== String(actual[k] ?? null)) out.push({ path: k, want: expected[k], got: actual[k], flagged: false });
  for (const k of ['title', 'agency']) if (k in expected && squash(expected[k]) !== squash(actual[k] ?? null)) out.push({ path: k, want: expected[k], got: actual[k], flagged: false });
  const present = expected['sectionsPresent'] as string[] | undefined;
  if (present) for (const k of SECTION_KEYS) {
    const got = at(actual, `sections.${k}`) != null;
    if (present.includes(k) !== got) out.push({ path: `sections.${k}`, want: present.includes(k), got, flagged: false });
  }
  const covered = ((actual['findings'] ?? []) as Array<{ paths: string[] }>).flatMap((f) => f.paths);
  for (const table of ['active', 'requests', 'appeals']) {
    if (!expected[table]) continue;
    for (const [path, want] of leaves(expected[table] as Json, table)) {
      const got = at(actual, path);
      if (same(want, got)) continue;
      out.push({ path, want, got, flagged: covered.some((c) => path === c || path.startsWith(c + '.')) });
    }
  }
  return out;
}
