// What the extractor itself reports: the places where the text could not decide a cell, or where a part of the
// report is missing. Listed here with their documentation, like the rules of the checker.

import type { Severity } from '../template/index.js';

export interface ExtractionNotice { id: string; severity: Severity; description: string }

export const EXTRACTION_NOTICES = {
  decided: { id: 'X-ROW-DECIDED', severity: 'info', description: '一行印出的数字个数与单元格数不同，但表内勾稽关系只允许一种读法，已按该读法填入（派生的数值在 sources 中标明 derived）。' },
  totalOnly: { id: 'X-ROW-TOTAL-ONLY', severity: 'warning', description: '一行在七列中只印出一个数字，按惯例读作「总计」，其余单元格视为空白。' },
  undecided: { id: 'X-ROW-UNDECIDED', severity: 'warning', description: '一行的数字个数与单元格数不符，勾稽关系不能唯一确定各数字所在的单元格；只保留确定的单元格，未能确定的单元格留空并在 paths 中列出。' },
  duplicate: { id: 'X-ROW-DUPLICATE', severity: 'warning', description: '同一表格行被印出两次，只采用第一次。' },
  unmatched: { id: 'X-ROW-UNMATCHED', severity: 'warning', description: '表三中有一串数字找不到所属的行（标签无法辨认）；模板中没有取到数字的行都列在 paths 中，它们可能就是这些数字所在的行。' },
  rowMissing: { id: 'X-ROW-MISSING', severity: 'warning', description: '模板中的表格行在报告中找不到。' },
  tableMissing: { id: 'X-TABLE-MISSING', severity: 'warning', description: '报告中找不到表二、表三或表四。' },
  formatGuessed: { id: 'X-FORMAT-GUESSED', severity: 'warning', description: '表头中没有能区分 2019 版与 2021 版格式的文字，格式按报告年度推定。' },
  otherHandlingSingle: { id: 'X-OTHER-HANDLING-SINGLE', severity: 'warning', description: '2021 版格式的报告把（六）其他处理印成一行（2019 版样式）；数值为 0 时三个子项均为 0，否则子项无法确定。' },
  noData: { id: 'X-NO-DATA', severity: 'error', description: '报告的表格中没有任何数字（例如空白模板）。' },
} as const satisfies Record<string, ExtractionNotice>;
