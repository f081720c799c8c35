// Which files are documents a report could be in (PDF, Word, HTML, Markdown, text), told by their content alone.
// Images, archives, executables, other binary files and JSON data are skipped, not failed: a folder of reports
// often holds them beside the reports.

import { sniff, decodeText, type Sniffed } from '../read/index.js';

const BINARY_SIGNATURES: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x42, 0x4d], // BMP
  [0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a], // TIFF
  [0x52, 0x49, 0x46, 0x46], // RIFF: WebP, WAV, AVI
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0xfd, 0x37, 0x7a, 0x58], // xz
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // Windows executable
  [0x00, 0x00, 0x00], // ISO media (MP4, MOV) and other binary headers
];

/** The document kind of the content, or null when it is not a document. */
export function documentKind(bytes: Uint8Array, name = ''): Sniffed | null {
  if (bytes.length === 0) return 'text'; // an empty file is a bad report, reported as EMPTY
  const kind = sniff(bytes, name);
  if (kind === 'zip') return null; // a zip that is not a Word document: an archive
  if (kind !== 'text') return kind;
  if (BINARY_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b))) return null;
  if (!looksLikeText(headOf(bytes))) return null;
  return isJson(bytes) ? null : kind;
}

/** Data, not a document: text that starts like JSON and parses as JSON. */
function isJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) return false; // { or [
  try {
    JSON.parse(decodeText(bytes).text);
    return true;
  } catch {
    return false;
  }
}

/** The first 64 KB, cut after a line break so that no multi-byte character is cut (outside UTF-16). */
function headOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= 65536) return bytes;
  const end = bytes.lastIndexOf(0x0a, 65535);
  return end > 0 && bytes[end + 1] !== 0 ? bytes.subarray(0, end + 1) : bytes.subarray(0, 65536);
}

function looksLikeText(head: Uint8Array): boolean {
  let text: string;
  try {
    text = decodeText(head).text;
  } catch {
    return false; // zero bytes outside UTF-16
  }
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) bad++;
  }
  // the same threshold as the text reader's; a cut multi-byte character at the end is one bad character at most
  return bad <= Math.max(1, text.length * 0.01);
}
