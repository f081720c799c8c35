// Conversions to PDF for the round-trip tests: Word and HTML through LibreOffice (soffice --headless --convert-to pdf),
// HTML through Chromium (headless, printToPDF over the DevTools protocol on a pipe: one browser for many pages).
// Both come from Debian's packages (.ci/run installs them); `hasSoffice` / `hasChromium` say whether they are here.
// Every file is written under a private temporary directory, never into the repository.

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

/** The first executable of `names` on PATH. */
export function findExecutable(...names: string[]): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const SOFFICE = findExecutable('soffice', 'libreoffice');
export const CHROMIUM = findExecutable('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable');
export const hasSoffice = SOFFICE !== undefined;
export const hasChromium = CHROMIUM !== undefined;
export const hasPdftotext = findExecutable('pdftotext') !== undefined;
/** Whether fontconfig knows a Chinese font: without one both converters print tofu and the PDFs have no usable text. */
export const hasCjkFont = ((): boolean => {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
})();

/** A fresh directory under the system's temporary directory; remove it with `rm(dir, {recursive: true})`. */
export const makeTempDir = (prefix = 'xxgk-convert-'): Promise<string> => mkdtemp(join(tmpdir(), prefix));

// ---------------------------------------------------------------------------------------------------------------
// LibreOffice

export interface OfficeOptions {
  /** directory for inputs, outputs and the private profile; a new temporary directory (removed after) when absent */
  dir?: string;
  /** time limit for one soffice run; default 10 min (a batch of hundreds of files) */
  timeoutMs?: number;
  /** number of soffice processes run side by side, each with its own profile; default 1 */
  parallel?: number;
  /** files per soffice call; default 100 (soffice silently ignores the files after about the 240th, exiting 0) */
  filesPerCall?: number;
}

export type OfficeInput = { name: string; bytes: Uint8Array | string };

/**
 * Converts many files to PDF with LibreOffice: for each kind of input (by extension), `parallel` soffice processes with
 * a share of the files each, `filesPerCall` files per soffice start (which is what makes batches fast). Names must be
 * unique; their extension (.docx, .html) picks the import filter. Resolves with the PDF bytes in input order; a file
 * LibreOffice could not convert rejects the batch.
 */
export async function officeToPdfMany(inputs: OfficeInput[], options: OfficeOptions = {}): Promise<Uint8Array[]> {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) is not installed');
  if (inputs.length === 0) return [];
  const own = options.dir === undefined;
  const dir = options.dir ?? (await makeTempDir('xxgk-office-'));
  try {
    const parallel = Math.max(1, options.parallel ?? 1);
    const byExt = new Map<string, OfficeInput[]>();
    for (const input of inputs) {
      const ext = extensionOf(input.name);
      byExt.set(ext, [...(byExt.get(ext) ?? []), input]);
    }
    const batchOf = new Map<string, string>();
    // one kind after another, each in `parallel` processes, so the first kind's PDFs are ready early
    for (const [ext, group] of byExt) {
      const shares: OfficeInput[][] = Array.from({ length: Math.min(parallel, group.length) }, () => []);
      group.forEach((input, i) => shares[i % shares.length]!.push(input));
      await Promise.all(shares.map(async (share, k) => {
        const batchDir = join(dir, `${ext || 'file'}-${k}`);
        for (const input of share) batchOf.set(input.name, batchDir);
        // one call after another in the same profile: only the first start pays for creating it
        const step = Math.max(1, options.filesPerCall ?? 100);
        for (let i = 0; i < share.length; i += step) await officeBatch(share.slice(i, i + step), batchDir, ext, options.timeoutMs ?? 600_000);
      }));
    }
    return await Promise.all(inputs.map((input) => readFile(join(batchOf.get(input.name)!, 'out', pdfName(input.name))).then(asBytes)));
  } finally {
    if (own) await rm(dir, { recursive: true, force: true });
  }
}

const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
const pdfName = (name: string) => name.replace(/\.[^./]+$/, '') + '.pdf';
const asBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * Import filters by extension. HTML is opened as a Writer document ("HTML (StarWriter)"), as a person opening the page
 * in Writer and exporting it would: left to itself soffice opens .html in Writer/Web, whose export through
 * writer_pdf_Export drops the <h1> title and prints an empty first page.
 */
