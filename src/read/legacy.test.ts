import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocx } from './docx.js';
import { convertLegacyWord, findOffice } from './legacy.js';
import { rejection } from './doc.fixture.js';

const office = await findOffice(process.env.PATH ?? '');
const OLE_HEADER = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);


describe('convertLegacyWord without LibreOffice', () => {
  it('says LibreOffice is not installed when soffice is not on PATH', async () => {
    const doc = Buffer.concat([OLE_HEADER, Buffer.alloc(504)]);
    const e = await rejection(convertLegacyWord(doc, 'doc', { env: { PATH: '/nonexistent-dir' } }));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.zh).toMatch(/^无法读取 \.doc\/\.wps：未安装 LibreOffice/);
    expect(e.en).toMatch(/^cannot read \.doc\/\.wps: LibreOffice is not installed/);
  });

  it('refuses bytes that are neither an OLE file nor RTF, and empty input', async () => {
    expect((await rejection(convertLegacyWord(Buffer.from('plain text'), 'doc'))).code).toBe('CORRUPT');
    expect((await rejection(convertLegacyWord(new Uint8Array(0), 'wps'))).code).toBe('EMPTY');
  });
});

describe.skipIf(!office)('convertLegacyWord with LibreOffice', () => {
  let dir = '';
  let doc: Buffer;

  beforeAll(() => {
    // A real .doc: the blank template saved as Word 97 by LibreOffice itself.
    dir = mkdtempSync(path.join(tmpdir(), 'xxgk-legacy-test-'));
    const template = path.resolve(process.cwd(), '../shared/corpus/template-2021-blank.docx');
    execFileSync(office!, [
      `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
      '--headless', '--convert-to', 'doc', '--outdir', dir, template,
    ], { stdio: 'ignore', timeout: 120_000 });
    doc = readFileSync(path.join(dir, 'template-2021-blank.doc'));
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts a .doc to a .docx that reads back with its tables and headings', async () => {
    const docx = await convertLegacyWord(doc, 'doc');
    expect(Buffer.from(docx.subarray(0, 2)).toString()).toBe('PK');
    const read = await readDocx(docx);
    const tables = read.blocks.filter((b) => b.type === 'table');
    expect(tables.length).toBe(3);
    expect(read.blocks.some((b) => b.type === 'paragraph' && b.text === '三、收到和处理政府信息公开申请情况')).toBe(true);
  }, 120_000);

  it('reads a Kingsoft .wps (a Word 97 file inside) the same way', async () => {
    const read = await readDocx(await convertLegacyWord(doc, 'wps'));
    expect(read.blocks.filter((b) => b.type === 'table').length).toBe(3);
  }, 120_000);

  it('kills LibreOffice at the time limit → TIMEOUT', async () => {
    const start = performance.now();
    const e = await rejection(convertLegacyWord(doc, 'doc', { timeoutMs: 100 }));
    expect(e.code).toBe('TIMEOUT');
    expect(performance.now() - start).toBeLessThan(5000);
  }, 30_000);

  it('reports a damaged Word file as UNREADABLE, not as a text document', async () => {
    const damaged = Buffer.concat([OLE_HEADER, Buffer.alloc(4096, 0xff), Buffer.from('WordDocument', 'utf16le')]);
    expect((await rejection(convertLegacyWord(damaged, 'doc'))).code).toBe('UNREADABLE');
  }, 120_000);

  it('refuses an OLE file without a Word stream (a renamed .xls, say) → CORRUPT', async () => {
    const other = Buffer.concat([OLE_HEADER, Buffer.alloc(4096, 0xff), Buffer.from('Workbook', 'utf16le')]);
    expect((await rejection(convertLegacyWord(other, 'doc'))).code).toBe('CORRUPT');
  });
});
