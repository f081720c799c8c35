// 填报: write a report in the official layout of the chosen format. Every keystroke runs the same rules as
// `xxgk check` (src/check, in the browser) and the findings appear before anything is saved; export to .docx and
// HTML through the server's writers, or the data as JSON.

import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { check, officialTables, SECTIONS, FORMAT_IDS, getFormat } from '../lib/core.js';
import type { Finding, FormatId, SectionKey } from '../lib/core.js';
import { cellStates } from '../lib/cells.js';
import {
  cellText, changeFormat, invalidCells, loadDraft, newDraft, saveDraft, setMeta, setSectionText, typeCell, type Draft,
} from '../lib/draft.js';
import { api, saveBlob } from '../lib/api.js';
import { useT } from '../lib/i18n.js';
import { OfficialTable } from '../components/OfficialTable.js';
import { FindingsList } from '../components/FindingsList.js';

/** The live findings: the rules over the draft, and one for each cell whose text is not a number. */
export function liveFindings(d: Draft): Finding[] {
  const invalid = invalidCells(d).map((path): Finding => ({
    rule: 'INVALID-NUMBER', severity: 'error', paths: [path], message: `「${d.typed[path]}」不是数字`,
  }));
  return [...invalid, ...check(d.report)];
}

export function AuthorPage() {
  const t = useT();
  const [draft, setDraft] = useState<Draft>(() => loadDraft() ?? newDraft('2021'));
  useEffect(() => { const h = setTimeout(() => saveDraft(draft), 300); return () => clearTimeout(h); }, [draft]);
  const checked = useDeferredValue(draft);
  const findings = useMemo(() => liveFindings(checked), [checked]);
  const states = useMemo(() => cellStates(checked.report, findings), [checked, findings]);
  const tables = useMemo(() => officialTables(draft.report), [draft.report.format]); // eslint-disable-line react-hooks/exhaustive-deps
  const errors = findings.filter((f) => f.severity === 'error').length;
  const { report } = draft;

  const exportAs = async (to: 'docx' | 'html') => {
    const blob = await api.render(report, to);
    saveBlob(blob, `${report.agency ?? '报告'}${report.year ?? ''}.${to}`);
  };
  const exportJson = () => saveBlob(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }), `${report.agency ?? '报告'}${report.year ?? ''}.json`);

  return (
    <div className="author-page">
      <h1>{t('author_title')}</h1>
      <div className="author-layout">
        <form className="author-form" onSubmit={(e) => e.preventDefault()} aria-label={t('author_title')}>
          <p className={`live-bar ${errors ? 'sev-error' : 'ok-note'}`}>
            <a href="#live-title" onClick={(e) => { e.preventDefault(); document.getElementById('live-title')?.scrollIntoView(); }}>
              {errors ? `${t('errors')} ${errors}：${findings.find((f) => f.severity === 'error')!.message}` : t('author_ok')}
            </a>
          </p>
          <fieldset className="meta">
            <legend>{t('author_meta')}</legend>
            <label>{t('author_format')}
              <select name="format" value={report.format} onChange={(e) => setDraft((d) => changeFormat(d, e.target.value as FormatId))}>
                {FORMAT_IDS.map((f) => <option key={f} value={f}>{getFormat(f).name}</option>)}
              </select>
            </label>
            <label>{t('author_agency')}<input name="agency" value={report.agency ?? ''} onChange={(e) => setDraft((d) => setMeta(d, { agency: e.target.value || null }))} /></label>
            <label>{t('author_year')}<input name="year" inputMode="numeric" value={report.year ?? ''}
              onChange={(e) => { const y = Number.parseInt(e.target.value, 10); setDraft((d) => setMeta(d, { year: Number.isFinite(y) ? y : null })); }} /></label>
            <label>{t('author_date')}<input name="publishedOn" type="date" value={report.publishedOn ?? ''} onChange={(e) => setDraft((d) => setMeta(d, { publishedOn: e.target.value || null }))} /></label>
            <label className="wide">{t('author_title_field')}<input name="title" value={report.title ?? ''} placeholder={`${report.agency ?? ''}${report.year ?? ''}年政府信息公开工作年度报告`}
              onChange={(e) => setDraft((d) => setMeta(d, { title: e.target.value || null }))} /></label>
          </fieldset>
          {SECTIONS.map((s) => (
            <fieldset key={s.key} className="author-section" data-section={s.key}>
              <legend>{s.heading}</legend>
              <SectionText sectionKey={s.key} value={report.sections[s.key]?.text ?? ''} onChange={(text) => setDraft((d) => setSectionText(d, s.key, text))} />
              {tables.filter((tb) => tb.section === s.key).map((tb) => (
                <OfficialTable key={tb.table} table={tb} format={report.format} stateOf={(p) => states.get(p) ?? 'fine'}
                  input={{ value: (p) => cellText(draft, p), onChange: (p, text) => setDraft((d) => typeCell(d, p, text)) }} />
              ))}
            </fieldset>
          ))}
        </form>
        <aside className="author-side">
          <section aria-labelledby="live-title" className="live">
            <h2 id="live-title">{t('author_live')}</h2>
            <p className={errors ? 'sev-error' : 'ok-note'} role="status" aria-live="polite">
              {errors ? `${t('errors')} ${errors}` : t('author_ok')} · {t('warnings')} {findings.filter((f) => f.severity === 'warning').length}
            </p>
            <div className="live-findings" aria-live="polite">
              <FindingsList findings={findings.filter((f) => f.severity !== 'info')} onPick={(f) => focusCell(f.paths)} />
            </div>
          </section>
          <section aria-labelledby="export-title">
            <h2 id="export-title">{t('author_export')}</h2>
            <p className="buttons">
              <button type="button" onClick={() => void exportAs('docx')}>{t('author_docx')}</button>
              <button type="button" onClick={() => void exportAs('html')}>{t('author_html')}</button>
              <button type="button" onClick={exportJson}>{t('author_json')}</button>
            </p>
            <p className="muted">{t('author_saved')}</p>
            <button type="button" className="link" onClick={() => { if (confirm(t('author_reset') + '？')) setDraft(newDraft(report.format)); }}>{t('author_reset')}</button>
          </section>
        </aside>
      </div>
    </div>
  );
}

function focusCell(paths: string[]) {
  for (const p of paths) {
    const el = document.querySelector<HTMLInputElement>(`td[data-path="${CSS.escape(p)}"] input`);
    if (el) { el.focus(); return; }
  }
}

function SectionText({ sectionKey, value, onChange }: { sectionKey: SectionKey; value: string; onChange(text: string): void }) {
  const heading = SECTIONS.find((s) => s.key === sectionKey)!.heading;
  return <textarea name={`section-${sectionKey}`} aria-label={heading} value={value} rows={sectionKey === 'overview' ? 6 : 3} onChange={(e) => onChange(e.target.value)} />;
}
