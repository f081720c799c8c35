// A throwaway PostgreSQL 15 server for tests: initdb into a fresh folder under /tmp as the postgres user, start it
// on a free loopback port, stop it and delete the folder at the end. Tests skip when PostgreSQL 15 is not installed.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  url: string;
  stop(): void;
}

/** Why a real server cannot be started here, or null when it can. */
export function postgresUnavailable(): string | null {
  if (!existsSync(`${BIN}/initdb`)) return `PostgreSQL 15 is not installed (${BIN} is absent): apt-get install postgresql`;
  try {
    execFileSync('id', ['postgres'], { stdio: 'ignore' });
  } catch {
    return 'there is no postgres user to run initdb as';
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const asPostgres = (args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

/** Start a server; its one database `postgres` trusts local connections (throwaway data only). */
export async function startPostgres(): Promise<TestPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'xxgk-pg-'));
  const dir = join(root, 'data');
  const { uid, gid } = userIds('postgres');
  chownSync(root, uid, gid);
  asPostgres([`${BIN}/initdb`, '-D', dir, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const opts = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`;
  asPostgres([`${BIN}/pg_ctl`, '-D', dir, '-o', opts, '-l', join(root, 'log'), '-w', 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try { asPostgres([`${BIN}/pg_ctl`, '-D', dir, '-m', 'immediate', '-w', 'stop']); } catch { /* already down */ }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`no user ${name}`);
  return { uid, gid };
}
