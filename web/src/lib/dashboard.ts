// The dashboard's figures (GET /api/dashboard, the contract's Dashboard) shaped for the charts.

import type { Dashboard } from './api.js';

export interface ChartData {
  years: string[];
  applications: number[];
  /** outcome key → label, and per year the count of each */
  outcomes: Array<{ key: string; label: string; count: number; share: number; perYear: number[] }>;
  reconsideration: number[];
  litigation: number[];
  topErrors: Array<{ agency: string; errors: number; reports: number }>;
  missing: { year: number | null; regions: Array<{ region: string; missing: number; expected: number }> };
}

export function chartData(d: Dashboard): ChartData {
  const years = d.byYear.filter((y) => y.year !== null);
  return {
    years: years.map((y) => String(y.year)),
    applications: years.map((y) => y.newReceived),
    outcomes: d.outcomes.map((o) => ({ ...o, perYear: years.map((y) => y.outcomes[o.key] ?? 0) })),
    reconsideration: years.map((y) => y.reconsideration),
    litigation: years.map((y) => y.litigation),
    topErrors: d.topErrors.map((e) => ({ agency: e.agency, errors: e.errors, reports: e.reports })),
    missing: { year: d.missing.year, regions: d.missing.regions.map((r) => ({ region: r.region || '（未知）', missing: r.missing, expected: r.expected })) },
  };
}
