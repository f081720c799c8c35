// The findings of a report, most severe first; each links to its cells (a click rings them and shows the first).

import type { Finding } from '../lib/core.js';
import { useT } from '../lib/i18n.js';

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function FindingsList({ findings, onPick, active }: {
  findings: Finding[];
  onPick?: (f: Finding, index: number) => void;
  active?: number | null;
}) {
  const t = useT();
  if (findings.length === 0) return <p className="ok-note" role="status">{t('detail_noFindings')}</p>;
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i);
  return (
    <ol className="findings">
      {order.map(({ f, i }) => (
        <li key={i} className={`finding sev-${f.severity}${active === i ? ' active' : ''}`} data-rule={f.rule}>
          <button type="button" onClick={() => onPick?.(f, i)} disabled={!onPick} aria-pressed={active === i}>
            <span className="sev">{f.severity === 'error' ? t('errors') : f.severity === 'warning' ? t('warnings') : 'info'}</span>
            <code className="rule">{f.rule}</code>
            <span className="msg">{f.message}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
