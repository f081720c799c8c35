// The `xxgk` command. Every failure a user can cause ends in one bilingual line and an exit code, never a trace.

import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { RULES } from '../check/index.js';
import { EXTRACTION_NOTICES } from '../extract/findings.js';
import { describeError } from '../errors.js';
import { processFile, type CommandName, type FileOptions, type FileResult } from './process.js';
import { runPool } from './pool.js';
import { compileOutput, compareFiles, itemsFromFiles, type CompileFlags } from './platform.js';
import { CROSS_YEAR_RULES } from '../check/cross-year.js';
import type { IngestFlags } from './store-commands.js';
import { Output } from './output.js';
import { VERSION } from '../version.js';
import { RENDER_TARGETS, renderFile, writeOut, type RenderTarget } from './render.js';
import { TEXT_LAYOUTS, type TextLayout } from '../render/text.js';

export const EXIT = { ok: 0, findings: 1, unusable: 2 } as const;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

interface BatchOptions extends FileOptions { timeout?: string }

/** Below this many files, starting workers costs more than it saves. */
const POOL_FROM = 16;

/** Run each file through the command, going on past bad files; prints in input order; returns the exit code. */
async function batch(files: string[], command: CommandName, opts: BatchOptions): Promise<number> {
  const out = new Output();
  let failed = 0, withErrors = 0;
  const pending = new Map<number, FileResult>();
  let nextToPrint = 0;
  const emit = (index: number, r: FileResult) => {
    pending.set(index, r);
    for (let p = pending.get(nextToPrint); p; p = pending.get(nextToPrint)) {
      pending.delete(nextToPrint++);
      if (p.failed) failed++;
      if (p.hasErrors) withErrors++;
      if (p.err) out.err(p.err.trimEnd());
      if (p.out.length) out.write(p.out);
    }
  };
  const timeoutMs = Math.max(1, Number(opts.timeout ?? 120)) * 1000;
  if (files.length >= POOL_FROM && !files.includes('-')) {
    await runPool(files, command, { json: opts.json, verbose: opts.verbose, timeoutMs }, emit);
  } else {
    for (const [i, file] of files.entries()) emit(i, await processFile(file, command, opts, file === '-' ? await readStdin() : undefined));
  }
  if (files.length > 1 || failed) {
    out.err(pc.dim(`${files.length} 个文件，${files.length - failed} 个已处理，${failed} 个失败，${withErrors} 个有错误 / ${files.length} files, ${files.length - failed} done, ${failed} failed, ${withErrors} with errors`));
  }
  await out.close();
  return failed ? EXIT.unusable : withErrors ? EXIT.findings : EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('xxgk')
    .description('政府信息公开工作年度报告：读取、抽取、核对 / annual reports on government information disclosure: read, extract, check')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError();

  let code: number = EXIT.ok;

  program.command('parse')
    .description('抽取报告数据 / extract a report\'s data (PDF, Word, HTML, text; - for stdin)')
    .argument('<files...>', 'files to read')
    .option('--json', 'one JSON object per file and line: the report, its sources and findings')
    .option('--timeout <seconds>', 'time limit per file in a batch', '120')
    .action(async (files: string[], opts: BatchOptions) => {
      code = await batch(files, 'parse', opts);
      if (code === EXIT.findings) code = EXIT.ok; // parse reports data; only check judges it
    });

  program.command('check')
    .description('核对报告是否符合模板的勾稽关系和各项规则 / check reports against the template\'s rules')
    .argument('<files...>', 'files to check')
    .option('--json', 'print findings as JSON lines')
    .option('-v, --verbose', 'also print notes (info)')
    .option('--timeout <seconds>', 'time limit per file in a batch', '120')
    .action(async (files: string[], opts: BatchOptions) => {
      code = await batch(files, 'check', opts);
    });

  program.command('render')
    .description('按官方版式输出报告 / write a report in the official layout (docx, html, md, txt)')
    .argument('<data>', 'a report as JSON (the output of xxgk parse --json; - for stdin)')
    .requiredOption('--to <format>', `one of ${RENDER_TARGETS.join(', ')}`)
    .option('--layout <layout>', `text layout for --to txt: ${TEXT_LAYOUTS.join(', ')}`, 'row')
    .option('-o, --out <file>', 'write to this file (default: standard output)')
    .action(async (data: string, opts: { to: string; layout: string; out?: string }) => {
      if (!(RENDER_TARGETS as readonly string[]).includes(opts.to) || !(TEXT_LAYOUTS as string[]).includes(opts.layout)) {
        process.stderr.write(`xxgk: 不支持的输出格式或版式 / unsupported target or layout: --to ${opts.to} --layout ${opts.layout}\n`);
        code = EXIT.unusable;
        return;
      }
      try {
        await writeOut(await renderFile(data, opts.to as RenderTarget, opts.layout as TextLayout, readStdin), opts.out);
      } catch (e) {
        const { code: c, message } = describeError(e);
        process.stderr.write(`${data}: ${pc.red('无法输出 / failed')} [${c}] ${message}\n`);
        code = EXIT.unusable;
      }
    });

  program.command('compile')
    .description('汇总：各表逐格求和 / compile every table over the selected reports (files, or the store when none are given)')
    .argument('[files...]', 'report files (default: the reports in the store)')
    .option('--year <year>', '年度 / year')
    .option('--region <region>', '地区（文件：机关名称包含；库：机关所在地区以其开头）/ region (files: in the agency\'s name; the store: the agency\'s region starts with it)')
    .option('--level <level>', 'province|city|county|township|department')
    .option('--json', 'the compiled report as one JSON line (same keys as a report, plus reportCount, missing, failed, problems); over the store, the same as GET /api/compile')
    .option('--to <format>', 'export: csv (UTF-8 with BOM), xlsx (official layout), json')
    .option('-o, --out <file>', 'write to this file')
    .option('--data <dir>', 'PGlite data folder when compiling the store')
    .action(async (files: string[], flags: CompileFlags & { data?: string }) => {
      try {
        if (files.length) {
          const { items, failed } = await itemsFromFiles(files);
          await writeOut(await compileOutput(items, failed, flags), flags.out);
        } else {
          await writeOut(await (await import('./store-commands.js')).compileStore(flags), flags.out);
        }
      } catch (e) {
        process.stderr.write(`xxgk compile: ${describeError(e).message}\n`);
        code = EXIT.unusable;
      }
    });

  program.command('ingest')
    .description('收录报告到数据库（按内容去重，可重复运行）/ store reports in the database (idempotent by content)')
    .argument('<paths...>', 'files, folders or globs')
    .option('--queue', 'put the files on the PostgreSQL queue (DATABASE_URL) for `xxgk worker` instead')
    .option('--workers <n>', 'parse threads (default: all cores)')
    .option('--timeout <seconds>', 'time limit per file')
    .option('--data <dir>', 'PGlite data folder (default XXGK_DATA or ./xxgk-data)')
    .option('--json', 'the summary as one JSON line')
    .action(async (paths: string[], flags: IngestFlags) => {
      code = await runStoreCommand('ingest', async (m) => m.ingestCommand(paths, flags));
    });

  program.command('worker')
    .description('从 PostgreSQL 队列取文件解析入库 / take queued files from PostgreSQL (DATABASE_URL) and store them')
    .option('--concurrency <n>', 'files at once (default: all cores)')
    .option('--drain', 'stop when the queue is empty')
    .action(async (flags: { concurrency?: string; drain?: boolean }) => {
      code = await runStoreCommand('worker', async (m) => m.workerCommand(flags));
    });

  program.command('reparse')
    .description('用当前解析器重新解析已收录的原件，并报告变化 / re-extract stored originals and report what changed')
    .option('--data <dir>', 'PGlite data folder')
    .option('--json', 'the summary as JSON')
    .action(async (flags: { data?: string; json?: boolean }) => {
      code = await runStoreCommand('reparse', async (m) => m.reparseCommand(flags));
    });

  program.command('serve')
    .description('启动网页应用和 HTTP API / serve the web app and the HTTP API')
    .option('--port <port>', 'port (0 picks a free one)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--token <token>', 'write token for corrections (default XXGK_TOKEN, else a random one, printed once)')
    .option('--data <dir>', 'PGlite data folder (default XXGK_DATA or ./xxgk-data; DATABASE_URL for PostgreSQL)')
    .option('--static <dir>', 'built web app to serve (default: web/dist of this package)')
    .option('--workers <n>', 'parse threads for uploads')
    .action(async (flags: Record<string, string>) => {
      code = await runStoreCommand('serve', async (m) => m.serveCommand(flags));
    });

  program.command('compare')
    .description('对比两份报告（或同一机关的两个年度）/ compare two reports: every cell, the texts, cross-year rules')
    .argument('<a>', 'the earlier report').argument('<b>', 'the later report')
    .option('--json', 'as JSON')
    .action(async (a: string, b: string, opts: { json?: boolean }) => {
      try { process.stdout.write(await compareFiles(a, b, !!opts.json)); } catch (e) {
        process.stderr.write(`xxgk compare: ${describeError(e).message}\n`);
        code = EXIT.unusable;
      }
    });

  program.command('rules')
    .description('列出全部规则 / list every rule')
    .option('--markdown', 'as a Markdown table (for the README)')
    .action((opts: { markdown?: boolean }) => {
      const rows = [...RULES, ...CROSS_YEAR_RULES, ...Object.values(EXTRACTION_NOTICES).map((n) => ({ ...n }))].map((r) => [r.id, r.severity, r.description]);
      if (opts.markdown) {
        process.stdout.write('| id | severity | 说明 |\n|---|---|---|\n' + rows.map((r) => `| \`${r[0]}\` | ${r[1]} | ${r[2]} |`).join('\n') + '\n');
      } else for (const r of rows) process.stdout.write(`${r[0]!.padEnd(22)} ${r[1]!.padEnd(8)} ${r[2]}\n`);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.unusable;
    process.stderr.write(`xxgk: ${describeError(e).message}\n`);
    return EXIT.unusable;
  }
  return code;
}



/** Store commands load the database code only when used, and end in one bilingual line on failure. */
async function runStoreCommand(name: string, run: (m: typeof import('./store-commands.js')) => Promise<number>): Promise<number> {
  try {
    return await run(await import('./store-commands.js'));
  } catch (e) {
    process.stderr.write(`xxgk ${name}: ${describeError(e).message}\n`);
    return EXIT.unusable;
  }
}
