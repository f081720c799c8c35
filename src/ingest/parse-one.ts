// One file's bytes → the rows the store writes, or the reason it is not a report. Runs in ingest's worker threads
// (and in the main thread when ingest is asked for no workers).

import { parseBytes } from '../index.js';
import { describeError } from '../errors.js';
import { noDataReason } from '../store/policy.js';
import { prepareReport, type OriginalFacts, type PreparedReport } from '../store/rows.js';

export interface ParseJob {
  bytes: Uint8Array;
  name: string;
  original: OriginalFacts;
  parserVersion: string;
}

export type ParseOutcome = { ok: true; report: PreparedReport } | { ok: false; code: string; message: string };

export async function parseOne(job: ParseJob): Promise<ParseOutcome> {
  try {
    const parsed = await parseBytes(job.bytes, job.name);
    const noData = noDataReason(parsed);
    if (noData) return { ok: false, ...describeError(noData) };
    return { ok: true, report: prepareReport(parsed, job.original, job.parserVersion) };
  } catch (e) {
    return { ok: false, ...describeError(e) };
  }
}
