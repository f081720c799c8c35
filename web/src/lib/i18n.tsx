// Interface words in Chinese (the default) and English. Report content is never translated: it is the report.

import { createContext, useContext, useState, type ReactNode } from 'react';

const zh = {
  appName: '政府信息公开年报核对',
  nav_upload: '上传', nav_reports: '报告列表', nav_compare: '对比', nav_compile: '汇总', nav_dashboard: '仪表盘', nav_author: '填报',
  language: 'English', skip: '跳到正文',
  loading: '正在加载…', error: '出错了', retry: '重试', none: '无', close: '关闭', save: '保存', cancel: '取消',
  // upload
  upload_title: '上传报告', upload_hint: '把文件或文件夹拖到这里（PDF、Word、网页、文本），或', upload_pick: '选择文件', upload_pickDir: '选择文件夹',
  upload_queued: '等待', upload_sending: '上传中', upload_added: '已加入', upload_duplicate: '重复（已有）', upload_failed: '失败',
  upload_summary: '共 {n} 个文件：加入 {added}，重复 {dup}，失败 {failed}', upload_open: '查看',
  // list
  list_title: '报告列表', list_total: '共 {n} 份', agency: '机关', level: '级别', region: '地区', year: '年度', format: '格式',
  errors: '错误', warnings: '警告', status: '状态', all: '全部', hasErrors: '有错误', noErrors: '无错误', search: '机关名称',
  filter: '筛选', prev: '上一页', next: '下一页', page: '第 {p} / {n} 页', sortBy: '排序', empty: '没有符合条件的报告',
  level_province: '省级', level_city: '市级', level_county: '县级', level_township: '乡镇、街道', level_department: '部门',
  // detail
  detail_sections: '六个部分', detail_findings: '发现', detail_source: '出处', detail_history: '版本历史', detail_version: '第 {v} 版',
  detail_current: '最新', detail_original: '原始文件', detail_export: '导出', detail_compareLast: '与上一年度对比',
  detail_crossYear: '跨年度核对', detail_noFindings: '没有发现问题', detail_clickCell: '点击表格中的单元格查看其出处',
  state_fine: '正常', state_error: '不符合规则', state_warning: '有警告', state_blank: '空白', state_undecided: '未能确定',
  legend: '图例', section_absent: '（报告中没有这一部分）', derived: '由勾稽关系推出（原文未印）',
  source_page: '第 {p} 页', source_line: '第 {l} 行', source_raw: '原文', source_none: '这一格没有出处（空白或未找到）',
  source_pdfLoading: '正在绘制 PDF 页面…', source_notFound: '在原文中没有找到这一段',
  correct_title: '更正单元格', correct_value: '新值（空白表示空）', correct_why: '理由', correct_who: '更正人',
  correct_token: '写入口令', correct_submit: '提交更正', correct_done: '已生成第 {v} 版，原值保留在第 {o} 版',
  correct_needWhy: '请写明更正理由', correct_badValue: '请输入数字或留空',
  history_original: '原始解析', history_correction: '更正', history_reparse: '重新解析', history_by: '{who}：{why}',
  history_change: '{path}：{old} → {new}',
  // compare
  compare_title: '对比', compare_a: '报告 A（编号）', compare_b: '报告 B（编号）', compare_go: '对比',
  compare_changed: '变化的单元格', compare_sections: '文字变化', compare_summary: '相同 {same}，变化 {changed}，新填 {filled}，变空 {blanked}',
  compare_onlyChanged: '只看变化', compare_noCross: '两份报告不是同一机关的相邻年度，没有跨年度核对',
  // compile
  compile_title: '汇总', compile_run: '汇总', compile_count: '汇总了 {n} 份报告', compile_missing: '缺报机关', compile_failed: '解析失败',
  compile_problems: '有问题的报告', compile_notes: '说明', compile_download: '下载',
  // dashboard
  dash_title: '仪表盘', dash_perYear: '各年度申请数与办理结果', dash_share: '办理结果构成', dash_appeals: '行政复议与行政诉讼',
  dash_topErrors: '错误最多的机关', dash_missing: '各地区缺报数', dash_noData: '没有数据',
  // author
  author_title: '填报年度报告', author_format: '格式', author_live: '实时核对', author_ok: '没有错误',
  author_export: '导出', author_docx: 'Word (.docx)', author_html: '网页 (HTML)', author_json: '数据 (JSON)',
  author_meta: '基本信息', author_title_field: '标题', author_agency: '机关名称', author_year: '年度', author_date: '落款日期',
  author_sections: '正文', author_tables: '表格', author_reset: '清空',
  author_saved: '已自动保存在本机浏览器',
};

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appName: 'Disclosure report checker',
  nav_upload: 'Upload', nav_reports: 'Reports', nav_compare: 'Compare', nav_compile: 'Compile', nav_dashboard: 'Dashboard', nav_author: 'Write',
  language: '中文', skip: 'Skip to content',
  loading: 'Loading…', error: 'Something went wrong', retry: 'Retry', none: 'None', close: 'Close', save: 'Save', cancel: 'Cancel',
  upload_title: 'Upload reports', upload_hint: 'Drop files or folders here (PDF, Word, HTML, text), or', upload_pick: 'choose files', upload_pickDir: 'choose a folder',
  upload_queued: 'Queued', upload_sending: 'Uploading', upload_added: 'Added', upload_duplicate: 'Duplicate (already stored)', upload_failed: 'Failed',
  upload_summary: '{n} files: {added} added, {dup} duplicates, {failed} failed', upload_open: 'Open',
  list_title: 'Reports', list_total: '{n} reports', agency: 'Agency', level: 'Level', region: 'Region', year: 'Year', format: 'Format',
  errors: 'Errors', warnings: 'Warnings', status: 'Status', all: 'All', hasErrors: 'With errors', noErrors: 'Without errors', search: 'Agency name',
  filter: 'Filter', prev: 'Previous', next: 'Next', page: 'Page {p} of {n}', sortBy: 'Sort', empty: 'No report matches',
  level_province: 'Province', level_city: 'City', level_county: 'County', level_township: 'Township/street', level_department: 'Department',
  detail_sections: 'Six sections', detail_findings: 'Findings', detail_source: 'Source', detail_history: 'Versions', detail_version: 'Version {v}',
  detail_current: 'latest', detail_original: 'Original file', detail_export: 'Export', detail_compareLast: 'Compare with last year',
  detail_crossYear: 'Cross-year checks', detail_noFindings: 'No findings', detail_clickCell: 'Click a table cell to see where it came from',
  state_fine: 'Fine', state_error: 'Breaks a rule', state_warning: 'Warning', state_blank: 'Blank', state_undecided: 'Undecided',
  legend: 'Legend', section_absent: '(the report has no such section)', derived: 'Derived from the table equations (not printed)',
  source_page: 'page {p}', source_line: 'line {l}', source_raw: 'Printed', source_none: 'No source for this cell (blank or not found)',
  source_pdfLoading: 'Drawing the PDF page…', source_notFound: 'The passage was not found in the original',
  correct_title: 'Correct this cell', correct_value: 'New value (empty for blank)', correct_why: 'Reason', correct_who: 'Your name',
  correct_token: 'Write token', correct_submit: 'Submit correction', correct_done: 'Version {v} made; the old value stays in version {o}',
  correct_needWhy: 'Please give a reason', correct_badValue: 'Enter a number or leave it empty',
  history_original: 'Parsed', history_correction: 'Correction', history_reparse: 'Re-parsed', history_by: '{who}: {why}',
  history_change: '{path}: {old} → {new}',
  compare_title: 'Compare', compare_a: 'Report A (id)', compare_b: 'Report B (id)', compare_go: 'Compare',
  compare_changed: 'Changed cells', compare_sections: 'Text changes', compare_summary: '{same} same, {changed} changed, {filled} filled, {blanked} blanked',
  compare_onlyChanged: 'Changes only', compare_noCross: 'Not one agency\'s consecutive years: no cross-year checks',
  compile_title: 'Compile', compile_run: 'Compile', compile_count: '{n} reports compiled', compile_missing: 'Missing agencies', compile_failed: 'Failed files',
  compile_problems: 'Reports with problems', compile_notes: 'Notes', compile_download: 'Download',
  dash_title: 'Dashboard', dash_perYear: 'Applications and outcomes per year', dash_share: 'Share of each outcome', dash_appeals: 'Reconsideration and litigation',
  dash_topErrors: 'Agencies with the most errors', dash_missing: 'Reports missing per region', dash_noData: 'No data',
  author_title: 'Write an annual report', author_format: 'Format', author_live: 'Live checks', author_ok: 'No errors',
  author_export: 'Export', author_docx: 'Word (.docx)', author_html: 'Web page (HTML)', author_json: 'Data (JSON)',
  author_meta: 'About the report', author_title_field: 'Title', author_agency: 'Agency', author_year: 'Year', author_date: 'Date signed',
  author_sections: 'Text', author_tables: 'Tables', author_reset: 'Clear',
  author_saved: 'Saved automatically in this browser',
};

export type Lang = 'zh' | 'en';
const DICTS: Record<Lang, Record<Key, string>> = { zh, en };

export type T = (key: Key, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang): T {
  const d = DICTS[lang];
  return (key, vars) => {
    let s = d[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
    return s;
  };
}

interface I18n { lang: Lang; t: T; setLang(l: Lang): void }
const Ctx = createContext<I18n>({ lang: 'zh', t: translate('zh'), setLang: () => {} });

const stored = (): Lang => {
  try { return localStorage.getItem('xxgk.lang') === 'en' ? 'en' : 'zh'; } catch { return 'zh'; }
};

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? stored());
  const setLang = (l: Lang) => {
    setLangState(l);
    try { localStorage.setItem('xxgk.lang', l); } catch { /* ignore */ }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  };
  return <Ctx.Provider value={{ lang, t: translate(lang), setLang }}>{children}</Ctx.Provider>;
}

export const useI18n = (): I18n => useContext(Ctx);
export const useT = (): T => useContext(Ctx).t;
