// 报告列表: every stored report with agency, level, year, format and counts of errors and warnings; filters and the
// sort are kept in the address (a list can be shared or bookmarked); pages come from the server (limit/offset).

import { useState, type FormEvent } from 'react';
import { api, type ListQuery, type ReportListItem } from '../lib/api.js';
import { useAsync } from '../lib/useAsync.js';
import { href, navigate } from '../lib/router.js';
import { useT, type Key } from '../lib/i18n.js';
import { Loaded } from '../components/Status.js';

export const PAGE_SIZE = 50;
const LEVELS = ['province', 'city', 'county', 'township', 'department'] as const;
const FILTERS = ['q', 'region', 'year', 'level', 'format', 'hasErrors'] as const;
type Filter = (typeof FILTERS)[number];

export function ReportsPage({ query }: { query: URLSearchParams }) {
  const t = useT();
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const sort = query.get('sort') ?? '-id';
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ''])) as Record<Filter, string>;
  const listQuery: ListQuery = { ...filters, sort, limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) };
  const list = useAsync(() => api.list(listQuery), [JSON.stringify(listQuery)]);
  const go = (patch: Record<string, string | number | undefined>) =>
    navigate(href('reports', { ...Object.fromEntries(query), ...patch }));

  return (
    <div className="reports-page">
      <h1>{t('list_title')}</h1>
      <FilterForm initial={filters} onApply={(f) => go({ ...f, page: undefined })} />
      <Loaded state={list}>
        {(data) => {
          const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
          return (
            <>
              <p role="status" className="muted">{t('list_total', { n: data.total })}</p>
              {data.items.length === 0 ? <p>{t('empty')}</p> : <ReportTable items={data.items} sort={sort} onSort={(s) => go({ sort: s, page: undefined })} />}
              <nav className="pager" aria-label="pagination">
                <button type="button" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>{t('prev')}</button>
                <span>{t('page', { p: page, n: pages })}</span>
                <button type="button" disabled={page >= pages} onClick={() => go({ page: page + 1 })}>{t('next')}</button>
              </nav>
            </>
          );
        }}
      </Loaded>
    </div>
  );
}

function FilterForm({ initial, onApply }: { initial: Record<Filter, string>; onApply(f: Record<Filter, string>): void }) {
  const t = useT();
  const [f, setF] = useState(initial);
  const set = (k: Filter) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = (e: FormEvent) => { e.preventDefault(); onApply(f); };
  return (
    <form className="filters" onSubmit={submit} role="search">
      <label>{t('search')}<input value={f.q} onChange={set('q')} /></label>
      <label>{t('region')}<input value={f.region} onChange={set('region')} placeholder="泗阳县" /></label>
      <label>{t('year')}<input value={f.year} onChange={set('year')} inputMode="numeric" placeholder="2023,2024" size={9} /></label>
      <label>{t('level')}
        <select value={f.level} onChange={set('level')}>
          <option value="">{t('all')}</option>
          {LEVELS.map((l) => <option key={l} value={l}>{t(`level_${l}` as Key)}</option>)}
        </select>
      </label>
      <label>{t('format')}
        <select value={f.format} onChange={set('format')}>
          <option value="">{t('all')}</option><option value="2019">2019</option><option value="2021">2021</option>
        </select>
      </label>
      <label>{t('status')}
        <select value={f.hasErrors} onChange={set('hasErrors')}>
          <option value="">{t('all')}</option><option value="true">{t('hasErrors')}</option><option value="false">{t('noErrors')}</option>
        </select>
      </label>
      <button type="submit">{t('filter')}</button>
    </form>
  );
}

function ReportTable({ items, sort, onSort }: { items: ReportListItem[]; sort: string; onSort(s: string): void }) {
  const t = useT();
  const header = (key: string, label: Key) => {
    const on = sort.replace(/^-/, '') === key;
    const desc = sort.startsWith('-');
    return (
      <th scope="col" aria-sort={on ? (desc ? 'descending' : 'ascending') : 'none'}>
        <button type="button" onClick={() => onSort(on && !desc ? `-${key}` : key)}>{t(label)}{on ? (desc ? ' ↓' : ' ↑') : ''}</button>
      </th>
    );
  };
  return (
    <div className="table-scroll">
      <table className="list">
        <thead>
          <tr>
            <th scope="col">#</th>
            {header('agency', 'agency')}
            {header('level', 'level')}
            {header('region', 'region')}
            {header('year', 'year')}
            <th scope="col">{t('format')}</th>
            {header('errors', 'errors')}
            {header('warnings', 'warnings')}
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} className={r.errors ? 'has-errors' : undefined}>
              <td>{r.id}</td>
              <td><a href={href('reports', r.id)}>{r.agency ?? r.title ?? '—'}</a></td>
              <td>{r.level ? t(`level_${r.level}` as Key) : '—'}</td>
              <td>{r.region ?? '—'}</td>
              <td>{r.year ?? '—'}</td>
              <td>{r.format}</td>
              <td className={r.errors ? 'sev-error num' : 'num'}>{r.errors}</td>
              <td className={r.warnings ? 'sev-warning num' : 'num'}>{r.warnings}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
