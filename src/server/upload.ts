// POST /api/reports: many files in one multipart body (field `files`). The body is refused with 413 before it is
// read when its Content-Length is over the limit, and while it is read when the bytes streamed pass the limit (a
// chunked body has no length). Each file's kind is sniffed from its content (never its name or content type);
// the same content as a stored report, or twice in one upload, is a duplicate; a bad file is `failed` with the
// reader's bilingual reason and recorded in the store, and the others go on.

import { sha256, type BatchItem, type Store } from '../store/index.js';
import { documentKind } from '../ingest/sniff.js';
import { parseOne, type ParseJob, type ParseOutcome } from '../ingest/parse-one.js';
import { describeError, XxgkError } from '../errors.js';
import { VERSION } from '../version.js';
import { badRequest, HttpError, tooLarge } from './errors.js';
import { reportIdsByHash } from './queries.js';
import type { UploadResult } from './contract.js';

export type ParseFn = (job: ParseJob) => Promise<ParseOutcome>;

export const FILES_FIELD = 'files';
/** Files in one upload; more is a 400 (a folder of thousands goes in several requests, or `xxgk ingest`). */
export const MAX_FILES = 500;

/** The body, read up to `limit` bytes: 413 from the declared length, or as soon as the streamed bytes pass it. */
export async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

interface Upload { name: string; bytes: Uint8Array }

/** The files of a multipart body. */
export async function filesOf(body: Uint8Array, contentType: string): Promise<Upload[]> {
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw badRequest('BAD_MULTIPART', '无法解析 multipart/form-data 请求体', 'the multipart/form-data body cannot be parsed');
  }
  const entries = form.getAll(FILES_FIELD).filter((e): e is File => typeof e !== 'string');
  if (!entries.length) throw badRequest('NO_FILES', `请求中没有文件（字段 ${FILES_FIELD}）`, `no files in the request (field ${FILES_FIELD})`);
  if (entries.length > MAX_FILES) throw badRequest('TOO_MANY_FILES', `一次最多上传 ${MAX_FILES} 个文件`, `at most ${MAX_FILES} files per upload`);
  return Promise.all(entries.map(async (f) => ({ name: cleanName(f.name), bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** A file name as shown and stored: its last path part, without control characters, at most 200 characters. */
export function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop()!.trim();
  return (base.length > 200 ? base.slice(base.length - 200) : base) || 'upload';
}

const notADocument = () => new XxgkError('UNSUPPORTED',
  '不是可读取的文档（支持 PDF、Word、HTML、文本）', 'not a readable document (PDF, Word, HTML and text are supported)');

type Planned =
  | { result: UploadResult }
  | { sameAs: number }
  | { parse: ParseJob };

/** Store the uploaded files; results follow the files' order. */
export async function storeUploads(store: Store, files: Upload[], parse: ParseFn = parseOne): Promise<UploadResult[]> {
  const hashes = files.map((f) => sha256(f.bytes));
  const known = await reportIdsByHash(store, [...new Set(hashes)]);
  const firstOf = new Map<string, number>();
  const plans: Planned[] = files.map((f, i): Planned => {
    const hash = hashes[i]!;
    const id = known.get(hash);
    if (id !== undefined) return { result: { file: f.name, status: 'duplicate', id } };
    const first = firstOf.get(hash);
    if (first !== undefined) return { sameAs: first };
    firstOf.set(hash, i);
    if (f.bytes.length === 0) return { result: { file: f.name, status: 'failed', error: describeError(new XxgkError('EMPTY', '文件为空', 'the file is empty')) } };
    const kind = documentKind(f.bytes, f.name);
    if (!kind) return { result: { file: f.name, status: 'failed', error: describeError(notADocument()) } };
    return { parse: { bytes: f.bytes, name: f.name, original: { hash, name: f.name, kind, size: f.bytes.length }, parserVersion: VERSION } };
  });

  const jobs = plans.flatMap((p, i) => ('parse' in p ? [{ i, job: p.parse }] : []));
  const outcomes = await Promise.all(jobs.map(({ job }) => parse(job).catch((e): ParseOutcome => ({ ok: false, ...describeError(e) }))));
  const items: BatchItem[] = jobs.map(({ job }, k) => {
    const o = outcomes[k]!;
    return o.ok
      ? { kind: 'report', report: o.report, bytes: job.bytes }
      : { kind: 'failure', failure: { original: { ...job.original, bytes: job.bytes }, path: null, fileName: job.name, code: o.code, message: o.message, parserVersion: job.parserVersion } };
  });
  const written = items.length ? await store.saveBatch(items) : [];

  const results: UploadResult[] = new Array(files.length);
  jobs.forEach(({ i, job }, k) => {
    const o = outcomes[k]!, w = written[k];
    if (!o.ok) results[i] = { file: job.name, status: 'failed', error: { code: o.code, message: o.message } };
    else if (w?.status === 'added') results[i] = { file: job.name, status: 'added', id: w.id };
    else if (w?.status === 'duplicate' && w.id !== null) results[i] = { file: job.name, status: 'duplicate', id: w.id };
    else throw new HttpError(500, 'NOT_STORED', `${job.name} 未能保存`, `${job.name} was not stored`);
  });
  plans.forEach((p, i) => {
    if ('result' in p) results[i] = p.result;
  });
  plans.forEach((p, i) => {
    if (!('sameAs' in p)) return;
    const first = results[p.sameAs]!;
    const file = files[i]!.name;
    results[i] = first.status === 'failed' ? { ...first, file } : { file, status: 'duplicate', id: first.id };
  });
  return results;
}
