// Micro-benchmark of compile(), for bench/run.mjs (target: 100,000 reports < 1 s). The reports are built before the
// clock starts, each its own object graph (as a store hands them over), from a pool of generated valid reports of
// both formats, a quarter of them with blank cells, with their findings.

import { performance } from 'node:perf_hooks';
import { generateReport } from '../generate/index.js';
import { check } from '../check/index.js';
import { compile, type CompileItem } from './index.js';

export interface BenchOptions {
  /** timed runs; the median is returned */
  runs?: number;
  /** distinct reports generated (the rest are copies of their tables) */
  pool?: number;
}

/** Milliseconds compile() takes over `n` reports (median of `runs`, wall clock). */
export function benchCompile(n: number, opts: BenchOptions = {}): number {
  return measureCompile(n, opts).wallMs;
}

/**
 * Wall-clock and CPU milliseconds of compile() over `n` reports (medians of `runs`). On a machine shared with other
 * work the wall clock includes time the process was not running; the CPU time (all threads of the process,
 * garbage collection included) does not.
 */
export function measureCompile(n: number, opts: BenchOptions = {}): { wallMs: number; cpuMs: number } {
  const items = benchItems(n, opts.pool ?? 1000);
  compile(items); // warm up: optimised code in place, and the garbage of building the items collected, before timing
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < (opts.runs ?? 5); r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const c = compile(items);
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
    if (c.reportCount !== n) throw new Error('measureCompile: wrong report count');
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function benchItems(n: number, poolSize: number): CompileItem[] {
  const pool = Array.from({ length: Math.min(n, poolSize) }, (_, i) => {
    const report = generateReport(i + 1, { blanks: i % 4 === 0 });
    return { report, findings: check(report) };
  });
  return Array.from({ length: n }, (_, i) => {
    const p = pool[i % pool.length]!;
    const { sections, ...tables } = p.report;
    // a distinct agency per report, as a flat string (join, not +), the way a database driver hands names over
    return { report: { ...structuredClone(tables), sections }, agency: [p.report.agency, i].join('·'), findings: p.findings };
  });
}
