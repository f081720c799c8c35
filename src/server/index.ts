// `xxgk serve`: the store, the API (and the built web app, when given) in one process, on @hono/node-server.
// Uploads are parsed on worker threads so that a large PDF does not hold up other requests.

import { serve as listen } from '@hono/node-server';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../store/index.js';
import { ParsePool } from '../ingest/pool.js';
import { parseOne } from '../ingest/parse-one.js';
import { describeError } from '../errors.js';
import { createApp, DEFAULT_MAX_UPLOAD_BYTES } from './app.js';
import { randomToken } from './auth.js';
import type { ParseFn } from './upload.js';

export { createApp, DEFAULT_MAX_UPLOAD_BYTES, type AppOptions } from './app.js';
export * from './contract.js';

export interface ServeOptions {
  /** 0 picks a free port */
  port: number;
  host?: string;
  /** PGlite folder (default XXGK_DATA or ./xxgk-data) */
  dataDir?: string;
  /** PostgreSQL (default DATABASE_URL) */
  databaseUrl?: string;
  /** write token (default XXGK_TOKEN, else a random one, printed once) */
  token?: string;
  staticDir?: string;
  maxUploadBytes?: number;
  /** parse threads for uploads; 0 parses in the main thread; default min(2, cores) */
  workers?: number;
  /** where the URL and a generated token are printed (default stdout) */
  print?: (line: string) => void;
}

export interface Server {
  url: string;
  port: number;
  host: string;
  token: string;
  store: Store;
  close(): Promise<void>;
}

export async function serve(opts: ServeOptions): Promise<Server> {
  const host = opts.host ?? '127.0.0.1';
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const given = opts.token ?? process.env['XXGK_TOKEN'];
  const token = given?.trim() || randomToken();
  const store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, longRunning: true });
  await store.warmUp();
  const workers = opts.workers ?? Math.min(2, availableParallelism());
  let pool: ParsePool | null = null;
  // the pool starts with the first upload: a server that only reads never loads the readers
  const parse: ParseFn = workers > 0 ? (job) => (pool ??= new ParsePool(workers)).parse(job) : parseOne;
  const app = createApp({ store, token, maxUploadBytes: opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, staticDir: opts.staticDir, parse });

  let server: ReturnType<typeof listen>;
  const info = await new Promise<AddressInfo>((resolve, reject) => {
    server = listen({ fetch: app.fetch, port: opts.port, hostname: host }, resolve);
    server.once('error', reject);
  }).catch(async (e) => {
    await store.close();
    throw e;
  });
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${info.port}`;
  print(`xxgk serve: ${url}  (API ${url}/api/openapi.json; ${store.engine === 'pglite' ? `数据 / data ${store.location}` : 'PostgreSQL'})`);
  if (!given?.trim()) print(`写入令牌 / write token (only shown now): ${token}`);
  if (!isLoopback(host)) print('注意：服务对网络开放，读取无需令牌 / note: the server is open to the network; reading needs no token');

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
    await pool?.close();
    await store.close();
  })());
  return { url, port: info.port, host, token, store, close };
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** The web app built by Vite (web/dist), two levels above this file both in src/server and in dist/server. */
export function builtWebApp(): string | undefined {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** Options of `xxgk serve` as commander gives them (strings). */
export interface ServeCommandOptions {
  port?: string | number;
  host?: string;
  token?: string;
  data?: string;
  static?: string;
  workers?: string | number;
}

/**
 * `xxgk serve [--port 8080] [--host 127.0.0.1] [--token T] [--data DIR] [--static DIR]`: runs until SIGINT or
 * SIGTERM, then closes the server, the parse threads and the store. The web app is served from --static, or from
 * web/dist when it has been built. Returns the exit code for a start that failed
 * (2, with one bilingual line on stderr); otherwise resolves when the server has stopped (0).
 */
export async function serveCommand(opts: ServeCommandOptions): Promise<number> {
  const port = Number(opts.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`xxgk serve: 端口无效 / invalid port: ${opts.port}\n`);
    return 2;
  }
  let server: Server;
  try {
    server = await serve({
      port, host: opts.host, token: opts.token, dataDir: opts.data, staticDir: opts.static ?? builtWebApp(),
      ...(opts.workers !== undefined ? { workers: Number(opts.workers) } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'EADDRINUSE' ? `端口 ${port} 已被占用 / port ${port} is in use`
      : err.code === 'EACCES' ? `无权使用端口 ${port} / no permission for port ${port}` : describeError(e).message;
    process.stderr.write(`xxgk serve: ${message}\n`);
    return 2;
  }
  await new Promise<void>((resolve) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
