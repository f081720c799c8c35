// A report as printed: the title, the six sections in order, each with its text and the tables it holds
// (reportOutline of src/render: the same outline the Word and HTML writers print).

import { useMemo } from 'react';
import { reportOutline } from '../lib/core.js';
import type { ReportData } from '../lib/core.js';
import { OfficialTable, type OfficialTableProps } from './OfficialTable.js';
import { useT } from '../lib/i18n.js';
import { reflow } from '../lib/reflow.js';

export type TableOptions = Omit<OfficialTableProps, 'table' | 'format'>;

export function ReportDocument({ report, tables, showSignature = true }: { report: ReportData; tables: TableOptions; showSignature?: boolean }) {
  const t = useT();
  const outline = useMemo(() => reportOutline(report), [report]);
  return (
    <article className="report-document">
      <h2 className="doc-title">{outline.title}</h2>
      {outline.sections.map((s) => {
        const present = report.sections[s.key] !== null || s.tables.length > 0;
        const printed = report.sections[s.key]?.heading;
        return (
          <section key={s.key} className="doc-section" aria-labelledby={`sec-${s.key}`} data-section={s.key}>
            <h3 id={`sec-${s.key}`}>{s.heading}</h3>
            {printed && printed.replace(/\s/g, '') !== s.heading && <p className="printed-heading muted">{printed}</p>}
            {report.sections[s.key] === null && <p className="muted">{t('section_absent')}</p>}
            {reflow(s.paragraphs).map((p, j) => <p key={j} className="para">{p}</p>)}
            {present && s.tables.map((tb) => <OfficialTable key={tb.table} table={tb} format={report.format} {...tables} />)}
          </section>
        );
      })}
      {showSignature && outline.signature.length > 0 && (
        <div className="signature">{outline.signature.map((l, i) => <p key={i}>{l}</p>)}</div>
      )}
    </article>
  );
}
