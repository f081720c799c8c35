// 汇总: the compile of the selected reports on screen in the official layout, with the missing and failed agencies
// and the reports with problems; export to XLSX, CSV and JSON.

import { useState, type FormEvent } from 'react';
import { api, type CompiledReport, type Selection } from '../lib/api.js';
import { useAsync } from '../lib/useAsync.js';
import { href, navigate } from '../lib/router.js';
import { useT, type Key } from '../lib/i18n.js';
import { Loaded } from '../components/Status.js';
import { ReportDocument } from '../components/ReportDocument.js';
import { getCell } from '../lib/core.js';

const LEVELS = ['province', 'city', 'county', 'township', 'department'] as const;

export function selectionOf(query: URLSearchParams): Selection {
  const s: Selection = {};
  for (const k of ['year', 'region', 'level'] as const) { const v = query.get(k); if (v) s[k] = v; }
  return s;
}

export function SelectionForm({ initial, page }: { initial: Selection; page: string }) {
  const t = useT();
  const [s, setS] = useState(initial);
  const submit = (e: FormEvent) => { e.preventDefault(); navigate(href(page, { ...s })); };
  return (
    <form className="filters" onSubmit={submit}>
      <label>{t('year')}<input value={s.year ?? ''} inputMode="numeric" size={6} onChange={(e) => setS({ ...s, year: e.target.value })} /></label>
      <label>{t('region')}<input value={s.region ?? ''} onChange={(e) => setS({ ...s, region: e.target.value })} /></label>
      <label>{t('level')}
        <select value={s.level ?? ''} onChange={(e) => setS({ ...s, level: e.target.value })}>
          <option value="">{t('all')}</option>
          {LEVELS.map((l) => <option key={l} value={l}>{t(`level_${l}` as Key)}</option>)}
        </select>
      </label>
      <button type="submit">{t('filter')}</button>
    </form>
  );
}

export function CompilePage({ query }: { query: URLSearchParams }) {
  const t = useT();
  const sel = selectionOf(query);
  const state = useAsync(() => api.compile(sel), [JSON.stringify(sel)]);
  return (
    <div className="compile-page">
      <h1>{t('compile_title')}</h1>
      <SelectionForm initial={sel} page="compile" />
      <nav className="actions" aria-label={t('compile_download')}>
        {(['xlsx', 'csv', 'json'] as const).map((f) => <a key={f} href={api.compileUrl(sel, f)} download>{t('compile_download')} {f.toUpperCase()}</a>)}
      </nav>
      <Loaded state={state}>{(c) => <CompiledView compiled={c} />}</Loaded>
    </div>
  );
}

function CompiledView({ compiled: c }: { compiled: CompiledReport }) {
  const t = useT();
  const partial = (p: string) => ((c.blanks?.[p] ?? 0) > 0 ? 'partial' : undefined);
  return (
    <>
      <p role="status">{t('compile_count', { n: c.reportCount })}（2019：{c.formats?.['2019'] ?? 0}，2021：{c.formats?.['2021'] ?? 0}）</p>
      <div className="compile-lists">
        <section aria-labelledby="missing-title">
          <h2 id="missing-title">{t('compile_missing')}（{c.missing.length}）</h2>
          {c.missing.length ? <ul>{c.missing.map((m) => <li key={m}>{m}</li>)}</ul> : <p className="muted">{t('none')}</p>}
        </section>
        <section aria-labelledby="failed-title">
          <h2 id="failed-title">{t('compile_failed')}（{c.failed.length}）</h2>
          {c.failed.length ? <ul>{c.failed.map((f, i) => <li key={i}>{f.name}：{f.reason}</li>)}</ul> : <p className="muted">{t('none')}</p>}
        </section>
        <section aria-labelledby="problems-title">
          <h2 id="problems-title">{t('compile_problems')}（{c.problems.length}）</h2>
          {c.problems.length ? (
            <ul>
              {c.problems.slice(0, 50).map((p, i) => (
                <li key={i}>
                  {p.id ? <a href={href('reports', p.id)}>{p.agency ?? p.id}</a> : p.agency}{p.year ? ` ${p.year}` : ''}：
                  <span className="sev-error">{t('errors')} {p.errors}</span> · <span className="sev-warning">{t('warnings')} {p.warnings}</span>
                  {p.errorRules.length ? <> · <code>{p.errorRules.join(' ')}</code></> : null}
                </li>
              ))}
            </ul>
          ) : <p className="muted">{t('none')}</p>}
        </section>
      </div>
      {c.notes?.length > 0 && (
        <details><summary>{t('compile_notes')}</summary><ul>{c.notes.map((n, i) => <li key={i}>{n}</li>)}</ul></details>
      )}
      <ReportDocument report={c} showSignature={false} tables={{ stateOf: (p) => (getCell(c, p) == null ? 'blank' : 'fine'), classOf: partial }} />
    </>
  );
}
