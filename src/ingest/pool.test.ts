import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ParsePool } from './pool.js';
import { parseOne } from './parse-one.js';
import { generateReport } from '../generate/index.js';
import { renderText } from '../render/text.js';

const job = (bytes: Uint8Array, name: string) => ({ bytes, name, original: { hash: 'h', name, kind: 'text', size: bytes.length }, parserVersion: 't' });
const report = (seed: number) => new TextEncoder().encode(renderText(generateReport(seed), { layout: 'tabs', seed }));

describe('the parse pool (worker threads of dist/)', () => {
  it('gives what parsing in this thread gives, for many files at once', async () => {
    const pool = new ParsePool(2);
    try {
      const jobs = Array.from({ length: 40 }, (_, i) => job(report(i + 1), `r${i}.txt`));
      const [threaded, inline] = await Promise.all([Promise.all(jobs.map((j) => pool.parse(j))), Promise.all(jobs.map(parseOne))]);
      expect(threaded).toEqual(inline);
      expect(threaded.every((o) => o.ok)).toBe(true);
      expect(await pool.parse(job(new Uint8Array(0), 'empty.txt'))).toMatchObject({ ok: false, code: 'EMPTY' });
    } finally {
      await pool.close();
    }
  });

  it('fails a file that takes too long with TIMEOUT, replaces the worker and goes on', async () => {
    const pool = new ParsePool(1, 150);
    try {
      const pdf = new Uint8Array(readFileSync(resolve(process.cwd(), '../shared/corpus/hongze-2024.pdf')));
      const [slow, next] = await Promise.all([pool.parse(job(pdf, 'hongze-2024.pdf')), pool.parse(job(report(3), 'r3.txt'))]);
      expect(slow).toMatchObject({ ok: false, code: 'TIMEOUT' });
      // the job queued behind the stuck one went to the new worker; it may time out too on a loaded machine, but it
      // is answered
      expect(next.ok || (next as { code: string }).code === 'TIMEOUT').toBe(true);
    } finally {
      await pool.close();
    }
  });
});
