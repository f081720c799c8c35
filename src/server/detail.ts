// GET /api/reports/:id: a report with its data, sources and findings. The store keeps each version's `report` as
// JSON text, made when the version was written (src/store/detail.ts): a fetch is one statement — the report row,
// its agency and original, and that text — and the response is the text's bytes with the few fields around them,
// sent as they are (no string, no parse, no stringify of the large part). Fetches of current versions that arrive
// together (the same turn of the event loop) are read in one statement: on the embedded database statements run one
// after another, and the fixed cost of one is most of a fetch's.

import type { DetailRow, Store } from '../store/index.js';
import { reportNotFound } from './errors.js';
import type { ReportDetail } from './contract.js';

type Detail = DetailRow;

/** The detail as the JSON sent (UTF-8): the keys of ReportDetail in its order, `report` spliced in as stored. */
export function detailJson(r: Detail): Buffer {
  const head = JSON.stringify({ id: r.id, agency: r.agency, version: r.version, currentVersion: r.currentVersion, original: r.original });
  const tail = JSON.stringify({ errors: r.errors, warnings: r.warnings, parserVersion: r.parserVersion, createdAt: r.createdAt.toISOString() });
  return Buffer.concat([Buffer.from(`${head.slice(0, -1)},"report":`, 'utf8'), r.body, Buffer.from(`,${tail.slice(1)}`, 'utf8')]);
}

/** Current versions asked for together, read together. */
export class DetailLoader {
  private queued = new Map<number, Array<{ resolve: (r: Detail) => void; reject: (e: unknown) => void }>>();
  private scheduled = false;
  constructor(private readonly store: Store) {}

  load(id: number): Promise<Detail> {
    return new Promise((resolve, reject) => {
      const waiting = this.queued.get(id);
      if (waiting) waiting.push({ resolve, reject }); else this.queued.set(id, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        // after the requests read in this turn of the event loop have asked too
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queued.size) {
      const batch = this.queued;
      this.queued = new Map();
      try {
        const rows = await this.store.details([...batch.keys()]);
        for (const [id, waiting] of batch) {
          const r = rows.get(id);
          for (const w of waiting) if (r) w.resolve(r); else w.reject(reportNotFound(id));
        }
      } catch (e) {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(e);
      }
    }
    this.scheduled = false;
  }
}

/** A version's detail as sent, UTF-8 JSON (the current version through `loader` when given). */
export async function reportDetailJson(store: Store, id: number, version?: number, loader?: DetailLoader): Promise<Buffer> {
  return detailJson(version === undefined && loader ? await loader.load(id) : await store.detail(id, version));
}

export async function reportDetail(store: Store, id: number, version?: number): Promise<ReportDetail> {
  return JSON.parse((await reportDetailJson(store, id, version)).toString('utf8')) as ReportDetail;
}