const IMPORT_FILTERS: Record<string, string> = { html: 'HTML (StarWriter)', htm: 'HTML (StarWriter)' };

async function officeBatch(inputs: OfficeInput[], dir: string, ext: string, timeoutMs: number): Promise<void> {
  const inDir = join(dir, 'in');
  const outDir = join(dir, 'out');
  await mkdir(inDir, { recursive: true });
  await mkdir(outDir, { recursive: true });
  const files = await Promise.all(inputs.map(async ({ name, bytes }) => {
    const path = join(inDir, name);
    await writeFile(path, bytes);
    return path;
  }));
  const filter = IMPORT_FILTERS[ext];
  const args = [
    // a private profile: no clash with another soffice (a parallel batch, another test file, a desktop session)
    `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
    '--headless', '--invisible', '--norestore', '--nolockcheck', '--nodefault', '--nologo',
    ...(filter ? [`--infilter=${filter}`] : []),
    '--convert-to', 'pdf:writer_pdf_Export', '--outdir', outDir, ...files,
  ];
  const { code, stderr } = await run(SOFFICE!, args, timeoutMs);
  const missing: string[] = [];
  for (const { name } of inputs) {
    try {
      statSync(join(outDir, pdfName(name)));
    } catch {
      missing.push(name);
    }
  }
  if (missing.length) {
    throw new Error(`soffice (exit ${code}) did not convert ${missing.length} of ${inputs.length} files (${missing.slice(0, 5).join(', ')}): ${stderr.slice(0, 500)}`);
  }
}

/** One Word document → PDF bytes (LibreOffice). For many documents use `officeToPdfMany`: one soffice start for all. */
export async function docxToPdf(bytes: Uint8Array, options: OfficeOptions = {}): Promise<Uint8Array> {
  const [pdf] = await officeToPdfMany([{ name: 'report.docx', bytes }], options);
  return pdf!;
}

/** Many Word documents → PDF bytes, in order, with LibreOffice. */
export const docxToPdfMany = (docs: Uint8Array[], options: OfficeOptions = {}): Promise<Uint8Array[]> =>
  officeToPdfMany(docs.map((bytes, i) => ({ name: `doc${i}.docx`, bytes })), options);

// ---------------------------------------------------------------------------------------------------------------
// HTML → PDF

export type HtmlEngine = 'chromium' | 'soffice';

/** One HTML page → PDF bytes, printed by Chromium (default) or converted by LibreOffice Writer. */
export async function htmlToPdf(html: string, engine: HtmlEngine = 'chromium'): Promise<Uint8Array> {
  const [pdf] = await htmlToPdfMany([html], engine);
  return pdf!;
}

/** Many HTML pages → PDF bytes, in order. */
export async function htmlToPdfMany(pages: string[], engine: HtmlEngine = 'chromium', options: OfficeOptions & ChromiumOptions = {}): Promise<Uint8Array[]> {
  if (engine === 'soffice') return officeToPdfMany(pages.map((html, i) => ({ name: `page${i}.html`, bytes: html })), options);
  const browser = await Chromium.launch(options);
  try {
    return await browser.printMany(pages, options.parallel ?? 1);
  } finally {
    await browser.close();
  }
}

export interface ChromiumOptions {
  /** time limit for one page; default 60 s */
  pageTimeoutMs?: number;
}

interface CdpMessage { id?: number; method?: string; sessionId?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string } }

/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages ending in a
 * NUL byte on file descriptors 3 and 4), so no library and no port is needed. One browser prints many pages.
 */
export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: CdpMessage) => void>();
  private buffer = Buffer.alloc(0);
  private exited = false;

  private constructor(private readonly proc: ChildProcess, private readonly dir: string, private readonly own: boolean, private readonly pageTimeoutMs: number) {
    const output = proc.stdio[4] as Readable;
    output.on('data', (chunk: Buffer) => this.receive(chunk));
    proc.on('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error('chromium exited'));
      this.pending.clear();
    });
  }

  static async launch(options: ChromiumOptions & { dir?: string } = {}): Promise<Chromium> {
    if (!CHROMIUM) throw new Error('Chromium is not installed');
    const own = options.dir === undefined;
    const dir = options.dir ?? (await makeTempDir('xxgk-chromium-'));
    const args = [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-extensions', '--disable-default-apps', '--no-first-run',
      '--no-default-browser-check', '--mute-audio', '--hide-scrollbars', `--user-data-dir=${join(dir, 'profile')}`,
      '--remote-debugging-pipe', 'about:blank',
    ];
    const proc = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true });
    const browser = new Chromium(proc, dir, own, options.pageTimeoutMs ?? 60_000);
    await browser.send('Browser.getVersion');
    return browser;
  }

  /** PDF bytes of each page in order; `parallel` tabs print side by side. */
  async printMany(pages: string[], parallel = 1): Promise<Uint8Array[]> {
    const out: Uint8Array[] = new Array(pages.length);
    let next = 0;
    const worker = async (k: number) => {
      const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
      const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
      await this.send('Page.enable', {}, sessionId);
      try {
        for (let i = next++; i < pages.length; i = next++) {
          const file = join(this.dir, `page-${k}-${i}.html`);
          await writeFile(file, pages[i]!);
          out[i] = await this.printFile(file, sessionId);
        }
      } finally {
        await this.send('Target.closeTarget', { targetId }).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, pages.length)) }, (_, k) => worker(k)));
    return out;
  }

  /** Prints a file on A4 with the page's own margins and no header or footer, like `--print-to-pdf --no-pdf-header-footer`. */
  private async printFile(path: string, sessionId: string): Promise<Uint8Array> {
    const loaded = this.waitFor((m) => m.sessionId === sessionId && m.method === 'Page.loadEventFired');
    const nav = await this.send('Page.navigate', { url: pathToFileURL(path).href }, sessionId) as { errorText?: string };
    if (nav.errorText) throw new Error(`chromium could not open ${path}: ${nav.errorText}`);
    await loaded;
    // web fonts are not used, but wait for the system fonts the page asked for anyway
    await this.send('Runtime.evaluate', { expression: 'document.fonts.ready.then(() => true)', awaitPromise: true }, sessionId);
    const { data } = await this.send('Page.printToPDF', {
      paperWidth: 8.27, paperHeight: 11.69, marginTop: 0.4, marginBottom: 0.4, marginLeft: 0.4, marginRight: 0.4,
      displayHeaderFooter: false, printBackground: false, preferCSSPageSize: true,
    }, sessionId) as { data: string };
    return asBytes(Buffer.from(data, 'base64'));
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(new Error('chromium exited'));
    const id = this.nextId++;
    const message: CdpMessage = { id, method, params, ...(sessionId ? { sessionId } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`chromium: ${method} timed out`));
      }, this.pageTimeoutMs);
      this.pending.set(id, {
        resolve: (r) => { clearTimeout(timer); resolve(r); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      (this.proc.stdio[3] as Writable).write(JSON.stringify(message) + '\0');
    });
  }

  private waitFor(test: (m: CdpMessage) => boolean): Promise<CdpMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error('chromium: page did not load in time'));
      }, this.pageTimeoutMs);
      const listener = (m: CdpMessage) => {
        if (!test(m)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(m);
      };
      this.listeners.add(listener);
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let end = this.buffer.indexOf(0); end >= 0; end = this.buffer.indexOf(0)) {
      const message = JSON.parse(this.buffer.subarray(0, end).toString('utf8')) as CdpMessage;
      this.buffer = this.buffer.subarray(end + 1);
      if (message.id !== undefined) {
        const p = this.pending.get(message.id);
        if (!p) continue;
        this.pending.delete(message.id);
        if (message.error) p.reject(new Error(`chromium: ${message.error.message}`)); else p.resolve(message.result ?? {});
      } else {
        for (const listener of [...this.listeners]) listener(message);
      }
    }
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      await this.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => killGroup(this.proc), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.own) await rm(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// processes

function killGroup(proc: ChildProcess): void {
  try {
    if (proc.pid === undefined) throw new Error('no pid');
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    proc.kill('SIGKILL');
  }
}

/** Runs a program in its own process group; kills the group on timeout. */
function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => { if (stderr.length < 8192) stderr += chunk.toString('utf8'); });
    const timer = setTimeout(() => {
      killGroup(proc);
      reject(new Error(`${cmd} timed out after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
  });
}

/** `pdftotext -layout` of a PDF file (for failure messages and diagnosis); '' when poppler is missing. */
export function pdfText(path: string): string {
  if (!hasPdftotext) return '';
  const r = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : '';
}
