// One entry for every physical format: sniff the bytes (never trust the file name), pick the reader, give a Doc.

import { readFile, stat } from 'node:fs/promises';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { XxgkError } from '../errors.js';
import { readText } from './text.js';
import type { Doc } from './model.js';

export type { Doc, Block, Paragraph, Table, TableCell, Position } from './model.js';
export { readText, decodeText } from './text.js';

/** Largest file xxgk reads; a report is rarely over 20 MB, a 300-page scan-free PDF under 64 MB. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type Sniffed = 'pdf' | 'docx' | 'zip' | 'ole' | 'html' | 'markdown' | 'text';

export function sniff(bytes: Uint8Array, name = ''): Sniffed {
  const head = bytes.subarray(0, 8);
  const startsWith = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  const scan = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (scan.includes('%PDF-')) return 'pdf';
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) return 'docx';
  if (startsWith(0x50, 0x4b)) return 'zip';
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0)) return 'ole';
  const lower = scan.toLowerCase();
  if (/<(!doctype html|html|head|body|meta|table|div|p)[\s>]/.test(lower)) return 'html';
  if (/\.(md|markdown)$/i.test(name)) return 'markdown';
  return 'text';
}

/** Bytes of any supported format → Doc. Throws XxgkError with a bilingual message for anything unusable. */
export async function readBytes(bytes: Uint8Array, name = ''): Promise<Doc> {
  if (bytes.length === 0) throw new XxgkError('EMPTY', '文件为空', 'the file is empty');
  if (bytes.length > MAX_FILE_BYTES) throw tooLarge(bytes.length);
  const kind = sniff(bytes, name);
  switch (kind) {
    case 'pdf': return (await import('./pdf.js')).readPdf(bytes);
    case 'docx': return (await import('./docx.js')).readDocx(bytes);
    case 'html': return (await import('./html.js')).readHtml(bytes);
    case 'ole': {
      const { convertLegacyWord } = await import('./legacy.js');
      const docx = await convertLegacyWord(bytes, /\.wps$/i.test(name) ? 'wps' : 'doc');
      return (await import('./docx.js')).readDocx(docx);
    }
    case 'zip': throw new XxgkError('UNSUPPORTED', '压缩文件不是 Word 文档', 'the zip file is not a Word document');
    case 'markdown': return readText(bytes, 'markdown');
    default: return readText(bytes, 'text');
  }
}

/**
 * Read a file by path. `sync` reads its bytes without leaving the thread: for a worker that does nothing else, two
 * trips to the thread pool per file cost more than a small file takes to parse.
 */
export async function readPath(path: string, opts: { sync?: boolean } = {}): Promise<Doc> {
  let st: Stats;
  try {
    st = opts.sync ? statSync(path) : await stat(path);
  } catch {
    throw new XxgkError('NOT_FOUND', `找不到文件：${path}`, `file not found: ${path}`);
  }
  if (st.isDirectory()) throw new XxgkError('UNREADABLE', `这是一个文件夹：${path}`, `this is a folder: ${path}`);
  if (st.size > MAX_FILE_BYTES) throw tooLarge(st.size);
  return readBytes(new Uint8Array(opts.sync ? readFileSync(path) : await readFile(path)), path);
}

const tooLarge = (n: number) => new XxgkError('TOO_LARGE',
  `文件过大（${(n / 1048576).toFixed(1)} MB，上限 ${MAX_FILE_BYTES / 1048576} MB）`,
  `the file is too large (${(n / 1048576).toFixed(1)} MB, limit ${MAX_FILE_BYTES / 1048576} MB)`);
