// 报告详情: the six sections and the tables in the official layout of the report's format, every cell marked by
// its state; a click on a cell shows its source in the original; the findings link to their cells; a cell can be
// corrected (a new version, the old one kept); the versions listed.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type ReportDetail, type VersionInfo } from '../lib/api.js';
import { useAsync } from '../lib/useAsync.js';
import { cellStates, cellsOfFinding, type CellState } from '../lib/cells.js';
import { formatValue, getCell } from '../lib/core.js';
import type { Finding, ParsedReport } from '../lib/core.js';
import { href, navigate } from '../lib/router.js';
import { useT } from '../lib/i18n.js';
import { Loaded } from '../components/Status.js';
import { ReportDocument } from '../components/ReportDocument.js';
import { FindingsList } from '../components/FindingsList.js';
import { Legend } from '../components/Legend.js';
import { SourcePanel } from '../components/source/SourcePanel.js';
import { CorrectionForm } from '../components/CorrectionForm.js';
import { History } from '../components/History.js';

export function ReportPage({ id, version }: { id: number; version?: number }) {
  const detail = useAsync(() => api.report(id, version), [id, version]);
  const history = useAsync(() => api.history(id), [id, detail.data?.currentVersion]);
  return (
    <Loaded state={detail}>
      {(d) => <ReportView detail={d} versions={history.data ?? []} onCorrected={(v) => {
        if (version === undefined) { detail.reload(); history.reload(); } else navigate(href('reports', id, { version: v }));
      }} />}
    </Loaded>
  );
}

export type StoredParsed = ParsedReport & { file?: string };

