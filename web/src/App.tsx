// The shell: a header with the pages and the language switch, a skip link, and the page of the current address.

import { lazy, Suspense, useEffect } from 'react';
import { useRoute, href, type Route } from './lib/router.js';
import { useI18n, useT, type Key } from './lib/i18n.js';
import { ReportsPage } from './pages/Reports.js';

// The list is the first page; every other page (with the template, the rules and the layout they use, the PDF
// viewer, ECharts) is its own chunk, loaded when first shown.
const UploadPage = lazy(() => import('./pages/Upload.js').then((m) => ({ default: m.UploadPage })));
const ReportPage = lazy(() => import('./pages/Report.js').then((m) => ({ default: m.ReportPage })));
const ComparePage = lazy(() => import('./pages/Compare.js').then((m) => ({ default: m.ComparePage })));
const CompilePage = lazy(() => import('./pages/Compile.js').then((m) => ({ default: m.CompilePage })));
const AuthorPage = lazy(() => import('./pages/Author.js').then((m) => ({ default: m.AuthorPage })));
const DashboardPage = lazy(() => import('./pages/Dashboard.js'));

const NAV: Array<{ page: string; label: Key }> = [
  { page: 'reports', label: 'nav_reports' }, { page: 'upload', label: 'nav_upload' }, { page: 'compare', label: 'nav_compare' },
  { page: 'compile', label: 'nav_compile' }, { page: 'dashboard', label: 'nav_dashboard' }, { page: 'author', label: 'nav_author' },
];

function Page({ route }: { route: Route }) {
  const [page = 'reports', id] = route.parts;
  switch (page) {
    case 'upload': return <UploadPage />;
    case 'reports': {
      if (id === undefined) return <ReportsPage query={route.query} />;
      const v = route.query.get('version');
      return <ReportPage id={Number(id)} version={v ? Number(v) : undefined} />;
    }
    case 'compare': return <ComparePage query={route.query} />;
    case 'compile': return <CompilePage query={route.query} />;
    case 'dashboard': return <DashboardPage query={route.query} />;
    case 'author': return <AuthorPage />;
    default: return <ReportsPage query={route.query} />;
  }
}

export function App() {
  const route = useRoute();
  const { lang, setLang } = useI18n();
  const t = useT();
  const current = route.parts[0] ?? 'reports';
  useEffect(() => { document.title = `${t(NAV.find((n) => n.page === current)?.label ?? 'nav_reports')} · xxgk`; }, [current, t]);
  useEffect(() => { window.scrollTo(0, 0); document.getElementById('main')?.focus({ preventScroll: true }); }, [route.parts.join('/')]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{t('skip')}</a>
      <header className="app-header">
        <a className="brand" href={href('reports')}>xxgk <span>{t('appName')}</span></a>
        <nav aria-label="main">
          <ul>
            {NAV.map((n) => (
              <li key={n.page}><a href={href(n.page)} aria-current={current === n.page ? 'page' : undefined}>{t(n.label)}</a></li>
            ))}
          </ul>
        </nav>
        <button type="button" className="lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh'}>{t('language')}</button>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading" role="status">{t('loading')}</p>}>
          <Page route={route} />
        </Suspense>
      </main>
    </>
  );
}
