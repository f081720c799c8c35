// The commands as the CLI runs them: exit codes and what a person reads.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ingestCommand, reparseCommand, workerCommand } from './commands.js';

const SHARED = resolve(process.cwd(), '../shared');

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  try {
    return { code: await fn(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('xxgk ingest / reparse / worker', () => {
  const env = { data: process.env['XXGK_DATA'], url: process.env['DATABASE_URL'] };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xxgk-cmd-'));
    process.env['XXGK_DATA'] = dir;
    delete process.env['DATABASE_URL'];
  });
  afterAll(() => {
    if (env.data === undefined) delete process.env['XXGK_DATA']; else process.env['XXGK_DATA'] = env.data;
    if (env.url !== undefined) process.env['DATABASE_URL'] = env.url;
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingest prints a summary and the failed files; exit 2 when a file failed', async () => {
    const r = await capture(() => ingestCommand([`${SHARED}/seeds/*.txt`, `${SHARED}/corpus/template-2021-blank.docx`], { workers: 1 }));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/template-2021-blank\.docx: .*\[NO_DATA\]/);
    expect(r.err).toMatch(/6 files, 5 new reports, 0 already stored, 0 skipped \(not documents\), 1 failed/);
    const again = await capture(() => ingestCommand([`${SHARED}/seeds`], { json: true, workers: 0 }));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ seen: 10, added: 0, duplicates: 5, skipped: 5, failed: 0 }); // expected/*.json: data, skipped
  });

  it('reparse lists what changed (nothing, with the same parser)', async () => {
    const r = await capture(() => reparseCommand({ json: true }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ seen: 6, unchanged: 5, changed: [] });
  });

  it('the queue commands say that they need PostgreSQL', async () => {
    const w = await capture(() => workerCommand());
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/\[NO_DATABASE_URL\].*DATABASE_URL/);
    const q = await capture(() => ingestCommand(['x'], { queue: true }));
    expect(q.code).toBe(2);
    expect(q.err).toContain('DATABASE_URL');
  });
});
