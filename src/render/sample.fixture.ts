// The sample report of the writers' tests: some values, some blanks, a signed value, money with decimals and a
// `<script>` in the text. Each test states what it varies.
import { emptyReport, setCell } from '../template/index.js';
import type { FormatId, ReportData, Section } from '../template/index.js';

export interface SampleOptions {
  overview?: Section;
  problems?: Section;
  newReceivedTotal?: number;
  litigationDirectTotal?: number;
  /** the 2021 fees unit; left blank when not given */
  feesUnit?: string;
  deniedSubtotal?: boolean;
}

export function sampleReport(format: FormatId, opts: SampleOptions = {}): ReportData {
  const report = emptyReport(format);
  Object.assign(report, { title: '某某局2023年政府信息公开工作年度报告', agency: '某某局', year: 2023, publishedOn: '2024-01-17' });
  report.sections.overview = opts.overview ?? { heading: '一、总体情况', text: '第一段。\n第二段<script>alert(1)</script>' };
  if (opts.problems) report.sections.problems = opts.problems;
  setCell(report, 'requests.newReceived.naturalPerson', 12);
  setCell(report, 'requests.newReceived.total', opts.newReceivedTotal ?? 15);
  setCell(report, 'appeals.litigationDirect.total', opts.litigationDirectTotal ?? 0);
  if (format === '2019') {
    setCell(report, 'active.licensing.change', -8);
    setCell(report, 'active.procurement.amount', 251000.75);
    setCell(report, 'active.procurement.amountUnit', '元');
  } else {
    setCell(report, 'active.fees.amount', 96171.6);
    if (opts.feesUnit) setCell(report, 'active.fees.amountUnit', opts.feesUnit);
  }
  if (opts.deniedSubtotal) setCell(report, 'requests.deniedSubtotal.total', 3);
  return report;
}
