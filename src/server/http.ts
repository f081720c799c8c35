// Small HTTP helpers: file responses with a safe Content-Disposition, JSON bodies read with a limit, the content
// types of the files the API hands out, and the security headers every response carries.

import { badRequest, HttpError } from './errors.js';
import { readBody } from './upload.js';

/** JSON request bodies (a report is a few KB; its sections rarely more than 100 KB). */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

export const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  doc: 'application/msword',
  text: 'text/plain',
  markdown: 'text/markdown',
} as const;

/** Content type of a stored original, by the kind its content sniffed as (text: the charset is the reader's guess, not stated). */
export function originalType(kind: string): string {
  switch (kind) {
    case 'pdf': return CONTENT_TYPES.pdf;
    case 'docx': return CONTENT_TYPES.docx;
    case 'ole': return CONTENT_TYPES.doc;
    case 'html': return 'text/html';
    case 'markdown': return CONTENT_TYPES.markdown;
    default: return CONTENT_TYPES.text;
  }
}

/** Headers of every response: no sniffing, no framing by other sites, no referrer leaks. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'SAMEORIGIN',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Files from the database (originals, exports) are not pages of this site: a stored HTML report or an exported one
 * opened in the browser runs no script and reaches nothing (its own sandboxed origin), but may be framed by the app.
 */
export const FILE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function fileResponse(bytes: Uint8Array | string, type: string, name: string, kind: 'inline' | 'attachment' = 'attachment'): Response {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': type,
      'Content-Length': String(body.byteLength),
      'Content-Disposition': disposition(kind, name),
      'Content-Security-Policy': FILE_CSP,
      'Cache-Control': 'no-cache',
    },
  });
}

/** A JSON body (application/json only: a form or text post from another site is refused). */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求体应为 application/json', 'the body must be application/json');
  }
  const bytes = await readBody(req, MAX_JSON_BYTES);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw badRequest('BAD_JSON', '请求体不是有效的 JSON', 'the body is not valid JSON');
  }
}

/** A file name from parts: 淮安市人民政府-2023-报告12.xlsx, without characters file systems refuse. */
export function fileName(parts: Array<string | number | null | undefined>, ext: string): string {
  const base = parts.filter((p) => p !== null && p !== undefined && p !== '').join('-')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_').slice(0, 120);
  return `${base || 'report'}.${ext}`;
}
