// 仪表盘: the selection's figures as charts — applications and outcomes per year, the share of each outcome,
// reconsideration and litigation, the agencies with the most errors, the reports missing per region. Each chart has
// its figures as a table too (for keyboards and screen readers).

import { useMemo } from 'react';
import { api } from '../lib/api.js';
import { useAsync } from '../lib/useAsync.js';
import { chartData, type ChartData } from '../lib/dashboard.js';
import { useT } from '../lib/i18n.js';
import { Loaded } from '../components/Status.js';
import { Chart, type ChartOption } from '../components/Chart.js';
import { SelectionForm, selectionOf } from './Compile.js';

export default function DashboardPage({ query }: { query: URLSearchParams }) {
  const t = useT();
  const sel = selectionOf(query);
  const state = useAsync(async () => chartData(await api.dashboard(sel)), [JSON.stringify(sel)]);
  return (
    <div className="dashboard-page">
      <h1>{t('dash_title')}</h1>
      <SelectionForm initial={sel} page="dashboard" />
      <Loaded state={state}>{(d) => <Charts data={d} />}</Loaded>
    </div>
  );
}

function Charts({ data }: { data: ChartData }) {
  const t = useT();
  const options = useMemo(() => chartOptions(data), [data]);
  const panel = (title: string, option: ChartOption | null, head: string[], rows: Array<Array<string | number>>) => (
    <section className="chart-panel" aria-label={title}>
      <h2>{title}</h2>
      {option ? <Chart option={option} label={title} /> : <p className="muted">{t('dash_noData')}</p>}
      <details><summary>数据</summary><FigureTable head={head} rows={rows} /></details>
    </section>
  );
  const missingTitle = `${t('dash_missing')}${data.missing.year ? `（${data.missing.year}）` : ''}`;
  return (
    <div className="charts">
      {panel(t('dash_perYear'), options.perYear, ['年度', '新收申请', ...data.outcomes.map((o) => o.label)],
        data.years.map((y, i) => [y, data.applications[i]!, ...data.outcomes.map((o) => o.perYear[i]!)]))}
      {panel(t('dash_share'), options.share, ['结果', '件数', '占比'], data.outcomes.map((o) => [o.label, o.count, `${(o.share * 100).toFixed(1)}%`]))}
      {panel(t('dash_appeals'), options.appeals, ['年度', '行政复议', '行政诉讼'], data.years.map((y, i) => [y, data.reconsideration[i]!, data.litigation[i]!]))}
      {panel(t('dash_topErrors'), options.topErrors, ['机关', '错误', '报告数'], data.topErrors.map((e) => [e.agency, e.errors, e.reports]))}
      {panel(missingTitle, options.missing, ['地区', '缺报', '应报'], data.missing.regions.map((m) => [m.region, m.missing, m.expected]))}
    </div>
  );
}

function FigureTable({ head, rows }: { head: string[]; rows: Array<Array<string | number>> }) {
  return (
    <div className="table-scroll">
      <table className="list">
        <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j} className={typeof c === 'number' ? 'num' : undefined}>{c}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

const grid = { left: 16, right: 16, top: 40, bottom: 24, containLabel: true };

function chartOptions(d: ChartData): Record<'perYear' | 'share' | 'appeals' | 'topErrors' | 'missing', ChartOption | null> {
  const hasYears = d.years.length > 0;
  return {
    perYear: hasYears ? {
      tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 }, grid,
      xAxis: { type: 'category', data: d.years }, yAxis: { type: 'value' },
      series: [
        ...d.outcomes.map((o) => ({ type: 'bar' as const, stack: 'outcomes', name: o.label, data: o.perYear })),
        { type: 'line' as const, name: '新收申请', data: d.applications },
      ],
    } : null,
    share: d.outcomes.some((o) => o.count > 0) ? {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' }, legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '62%'], data: d.outcomes.map((o) => ({ name: o.label, value: o.count })) }],
    } : null,
    appeals: hasYears ? {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid,
      xAxis: { type: 'category', data: d.years }, yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: '行政复议', data: d.reconsideration },
        { type: 'bar', name: '行政诉讼', data: d.litigation },
      ],
    } : null,
    topErrors: d.topErrors.length ? {
      tooltip: { trigger: 'axis' }, grid,
      xAxis: { type: 'value' }, yAxis: { type: 'category', inverse: true, data: d.topErrors.map((e) => e.agency), axisLabel: { width: 130, overflow: 'truncate' } },
      series: [{ type: 'bar', name: '错误', data: d.topErrors.map((e) => e.errors) }],
    } : null,
    missing: d.missing.regions.length ? {
      tooltip: { trigger: 'axis' }, grid,
      xAxis: { type: 'category', data: d.missing.regions.map((m) => m.region), axisLabel: { rotate: 30 } }, yAxis: { type: 'value' },
      series: [{ type: 'bar', name: '缺报', data: d.missing.regions.map((m) => m.missing) }],
    } : null,
  };
}
