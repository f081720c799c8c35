// Results kept while the data they were made from is unchanged: compile and dashboard (costly over many reports)
// and a report's detail as sent (asked for on every page and click). The stamp says what "unchanged" means: the
// server's own writes, and on PostgreSQL — where other processes (xxgk ingest, workers, reparse) may write — a
// cheap summary of the database read at most once a second. PGlite is locked to this process, so its own writes
// alone are exact there. (An agency's level or region edited by another process on PostgreSQL shows in a cached
// report once a report is written.)

import type { Store } from '../store/index.js';
import { reportsStamp } from './queries.js';

/** How long the stamp read from PostgreSQL is trusted. */
const DATABASE_STAMP_MS = 1000;

interface Entry<T> { stamp: string; value: Promise<T>; weight: number }

/** Least recently used entries go first once there are more than `max` of them or they weigh more than `maxWeight`. */
export class StampedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private weight = 0;
  constructor(private readonly max = 16, private readonly weigh: (v: T) => number = () => 0, private readonly maxWeight = Infinity) {}

  get(key: string, stamp: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.value;
    }
    if (hit) this.drop(key);
    const entry: Entry<T> = { stamp, value: compute(), weight: 0 };
    this.entries.set(key, entry);
    entry.value.then((v) => {
      if (this.entries.get(key) !== entry) return;
      entry.weight = this.weigh(v);
      this.weight += entry.weight;
      this.evict();
    }, () => { if (this.entries.get(key) === entry) this.drop(key); }); // a failure is not kept
    this.evict();
    return entry.value;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.weight -= e.weight;
    this.entries.delete(key);
  }

  private evict(): void {
    while (this.entries.size > this.max || (this.weight > this.maxWeight && this.entries.size > 1)) this.drop(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }
}

/** The version of the data as this server knows it. */
export class DataVersion {
  private writes = 0;
  /** PostgreSQL: the database's stamp as last read, and when */
  private checked: { stamp: Promise<string>; at: number } | null = null;
  constructor(private readonly store: Store) {}

  /** Call after every write this server makes. */
  bump(): void {
    this.writes++;
  }

  /**
   * The version of everything: compile, dashboard, and each report's detail too — a write to one report changes
   * others' (the cross-year findings of its agency's reports of the year after).
   */
  async stamp(): Promise<string> {
    return this.store.engine === 'pglite' ? `w${this.writes}` : `w${this.writes}:${await this.database()}`;
  }

  /** What other processes wrote: read at most once a second, so their changes show within a second. */
  private database(): Promise<string> {
    const now = Date.now();
    if (!this.checked || now - this.checked.at >= DATABASE_STAMP_MS) {
      const stamp = reportsStamp(this.store);
      this.checked = { stamp, at: now };
      stamp.catch(() => { if (this.checked?.stamp === stamp) this.checked = null; });
    }
    return this.checked.stamp;
  }
}
