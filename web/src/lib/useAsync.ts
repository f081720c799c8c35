// Load something when its inputs change; a later load wins over an earlier one still under way.

import { useCallback, useEffect, useRef, useState } from 'react';

export type Async<T> =
  | { status: 'loading'; data?: T; error?: undefined; reload(): void }
  | { status: 'ok'; data: T; error?: undefined; reload(): void }
  | { status: 'error'; data?: T; error: Error; reload(): void };

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ status: 'loading' | 'ok' | 'error'; data?: T; error?: Error }>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    setState((s) => ({ status: 'loading', data: s.data }));
    load().then(
      (data) => { if (n === seq.current) setState({ status: 'ok', data }); },
      (error: unknown) => { if (n === seq.current) setState((s) => ({ status: 'error', data: s.data, error: error instanceof Error ? error : new Error(String(error)) })); },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload } as Async<T>;
}
