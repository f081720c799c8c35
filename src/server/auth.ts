// Writing needs `Authorization: Bearer <token>`. Tokens are compared as digests in constant time, so that neither
// their content nor their length leaks through timing.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { unauthorized } from './errors.js';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** A checker for one token; throws 401 for a missing or wrong one. */
export function bearerCheck(token: string): (authorization: string | undefined) => void {
  if (!token) throw new Error('the write token must not be empty');
  const expected = digest(token);
  return (authorization) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) throw unauthorized();
  };
}

/** A random token for a server started without one: 32 bytes, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');
