// 对比: two reports (or a report and the same agency's previous year) side by side in the official layout, each
// changed cell marked on both sides; the list of changed cells, the text changes, and the cross-year findings.

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, type CellChange, type Comparison, type ReportDetail } from '../lib/api.js';
import { useAsync } from '../lib/useAsync.js';
import { href, navigate } from '../lib/router.js';
import { useT } from '../lib/i18n.js';
import type { ParsedReport } from '../lib/core.js';
import { Loaded } from '../components/Status.js';
import { ReportDocument } from '../components/ReportDocument.js';
import { FindingsList } from '../components/FindingsList.js';

interface Loaded2 { a: ReportDetail; b: ReportDetail; cmp: Comparison }

async function load(a: number, b: number): Promise<Loaded2> {
  const [ra, rb, cmp] = await Promise.all([api.report(a), api.report(b), api.compare(a, b)]);
  return { a: ra, b: rb, cmp };
}

export function ComparePage({ query }: { query: URLSearchParams }) {
  const t = useT();
  const previousOf = Number(query.get('previousOf') ?? NaN);
  const a = Number(query.get('a') ?? NaN), b = Number(query.get('b') ?? NaN);
  const prev = useAsync(async () => (Number.isInteger(previousOf) ? api.previous(previousOf) : null), [previousOf]);
  const lastYear = prev.status === 'ok' ? prev.data?.previous?.id : undefined;
  useEffect(() => { if (lastYear !== undefined) navigate(href('compare', { a: lastYear, b: previousOf })); }, [lastYear, previousOf]);
  return (
    <div className="compare-page">
      <h1>{t('compare_title')}</h1>
      <PickForm a={Number.isInteger(a) ? a : undefined} b={Number.isInteger(b) ? b : undefined} />
      {Number.isInteger(previousOf) && prev.status === 'ok' && !prev.data?.previous && <p role="status">{t('compare_noCross')}</p>}
      {Number.isInteger(previousOf) && prev.status === 'error' && <p role="alert">{prev.error.message}</p>}
      {Number.isInteger(a) && Number.isInteger(b) && <CompareView a={a} b={b} />}
    </div>
  );
}

function PickForm({ a, b }: { a?: number; b?: number }) {
  const t = useT();
  const [va, setA] = useState(a === undefined ? '' : String(a));
  const [vb, setB] = useState(b === undefined ? '' : String(b));
  const submit = (e: FormEvent) => { e.preventDefault(); navigate(href('compare', { a: va.trim(), b: vb.trim() })); };
  return (
    <form className="filters" onSubmit={submit}>
      <label>{t('compare_a')}<input name="a" inputMode="numeric" value={va} onChange={(e) => setA(e.target.value)} required /></label>
      <label>{t('compare_b')}<input name="b" inputMode="numeric" value={vb} onChange={(e) => setB(e.target.value)} required /></label>
      <button type="submit">{t('compare_go')}</button>
    </form>
  );
}

function CompareView({ a, b }: { a: number; b: number }) {
  const state = useAsync(() => load(a, b), [a, b]);
  return <Loaded state={state}>{(d) => <Sides data={d} />}</Loaded>;
}

const show = (v: number | null) => (v === null ? '（空白）' : String(v));

function Sides({ data }: { data: Loaded2 }) {
  const t = useT();
  const [only, setOnly] = useState(true);
  const { cmp } = data;
  const changed = useMemo(() => new Map(cmp.cells.filter((c) => c.status !== 'same').map((c) => [c.path, c])), [cmp]);
  const classOf = (p: string) => (changed.has(p) ? `changed change-${changed.get(p)!.status}` : undefined);
  const side = (d: ReportDetail, label: string) => (
    <div className="compare-side">
      <h2><a href={href('reports', d.id)}>{label} · #{d.id} {d.agency?.name ?? ''} {(d.report as { year?: number }).year ?? ''}</a></h2>
      <ReportDocument report={d.report as unknown as ParsedReport} showSignature={false} tables={{ classOf, stateOf: () => 'fine' }} />
    </div>
  );
  const rows = cmp.cells.filter((c) => !only || c.status !== 'same');
  return (
    <>
      <p role="status">{t('compare_summary', { ...cmp.summary, changed: cmp.summary.changed + cmp.summary.onlyA + cmp.summary.onlyB })}</p>
      {cmp.crossYear ? (
        <section aria-labelledby="cross-title">
          <h2 id="cross-title">{t('detail_crossYear')}</h2>
          <FindingsList findings={cmp.crossYear.findings} />
        </section>
      ) : <p className="muted">{t('compare_noCross')}</p>}
      <div className="compare-sides">
        {side(data.a, 'A')}
        {side(data.b, 'B')}
      </div>
      <details className="changes-list">
        <summary><h2 id="changes-title">{t('compare_changed')}（{changed.size}）</h2></summary>
        <label className="inline"><input type="checkbox" checked={only} onChange={(e) => setOnly(e.target.checked)} /> {t('compare_onlyChanged')}</label>
        <ChangeTable rows={rows} />
      </details>
      <section aria-labelledby="text-title">
        <h2 id="text-title">{t('compare_sections')}</h2>
        {cmp.sections.filter((s) => s.status !== 'same' && s.status !== 'absent').map((s) => (
          <details key={s.key}>
            <summary>{s.heading}（{s.status}）</summary>
            <ul className="text-diff">
              {s.diff.filter((d) => d.op !== 'same').map((d, i) => <li key={i} className={`diff-${d.op}`}>{d.op === 'added' ? '+ ' : '− '}{d.text}</li>)}
            </ul>
          </details>
        ))}
      </section>
    </>
  );
}

function ChangeTable({ rows }: { rows: CellChange[] }) {
  return (
    <div className="table-scroll">
      <table className="list changes">
        <thead><tr><th scope="col">单元格</th><th scope="col">A</th><th scope="col">B</th><th scope="col">Δ</th></tr></thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.path} className={`change-${c.status}`} data-path={c.path}>
              <td>{c.label}</td><td className="num">{show(c.a)}</td><td className="num">{show(c.b)}</td>
              <td className="num">{c.delta === null ? '' : c.delta > 0 ? `+${c.delta}` : c.delta}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
