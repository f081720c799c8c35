// Legacy Word (.doc) and Kingsoft WPS (.wps) files: converted to .docx by LibreOffice, then read as .docx.

import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XxgkError } from '../errors.js';

export interface ConvertOptions {
  /** time limit for LibreOffice, after which it is killed; default 60 s */
  timeoutMs?: number;
  /** environment for the lookup of soffice on PATH and for LibreOffice itself; default process.env */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const OFFICE_NAMES = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];

/** The LibreOffice executable on `searchPath`, if any. */
export async function findOffice(searchPath: string): Promise<string | undefined> {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    for (const name of OFFICE_NAMES) {
      const candidate = join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isOleFile = (b: Uint8Array): boolean => OLE_SIGNATURE.every((byte, i) => b[i] === byte);
// Many ".doc" files on government sites are RTF, which LibreOffice reads too.
const isRtf = (b: Uint8Array): boolean => Buffer.from(b.subarray(0, 5)).toString('latin1') === '{\\rtf';

/**
 * LibreOffice's import filter for the bytes, and the file extension that goes with it. Kingsoft .wps files since
 * WPS 2003 are Word 97 documents (an OLE file with a WordDocument stream). Naming the filter matters: left to guess,
 * LibreOffice imports a damaged file as plain text and reports success.
 */
function importFilter(bytes: Uint8Array, ext: 'doc' | 'wps'): { filter?: string; extension: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isRtf(bytes)) return { filter: 'Rich Text Format', extension: 'rtf' };
  if (buf.includes(Buffer.from('WordDocument', 'utf16le'))) return { filter: 'MS Word 97', extension: 'doc' };
  // An OLE file without a Word stream: a spreadsheet or the like, unless it is a Microsoft Works .wps.
  if (ext === 'doc') throw new XxgkError('CORRUPT', '文件不是有效的 Word 文档', 'the file is not a valid Word document');
  return { extension: ext };
}

/** Converts .doc/.wps bytes to .docx bytes with LibreOffice (soffice --headless --convert-to docx). */
export async function convertLegacyWord(bytes: Uint8Array, ext: 'doc' | 'wps', options: ConvertOptions = {}): Promise<Uint8Array> {
  if (bytes.length === 0) throw new XxgkError('EMPTY', '文件为空', 'the file is empty');
  // LibreOffice would import any other bytes as plain text and "succeed".
  if (!isOleFile(bytes) && !isRtf(bytes)) {
    throw new XxgkError('CORRUPT', '文件不是有效的 .doc/.wps 文档', 'the file is not a valid .doc/.wps document');
  }
  const env = options.env ?? process.env;
  const office = await findOffice(env.PATH ?? env.Path ?? '');
  if (!office) throw notInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'xxgk-office-'));
  try {
    const { filter, extension } = importFilter(bytes, ext);
    const input = join(dir, `input.${extension}`);
    const outDir = join(dir, 'out');
    await writeFile(input, bytes);
    const args = [
      // A private profile: no clash with a running LibreOffice or another conversion, nothing left in $HOME.
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless', '--norestore', '--nolockcheck', '--nodefault',
      ...(filter ? [`--infilter=${filter}`] : []),
      '--convert-to', 'docx:MS Word 2007 XML', '--outdir', outDir, input,
    ];
    const stderr = await runOffice(office, args, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, env);
    return await readOutput(join(outDir, 'input.docx'), stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const notInstalled = (): XxgkError =>
  new XxgkError(
    'UNSUPPORTED',
    '无法读取 .doc/.wps：未安装 LibreOffice（请安装后重试，或另存为 .docx/PDF）',
    'cannot read .doc/.wps: LibreOffice is not installed (install it, or save the file as .docx/PDF)',
  );

/** Runs LibreOffice and resolves with its stderr; kills its whole process group on timeout. */
function runOffice(office: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    // detached: soffice is a script that starts soffice.bin; a process group lets the timeout kill both.
    const proc = spawn(office, args, { detached: process.platform !== 'win32', stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    let timedOut = false;
    proc.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(proc.pid, () => proc.kill('SIGKILL'));
    }, timeoutMs);
    proc.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? notInstalled() : failed(e.message));
    });
    proc.on('close', () => {
      clearTimeout(timer);
      if (timedOut) {
        const s = timeoutMs / 1000;
        reject(new XxgkError('TIMEOUT', `LibreOffice 转换超时（${s} 秒）`, `LibreOffice conversion timed out (${s} s)`));
      } else resolve(stderr);
    });
  });
}

function killTree(pid: number | undefined, fallback: () => void): void {
  try {
    if (pid === undefined || process.platform === 'win32') throw new Error('no process group');
    process.kill(-pid, 'SIGKILL');
  } catch {
    fallback();
  }
}

const failed = (reason: string): XxgkError => {
  const line = reason.split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 200) ?? '';
  const detail = line ? `：${line}` : '';
  return new XxgkError('UNREADABLE', `LibreOffice 无法转换该文件${detail}`, `LibreOffice could not convert the file${line ? `: ${line}` : ''}`);
};

async function readOutput(path: string, stderr: string): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    // No output: LibreOffice could not read the input (damaged, encrypted, or not a Word file).
    throw failed(stderr);
  }
  if (size > MAX_OUTPUT_BYTES) throw new XxgkError('TOO_LARGE', '转换后的文档过大', 'the converted document is too large');
  return new Uint8Array(await readFile(path));
}
