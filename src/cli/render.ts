// `xxgk render DATA.json --to docx|html|md|txt`: a report of the data contract written in the official layout.

import { readFile, writeFile } from 'node:fs/promises';
import { XxgkError } from '../errors.js';
import { parseReportData } from '../template/schema.js';
import type { TextLayout } from '../render/text.js';

export const RENDER_TARGETS = ['docx', 'html', 'md', 'txt'] as const;
export type RenderTarget = (typeof RENDER_TARGETS)[number];

export async function renderFile(input: string, to: RenderTarget, layout: TextLayout, readStdin: () => Promise<Uint8Array>): Promise<Uint8Array> {
  let raw: string;
  try {
    raw = input === '-' ? Buffer.from(await readStdin()).toString('utf8') : await readFile(input, 'utf8');
  } catch {
    throw new XxgkError('NOT_FOUND', `找不到文件：${input}`, `file not found: ${input}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.trim().split('\n')[0] ?? '');
  } catch {
    throw new XxgkError('UNREADABLE', `${input} 不是 JSON`, `${input} is not JSON`);
  }
  const parsed = parseReportData(json);
  if (!parsed.ok) throw new XxgkError('UNREADABLE', `数据不符合报告的数据契约：${parsed.problems.join('；')}`, `the data does not fit the report contract: ${parsed.problems.join('; ')}`);
  const report = parsed.report;
  switch (to) {
    case 'docx': return (await import('../render/docx.js')).renderDocx(report);
    case 'html': return new TextEncoder().encode((await import('../render/html.js')).renderHtml(report));
    case 'md': return new TextEncoder().encode((await import('../render/markdown.js')).renderMarkdown(report));
    case 'txt': {
      const { renderText } = await import('../render/text.js');
      // The plain form: official labels, ASCII digits, blanks as "/", no noise; the layout is the caller's choice.
      const text = renderText(report, { layout, seed: 0, variants: PLAIN });
      return new TextEncoder().encode(text);
    }
  }
}

const PLAIN = {
  normativeLabel: '行政规范性文件', totalLabel: '总计', otherOrgLabel: '其他', brackets: 'full', fullWidthDigits: 0,
  nullMark: '/', unitPlacement: 'header', plusSign: 0, headingNumerals: 'chinese', titlePlacement: 'top',
  titleSpaces: false, datePadding: false, blankLines: false, tabPrefix: false, wrappedValues: 'first', mergedAlign: 'top',
  tabsHeadingMarks: false, splitOrdinals: false, inlineGroups: false,
} as const;

export async function writeOut(bytes: Uint8Array, out: string | undefined): Promise<void> {
  if (out) await writeFile(out, bytes);
  else await new Promise<void>((resolve) => process.stdout.write(bytes, () => resolve()));
}
