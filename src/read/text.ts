// Plain text and Markdown: detect the encoding by itself (UTF-8 with or without BOM, UTF-16, GB18030/GBK),
// normalise, and make one paragraph per line with its line number and offset.

import { XxgkError } from '../errors.js';
import { normalizeText, isBlankText } from './normalize.js';
import type { Doc, Paragraph } from './model.js';

export interface DecodedText { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' }

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new XxgkError('EMPTY', '文件为空', 'the file is empty');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: utf8(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  if (bytes.includes(0)) throw binary();
  try {
    return { text: STRICT_UTF8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

// Decoders are kept: making one per file cost more than decoding a small file.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT_UTF8 = new TextDecoder('utf-8');
const utf8 = (b: Uint8Array) => LENIENT_UTF8.decode(b);
const binary = () => new XxgkError('BINARY', '文件不是文本（含有二进制字节）', 'the file is not text (it holds binary bytes)');

/** UTF-16 without a BOM shows as zero bytes in every other position (ASCII and line breaks). */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0, oddZero = 0;
  for (let i = 0; i < n; i += 2) { if (bytes[i] === 0) evenZero++; if (bytes[i + 1] === 0) oddZero++; }
  const half = n / 2;
  // CJK code points such as U+4E00 put a zero byte on the other side too, but far less often than ASCII does.
  if (oddZero > half * 0.2 && evenZero < oddZero / 4) return 'utf-16le';
  if (evenZero > half * 0.2 && oddZero < evenZero / 4) return 'utf-16be';
  return null;
}

/** Share of characters that no text file holds (controls other than tab, line feed, form feed, carriage return). */
function controlShare(text: string): number {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) bad++;
  }
  return sample.length ? bad / sample.length : 0;
}

/** A text file (or a string already decoded) as a Doc: one paragraph per non-blank line. */
export function readText(input: Uint8Array | string, kind: 'text' | 'markdown' = 'text'): Doc {
  const decoded = typeof input === 'string' ? { text: input, encoding: 'utf-8' as const } : decodeText(input);
  if (typeof input !== 'string' && controlShare(decoded.text) > 0.01) throw binary();
  const text = normalizeText(decoded.text);
  const blocks: Paragraph[] = [];
  let offset = 0, line = 1;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const raw = text.slice(offset, end);
    if (!isBlankText(raw)) blocks.push({ type: 'paragraph', text: raw, pos: { line, offset } });
    offset = end + 1;
    line++;
  }
  return { kind, blocks, meta: { encoding: decoded.encoding } };
}
