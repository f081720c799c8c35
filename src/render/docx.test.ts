import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import JSZip from 'jszip'; // docx's own dependency
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import type { FormatId, ReportData } from '../template/index.js';
import { renderDocx } from './docx.js';
import { sampleReport as sample } from './sample.fixture.js';

const sampleReport = (format: FormatId): ReportData => sample(format, { newReceivedTotal: 4711 });

const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const hasSoffice = onPath('soffice');
const hasPdftotext = onPath('pdftotext');

async function documentXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

describe.each(['2019', '2021'] as const)('renderDocx, format %s', (format) => {
  it('is a Word document with real merged cells, fonts, A4 and the values', async () => {
    const bytes = await renderDocx(sampleReport(format));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // PK: a zip
    const xml = await documentXml(bytes);
    expect(xml).toContain('<w:gridSpan w:val="3"/>');
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    expect(xml).toContain('<w:vMerge w:val="continue"/>');
    expect(xml).toMatch(/w:eastAsia="仿宋"/);
    expect(xml).toMatch(/w:eastAsia="宋体"/);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('<w:tblBorders>');
    expect(xml.match(/<w:tbl>/g)).toHaveLength(3);
    for (const text of ['4711', '>12<', '&lt;script&gt;', '勾稽关系', '2024年1月17日']) expect(xml).toContain(text);
    expect(xml).toContain(format === '2019' ? '251000.75元' : '96171.6');
    if (format === '2019') expect(xml).toContain('>-8<');
  });

  it('reads back with mammoth: title, headings and tables', async () => {
    const bytes = await renderDocx(sampleReport(format));
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    const $ = cheerio.load(html);
    expect($('table')).toHaveLength(3);
    expect($('p').first().text()).toBe('某某局2023年政府信息公开工作年度报告');
    expect($.text()).toContain('四、政府信息公开行政复议、行政诉讼情况');
    expect($('td').filter((_, td) => $(td).text() === '4711')).toHaveLength(1);
  });
});

describe.skipIf(!hasSoffice)('renderDocx opened by LibreOffice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-docx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Convert with a private profile, so a LibreOffice already running elsewhere does not take the job. */
  function convert(file: string, to: 'pdf' | 'html'): string {
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const run = spawnSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', to, '--outdir', dir, file], { timeout: 120_000 });
    expect(run.status, run.stderr?.toString()).toBe(0);
    return file.replace(/\.docx$/, `.${to}`);
  }

  async function write(format: FormatId): Promise<string> {
    const file = join(dir, `report-${format}.docx`);
    writeFileSync(file, await renderDocx(sampleReport(format)));
    return file;
  }

  it.skipIf(!hasPdftotext).each(['2019', '2021'] as const)('converts the %s format to PDF with the numbers in it', async (format) => {
    const pdf = convert(await write(format), 'pdf');
    const text = spawnSync('pdftotext', ['-layout', pdf, '-']).stdout.toString();
    // a number must stay whole in its cell; words may be spaced where the font changes (2024 年 1 月)
    const words = text.split(/\s+/);
    const flat = words.join('');
    for (const n of ['4711', '12', format === '2019' ? '-8' : '96171.6']) expect(words).toContain(n);
    for (const s of ['某某局2023年政府信息公开工作年度报告', '2024年1月17日', '<script>alert(1)</script>', '第二十条第（一）项']) expect(flat).toContain(s);
    if (format === '2019') expect(flat).toContain('251000.75元');
  }, 180_000);

  it('keeps the merges of 表三 and 表四 (as LibreOffice exports them to HTML)', async () => {
    const html = readFileSync(convert(await write('2021'), 'html'), 'utf8');
    const $ = cheerio.load(html);
    const spans = $('td[rowspan],td[colspan]').toArray().map((td) => `${$(td).attr('colspan') ?? 1}x${$(td).attr('rowspan') ?? 1}`);
    for (const s of ['3x3', '7x1', '5x1', '1x22', '1x8', '10x1']) expect(spans).toContain(s);
  }, 180_000);
});
