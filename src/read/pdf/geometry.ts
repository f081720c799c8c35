// Plane geometry for page layout: boxes in page units with the origin at the top left, and PDF affine matrices.

/** [x0, y0, x1, y1], x0 ≤ x1 and y0 ≤ y1, y growing down the page */
export type Box = [number, number, number, number];

/** PDF affine matrix [a, b, c, d, e, f]: x' = a·x + c·y + e, y' = b·x + d·y + f */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The matrix that applies `inner` first and then `outer` (pdf.js's Util.transform(outer, inner)). */
export function compose(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [A, B, C, D, E, F] = inner;
  return [a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D, a * E + c * F + e, b * E + d * F + f];
}

export function applyPoint(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** A direction (no translation) through the matrix. */
export function applyVector(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y, m[1] * x + m[3] * y];
}

/** The axis-aligned box around the rectangle [x0, x1] × [y0, y1] after the matrix. */
export function transformRect(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const [ax, ay] = applyPoint(m, x0, y0);
  const [bx, by] = applyPoint(m, x1, y0);
  const [cx, cy] = applyPoint(m, x1, y1);
  const [dx, dy] = applyPoint(m, x0, y1);
  return [Math.min(ax, bx, cx, dx), Math.min(ay, by, cy, dy), Math.max(ax, bx, cx, dx), Math.max(ay, by, cy, dy)];
}

export const boxWidth = (b: Box): number => b[2] - b[0];
export const boxHeight = (b: Box): number => b[3] - b[1];
export const centerX = (b: Box): number => (b[0] + b[2]) / 2;
export const centerY = (b: Box): number => (b[1] + b[3]) / 2;

export function unionBox(boxes: Iterable<Box>): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    if (b[0] < x0) x0 = b[0];
    if (b[1] < y0) y0 = b[1];
    if (b[2] > x1) x1 = b[2];
    if (b[3] > y1) y1 = b[3];
  }
  return [x0, y0, x1, y1];
}

export function containsPoint(b: Box, x: number, y: number, slack = 0): boolean {
  return x >= b[0] - slack && x <= b[2] + slack && y >= b[1] - slack && y <= b[3] + slack;
}

/** Sorted values grouped where neighbours are at most `tolerance` apart; each group becomes its mean. */
export function clusterValues(values: number[], tolerance: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let sum = 0, count = 0, last = -Infinity;
  for (const v of sorted) {
    if (count > 0 && v - last > tolerance) {
      out.push(sum / count);
      sum = 0;
      count = 0;
    }
    sum += v;
    count++;
    last = v;
  }
  if (count > 0) out.push(sum / count);
  return out;
}

/** Index of the value in a sorted array nearest to `v`. */
export function nearestIndex(sorted: readonly number[], v: number): number {
  let lo = 0, hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[hi]! - v) < Math.abs(sorted[lo]! - v) ? hi : lo;
}

/** Index i of the interval [edges[i], edges[i+1]) that holds `v`, clamped to the outer intervals. */
export function intervalIndex(edges: readonly number[], v: number): number {
  let lo = 0, hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export const round2 = (v: number): number => Math.round(v * 100) / 100;
export const roundBox = (b: Box): Box => [round2(b[0]), round2(b[1]), round2(b[2]), round2(b[3])];
