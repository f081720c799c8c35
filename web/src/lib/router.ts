// A hash router: #/reports/12?version=2. No server routes needed beyond index.html; links work without JavaScript
// reloading the page, and the back button does what a person expects.

import { useEffect, useState } from 'react';

export interface Route {
  /** path segments: #/reports/12 → ['reports', '12'] */
  parts: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [path = '', search = ''] = h.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** A link target: href('reports', 12, { version: 2 }) → #/reports/12?version=2 */
export function href(...args: Array<string | number | Record<string, string | number | undefined>>): string {
  const last = args[args.length - 1];
  const q = typeof last === 'object' ? (args.pop() as Record<string, string | number | undefined>) : {};
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return `#/${(args as Array<string | number>).map((a) => encodeURIComponent(String(a))).join('/')}${s ? `?${s}` : ''}`;
}

export const navigate = (to: string): void => { location.hash = to; };
