// Where a cell came from: its printed text, and the original drawn around it — the PDF page with the cell's box,
// or the text line / HTML or Word element highlighted. Also the findings that name the cell.

import { lazy, Suspense } from 'react';
import type { Finding, Source } from '../../lib/core.js';
import { cellDef, formatValue, getCell } from '../../lib/core.js';
import type { ReportData } from '../../lib/core.js';
import { findingsOfCell } from '../../lib/cells.js';
import { useT } from '../../lib/i18n.js';
import { TextPassage } from './TextPassage.js';
import { ElementPassage } from './ElementPassage.js';

const PdfPage = lazy(() => import('./PdfPage.js'));

export interface SourcePanelProps {
  reportId: number;
  report: ReportData;
  /** sniffed kind of the original: pdf, docx, html, text, markdown, ole, … */
  kind: string;
  path: string;
  source: Source | undefined;
  findings: Finding[];
}

export function SourcePanel({ reportId, report, kind, path, source, findings }: SourcePanelProps) {
  const t = useT();
  const def = cellDef(report.format, path);
  const value = formatValue(getCell(report, path));
  const mine = findingsOfCell(path, findings);
  return (
    <section className="source-panel" aria-labelledby="source-title" data-path={path}>
      <h3 id="source-title">{t('detail_source')}：{def?.label ?? path}</h3>
      <dl className="facts">
        <dt>值</dt><dd className="cell-value">{value === '' ? '（空白）' : value}</dd>
        {source?.raw != null && <><dt>{t('source_raw')}</dt><dd><code>{source.raw}</code></dd></>}
        {source?.page != null && <><dt>PDF</dt><dd>{t('source_page', { p: source.page })}</dd></>}
        {source?.line != null && <><dt>{t('source_line', { l: '' }).trim()}</dt><dd>{source.line}</dd></>}
      </dl>
      {source?.derived && <p className="derived-note">{t('derived')}：{source.derived}</p>}
      {mine.length > 0 && (
        <ul className="cell-findings">
          {mine.map((f, i) => <li key={i} className={`sev-${f.severity}`}><code>{f.rule}</code> {f.message}</li>)}
        </ul>
      )}
      <Original reportId={reportId} kind={kind} source={source} />
    </section>
  );
}

function Original({ reportId, kind, source }: { reportId: number; kind: string; source: Source | undefined }) {
  const t = useT();
  if (!source || (source.page == null && source.line == null && !source.path)) return <p className="muted">{t('source_none')}</p>;
  if (kind === 'pdf' && source.page != null) {
    return (
      <Suspense fallback={<p className="loading" role="status">{t('source_pdfLoading')}</p>}>
        <PdfPage id={reportId} page={source.page} box={source.box} />
      </Suspense>
    );
  }
  if ((kind === 'html' || kind === 'docx') && source.path) return <ElementPassage id={reportId} kind={kind} path={source.path} />;
  if (source.line != null && (kind === 'text' || kind === 'markdown')) {
    return <TextPassage id={reportId} line={source.line} raw={source.raw} column={source.column} />;
  }
  return <p className="muted">{source.raw ?? t('source_none')}</p>;
}
