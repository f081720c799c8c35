import { describe, it, expect } from 'vitest';
import { progressPrinter } from './progress.js';

describe('progress for a person', () => {
  it('prints plain lines, at most every interval, and the last one at the end, when not on a terminal', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = progressPrinter(stream, 60_000);
    const at = (done: number) => ({ done, total: 3, added: done, duplicates: 0, failed: 0, skipped: 0, current: `f${done}` });
    p.update(at(1));
    p.update(at(2));
    p.update(at(3));
    p.stop();
    expect(lines).toEqual([expect.stringMatching(/^1\/3 · .*added 1/), expect.stringMatching(/^3\/3 · .*added 3 .*failed 0/)]);
  });
});
