// The original file of a report, fetched once per report and kept while the page lives.

import { api } from '../../lib/api.js';
import { useAsync } from '../../lib/useAsync.js';

const cache = new Map<number, Promise<Uint8Array>>();

export function originalOf(id: number): Promise<Uint8Array> {
  let p = cache.get(id);
  if (!p) {
    p = api.original(id);
    p.catch(() => cache.delete(id));
    cache.set(id, p);
  }
  return p;
}

export const useOriginal = (id: number) => useAsync(() => originalOf(id), [id]);