export function ReportView({ detail, versions, onCorrected }: { detail: ReportDetail; versions: VersionInfo[]; onCorrected(v: number): void }) {
  const t = useT();
  const report = detail.report as unknown as StoredParsed;
  const findings = report.findings ?? [];
  const states = useMemo(() => cellStates(report, findings), [report, findings]);
  const [selected, setSelected] = useState<string | null>(null);
  const [activeFinding, setActiveFinding] = useState<number | null>(null);
  const highlighted = useMemo(
    () => new Set(activeFinding === null || !findings[activeFinding] ? [] : cellsOfFinding(findings[activeFinding]!, report)),
    [activeFinding, findings, report],
  );
  const side = useRef<HTMLDivElement>(null);
  const counts = useMemo(() => {
    const c: Record<CellState, number> = { fine: 0, error: 0, warning: 0, blank: 0, undecided: 0 };
    for (const s of states.values()) c[s]++;
    return c;
  }, [states]);

  // for the benchmark (bench/web.mjs): the report's page is on screen
  useEffect(() => {
    performance.mark('xxgk:report-rendered');
    requestAnimationFrame(() => setTimeout(() => performance.mark('xxgk:report-painted'), 0));
  }, [detail]);

  const select = useCallback((path: string) => {
    setSelected(path);
    // on a narrow screen the panel is below the tables: bring it into view
    if (window.matchMedia('(max-width: 1099px)').matches) requestAnimationFrame(() => side.current?.scrollIntoView({ block: 'start' }));
  }, []);

  const pick = (f: Finding, i: number) => {
    setActiveFinding(i === activeFinding ? null : i);
    const first = cellsOfFinding(f, report)[0];
    if (first) {
      setSelected(first);
      document.querySelector<HTMLElement>(`td[data-path="${CSS.escape(first)}"] button`)?.focus({ preventScroll: false });
    }
  };

  const old = detail.version !== detail.currentVersion;
  const agency = detail.agency?.name ?? report.agency ?? '—';
  return (
    <div className="report-page" data-report={detail.id} data-version={detail.version}>
      <header className="page-head">
        <h1>{agency}{report.year ? ` · ${report.year}年度` : ''}</h1>
        <p className="meta">
          <span>{report.format} 版格式</span>
          <span>{detail.original.name}（{detail.original.kind}）</span>
          <span>{t('detail_version', { v: detail.version })}{old ? '' : `（${t('detail_current')}）`}</span>
          <span className="sev-error">{t('errors')} {findings.filter((f) => f.severity === 'error').length}</span>
          <span className="sev-warning">{t('warnings')} {findings.filter((f) => f.severity === 'warning').length}</span>
        </p>
        <nav className="actions" aria-label={t('detail_export')}>
          <a href={api.originalUrl(detail.id)} download={detail.original.name}>{t('detail_original')}</a>
          {(['docx', 'html', 'xlsx', 'csv', 'json'] as const).map((f) => (
            <a key={f} href={api.exportUrl(detail.id, f)} download>{t('detail_export')} {f.toUpperCase()}</a>
          ))}
          <a href={href('compare', { previousOf: detail.id })}>{t('detail_compareLast')}</a>
        </nav>
        {old && (
          <p className="banner" role="note">
            {t('detail_version', { v: detail.version })} · <a href={href('reports', detail.id)}>{t('detail_version', { v: detail.currentVersion })}（{t('detail_current')}）</a>
          </p>
        )}
      </header>
      <div className="report-layout">
        <div className="report-main">
          <Legend counts={counts} />
          <p className="muted hint">{t('detail_clickCell')}</p>
          <ReportDocument report={report} tables={{
            stateOf: (p) => states.get(p) ?? 'fine', selected, onSelect: select, highlighted,
            derivedOf: (p) => Boolean(report.sources?.[p]?.derived),
          }} />
        </div>
        <aside className="report-side" ref={side} aria-label={t('detail_source')}>
          {selected ? (
            <>
              <SourcePanel reportId={detail.id} report={report} kind={detail.original.kind} path={selected}
                source={report.sources?.[selected]} findings={findings} />
              {!old && (
                <CorrectionForm key={`${selected}:${detail.version}`} reportId={detail.id} path={selected}
                  current={formatValue(getCell(report, selected))} onDone={onCorrected} />
              )}
              <CellHistory path={selected} versions={versions} />
            </>
          ) : <p className="muted">{t('detail_clickCell')}</p>}
          <section aria-labelledby="findings-title">
            <h3 id="findings-title">{t('detail_findings')}（{findings.length}）</h3>
            <FindingsList findings={findings} onPick={pick} active={activeFinding} />
          </section>
          <CrossYear id={detail.id} />
          <section aria-labelledby="history-title">
            <h3 id="history-title">{t('detail_history')}</h3>
            <History reportId={detail.id} versions={versions} shown={detail.version} />
          </section>
        </aside>
      </div>
    </div>
  );
}

/** Corrections of one cell, with the value each replaced (the original is never lost). */
function CellHistory({ path, versions }: { path: string; versions: VersionInfo[] }) {
  const t = useT();
  const mine = versions.filter((v) => v.path === path);
  if (!mine.length) return null;
  return (
    <ul className="cell-history" aria-label={t('detail_history')}>
      {mine.map((v) => (
        <li key={v.version}>
          {t('detail_version', { v: v.version })}：<del>{v.oldValue ?? '（空白）'}</del> → <ins>{v.newValue ?? '（空白）'}</ins>
          {v.why ? `（${v.why}）` : ''}
        </li>
      ))}
    </ul>
  );
}

/**
 * The agency's previous year, when it is stored: the report the cross-year findings were made from (they are in the
 * report's findings, listed above), to compare with.
 */
function CrossYear({ id }: { id: number }) {
  const t = useT();
  const prev = useAsync(() => api.previous(id), [id]);
  const p = prev.data;
  if (!p?.previous) return null;
  return (
    <section aria-labelledby="cross-title">
      <h3 id="cross-title">{t('detail_crossYear')}</h3>
      <p><a href={href('compare', { a: p.previous.id, b: id })}>{t('detail_compareLast')}（{p.previous.year}，#{p.previous.id}）</a></p>
    </section>
  );
}
