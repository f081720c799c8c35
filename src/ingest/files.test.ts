import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandPaths } from './files.js';

describe('files, folders and globs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xxgk-files-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    for (const f of ['x.txt', 'a/y.pdf', 'a/b/z.html', 'a/b/.hidden']) writeFileSync(join(dir, f), f);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes everything under a folder, in a stable order, once', async () => {
    const { files, missing } = await expandPaths([dir, join(dir, 'x.txt')]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['a/b/.hidden', 'a/b/z.html', 'a/y.pdf', 'x.txt']);
    expect(missing).toEqual([]);
  });

  it('expands globs and names what matched nothing', async () => {
    const { files, missing } = await expandPaths([`${dir}/**/*.{pdf,html}`, `${dir}/*.doc`, join(dir, 'nope.txt')]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['a/b/z.html', 'a/y.pdf']);
    expect(missing).toEqual([`${dir}/*.doc`, join(dir, 'nope.txt')]);
  });
});
