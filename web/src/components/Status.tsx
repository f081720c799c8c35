import type { Async } from '../lib/useAsync.js';
import { useT } from '../lib/i18n.js';
import type { ReactNode } from 'react';

/** Loading and error states of an Async, or its data through `children`. */
export function Loaded<T>({ state, children }: { state: Async<T>; children: (data: T) => ReactNode }) {
  const t = useT();
  if (state.status === 'error') {
    return (
      <div className="error-box" role="alert">
        <p>{t('error')}：{state.error.message}</p>
        <button type="button" onClick={state.reload}>{t('retry')}</button>
      </div>
    );
  }
  if (state.data === undefined) return <p className="loading" role="status">{t('loading')}</p>;
  return <>{children(state.data)}</>;
}
