// What is stored as a report. A file whose tables hold no number at all (a blank template: X-NO-DATA) is recorded
// as a failure with code NO_DATA instead, so that report counts, compile and the list of missing agencies are not
// skewed by empty forms. Its original is kept: a later parser may find data in it (reparse).

import { XxgkError } from '../errors.js';
import type { ParsedReport } from '../template/index.js';

export function noDataReason(parsed: ParsedReport): XxgkError | null {
  if (!parsed.findings.some((f) => f.rule === 'X-NO-DATA')) return null;
  return new XxgkError('NO_DATA', '报告的表格中没有任何数字（可能是空白模板），未作为报告保存',
    'the tables hold no number (a blank template?); not stored as a report');
}
