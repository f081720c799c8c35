// The built web app: files under `staticDir` with their content types; index.html for any other path that is not
// /api (the app routes in the browser). Its CSP allows scripts from this origin only — no inline script, no eval —
// and pdf.js's worker from a blob.

import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

export const contentTypeOf = (path: string): string => TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

/** A handler for GET/HEAD of the app's files; null when the path is not the app's (it goes on to the 404). */
export function staticFiles(dir: string): (pathname: string, head: boolean) => Promise<Response | null> {
  const root = resolve(dir);
  const file = async (path: string): Promise<string | null> => {
    try {
      return (await stat(path)).isFile() ? path : null;
    } catch {
      return null;
    }
  };
  return async (pathname, head) => {
    if (pathname === '/api' || pathname.startsWith('/api/')) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    const wanted = resolve(root, `.${decoded}`);
    const inside = wanted === root || wanted.startsWith(root + sep);
    const found = (inside && !decoded.includes('\0') ? await file(wanted) : null) ?? await file(resolve(root, 'index.html'));
    if (!found) return null;
    const isIndex = found.endsWith(`${sep}index.html`);
    const body = await readFile(found);
    return new Response(head ? null : new Uint8Array(body), {
      headers: {
        'Content-Type': contentTypeOf(found),
        'Content-Length': String(body.byteLength),
        'Content-Security-Policy': APP_CSP,
        // hashed bundles may be kept; the page itself is checked every time
        'Cache-Control': !isIndex && /[.-][A-Za-z0-9_-]{8,}\.\w+$/.test(found) ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  };
}
