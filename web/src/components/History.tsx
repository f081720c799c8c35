import type { VersionInfo } from '../lib/api.js';
import { href } from '../lib/router.js';
import { useT } from '../lib/i18n.js';

const show = (v: number | string | null) => (v === null || v === undefined ? '（空白）' : String(v));

/** Every version of a report: how it came to be (parse, correction, reparse), who, why, and the cell it changed. */
export function History({ reportId, versions, shown }: { reportId: number; versions: VersionInfo[]; shown: number }) {
  const t = useT();
  return (
    <ol className="history">
      {versions.map((v) => (
        <li key={v.version} className={v.version === shown ? 'shown' : undefined} data-version={v.version}>
          <a href={href('reports', reportId, { version: v.version })} aria-current={v.version === shown ? 'page' : undefined}>
            {t('detail_version', { v: v.version })}{v.current ? `（${t('detail_current')}）` : ''}
          </a>
          {' · '}{v.kind === 'correction' ? t('history_correction') : v.kind === 'reparse' ? t('history_reparse') : t('history_original')}
          {v.path && <div className="change">{t('history_change', { path: v.path, old: show(v.oldValue), new: show(v.newValue) })}</div>}
          {v.why ? <div className="why">{t('history_by', { who: v.who ?? '', why: v.why })}</div> : v.who ? <div className="why muted">{v.who}</div> : null}
          <div className="when muted">{new Date(v.createdAt).toLocaleString()}</div>
        </li>
      ))}
    </ol>
  );
}
