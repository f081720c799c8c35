// What a page draws, in page units (origin top left): every glyph with its box, and every straight rule that could be
// a table border. Read from pdf.js's operator list, replaying the text and graphics state the way its canvas renderer
// does. pdf.js's getTextContent is not used: it loses the glyphs of vertical (Identity-V) fonts that lie lower than
// about 200 units from the bottom of the page, and it would parse each page a second time.

import { normalizeText } from '../normalize.js';
import {
  applyPoint,
  applyVector,
  compose,
  IDENTITY,
  type Box,
  type Matrix,
  transformRect,
} from './geometry.js';
import type { PdfjsLib } from './pdfjs.js';

export interface Glyph {
  /** normalised text, usually one character; ' ' for whitespace */
  text: string;
  box: Box;
  /** the em size on the page */
  size: number;
  /** the text runs down the page (a vertical font, or turned by 90°) … */
  vertical: boolean;
  /** … or up the page (turned by 90° the other way) */
  upward: boolean;
  /** whitespace: kept only to tell where a word gap is */
  space: boolean;
  /** baseline y of horizontal text, centre x of vertical text: glyphs of one line share it */
  cross: number;
}

/** A straight horizontal or vertical stroke: a candidate table border. */
export interface Rule {
  horizontal: boolean;
  /** y of a horizontal rule, x of a vertical one */
  at: number;
  from: number;
  to: number;
}

export interface PageContent {
  width: number;
  height: number;
  glyphs: Glyph[];
  rules: Rule[];
  /** pdf.js names of the fonts the page selects */
  fonts: string[];
}

/** The parts of a pdf.js font object (commonObjs) that position glyphs. */
interface FontMetrics {
  matrix: readonly number[];
  vertical: boolean;
  ascent: number;
  descent: number;
  defaultVMetrics: readonly number[] | null;
}

/** A glyph as pdf.js puts it in a showText operation. */
interface PdfjsGlyph {
  unicode: string;
  width: number;
  vmetric?: readonly number[] | null;
  isSpace?: boolean;
}

/** The graphics and text state the reader follows (a class, so that save's copy is cheap: 1,500 a page is common). */
class State {
  font: FontMetrics | null = null;
  fontSize = 0;
  fontDirection = 1;
  charSpacing = 0;
  wordSpacing = 0;
  hScale = 1;
  leading = 0;
  rise = 0;
  textMatrix: Matrix = IDENTITY;
  x = 0;
  y = 0;
  lineX = 0;
  lineY = 0;
  fillVisible = true;
  strokeVisible = true;

  constructor(public ctm: Matrix) {}

  copy(): State {
    const s = new State(this.ctm);
    s.font = this.font;
    s.fontSize = this.fontSize;
    s.fontDirection = this.fontDirection;
    s.charSpacing = this.charSpacing;
    s.wordSpacing = this.wordSpacing;
    s.hScale = this.hScale;
    s.leading = this.leading;
    s.rise = this.rise;
    s.textMatrix = this.textMatrix;
    s.x = this.x;
    s.y = this.y;
    s.lineX = this.lineX;
    s.lineY = this.lineY;
    s.fillVisible = this.fillVisible;
    s.strokeVisible = this.strokeVisible;
    return s;
  }
}

// pdf.js's DrawOPS (not exported): the verbs inside a constructPath operation's path data.
const MOVE_TO = 0, LINE_TO = 1, CURVE_TO = 2, QUAD_TO = 3, CLOSE = 4;

/** A rule is at most this thick when drawn as a filled rectangle. */
const MAX_RULE_THICKNESS = 2.5;
/** Shorter strokes are ticks or glyph parts, not borders. */
const MIN_RULE_LENGTH = 2;
/** A stroke this far off horizontal or vertical (in units) still counts as straight. */
const STRAIGHT_SLACK = 1;

export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

export interface Viewport {
  width: number;
  height: number;
  transform: number[];
}

/** Replays one page's operator list. `fontOf` gives the pdf.js font object for a loaded font name. */
export function readPageContent(
  lib: PdfjsLib,
  ops: OperatorList,
  viewport: Viewport,
  fontOf: (name: string) => unknown,
): PageContent {
  const page = new PageReader(lib, viewport, fontOf);
  page.run(ops);
  return { width: viewport.width, height: viewport.height, glyphs: page.glyphs, rules: page.rules, fonts: page.fontNames };
}

class PageReader {
  readonly glyphs: Glyph[] = [];
  readonly rules: Rule[] = [];
  private state: State;
  private readonly stack: State[] = [];
  private readonly fonts = new Map<string, FontMetrics | null>();

  constructor(
    private readonly lib: PdfjsLib,
    private readonly viewport: Viewport,
    private readonly fontOf: (name: string) => unknown,
  ) {
    this.state = new State(viewport.transform as unknown as Matrix);
  }

  run(ops: OperatorList): void {
    const { OPS } = this.lib;
    const { fnArray, argsArray } = ops;
    for (let i = 0; i < fnArray.length; i++) {
      const args = (argsArray[i] ?? []) as unknown[];
      const st = this.state;
      switch (fnArray[i]) {
        case OPS.save:
        case OPS.beginGroup:
          this.save();
          break;
        case OPS.restore:
        case OPS.endGroup:
        case OPS.paintFormXObjectEnd:
          this.restore();
          break;
        case OPS.transform:
          st.ctm = compose(st.ctm, args as unknown as Matrix);
          break;
        case OPS.paintFormXObjectBegin:
          this.save();
          if (isMatrix(args[0])) this.state.ctm = compose(this.state.ctm, toMatrix(args[0]));
          break;
        case OPS.beginText:
          st.textMatrix = IDENTITY;
          st.x = st.y = st.lineX = st.lineY = 0;
          break;
        case OPS.setTextMatrix:
          st.textMatrix = toMatrix(args[0] as ArrayLike<number>);
          st.x = st.y = st.lineX = st.lineY = 0;
          break;
        case OPS.moveText:
          this.moveText(num(args[0]), num(args[1]));
          break;
        case OPS.setLeadingMoveText:
          st.leading = num(args[1]);
          this.moveText(num(args[0]), num(args[1]));
          break;
        case OPS.nextLine:
          this.moveText(0, st.leading);
          break;
        case OPS.setLeading:
          st.leading = -num(args[0]);
          break;
        case OPS.setFont:
          this.setFont(String(args[0]), num(args[1]));
          break;
        case OPS.setCharSpacing:
          st.charSpacing = num(args[0]);
          break;
        case OPS.setWordSpacing:
          st.wordSpacing = num(args[0]);
          break;
        case OPS.setHScale:
          st.hScale = num(args[0]) / 100;
          break;
        case OPS.setTextRise:
          st.rise = num(args[0]);
          break;
        case OPS.setGState:
          this.setGState(args[0]);
          break;
        case OPS.showText:
          this.showText(args[0] as Array<PdfjsGlyph | number | null>);
          break;
        case OPS.setFillRGBColor:
          st.fillVisible = !isWhite(args[0]);
          break;
        case OPS.setStrokeRGBColor:
          st.strokeVisible = !isWhite(args[0]);
          break;
        case OPS.setFillTransparent:
          st.fillVisible = false;
          break;
        case OPS.setStrokeTransparent:
          st.strokeVisible = false;
          break;
        case OPS.setFillColorN:
          st.fillVisible = true;
          break;
        case OPS.setStrokeColorN:
          st.strokeVisible = true;
          break;
        case OPS.constructPath:
          this.paintPath(num(args[0]), (args[1] as unknown[] | undefined)?.[0] as ArrayLike<number> | undefined);
          break;
        case OPS.paintSolidColorImageMask:
          // a 1×1 mask filling the unit square: some PDF printers draw table borders this way
          if (st.fillVisible) this.addFilledRect(transformRect(st.ctm, 0, 0, 1, 1));
          break;
        default:
          break;
      }
    }
  }

  private save(): void {
    this.stack.push(this.state);
    this.state = this.state.copy();
  }

  private restore(): void {
    const previous = this.stack.pop();
    if (previous) this.state = previous;
  }

  private moveText(dx: number, dy: number): void {
    const st = this.state;
    st.x = st.lineX += dx;
    st.y = st.lineY += dy;
  }

  private setFont(name: string, size: number): void {
    const st = this.state;
    st.font = this.font(name);
    st.fontDirection = size < 0 ? -1 : 1;
    st.fontSize = Math.abs(size);
  }

  private setGState(entries: unknown): void {
    if (!Array.isArray(entries)) return;
    for (const entry of entries) {
      if (Array.isArray(entry) && entry[0] === 'Font' && Array.isArray(entry[1])) {
        this.setFont(String(entry[1][0]), num(entry[1][1]));
      }
    }
  }

  get fontNames(): string[] {
    return [...this.fonts.keys()];
  }

  private font(name: string): FontMetrics | null {
    let metrics = this.fonts.get(name);
    if (metrics === undefined) {
      metrics = toFontMetrics(this.fontOf(name));
      this.fonts.set(name, metrics);
    }
    return metrics;
  }

  /** Positions each glyph as pdf.js's canvas showText does, in text space and then on the page. */
  private showText(items: Array<PdfjsGlyph | number | null> | undefined): void {
    const st = this.state;
    const font = st.font;
    if (!font || st.fontSize === 0 || !Array.isArray(items)) return;
    const fontSize = st.fontSize;
    const dir = st.fontDirection;
    const advanceScale = fontSize * (font.matrix[0] ?? 0.001);
    const em = fontSize * Math.abs(font.matrix[3] ?? 0.001) * 1000;
    const hScale = st.hScale * dir;
    // text space → page, with the origin at the current text position
    const textToPage = compose(
      compose(st.ctm, st.textMatrix),
      [hScale, 0, 0, dir, st.x, st.y + st.rise],
    );
    const [advX, advY] = font.vertical ? applyVector(textToPage, 0, -1) : applyVector(textToPage, 1, 0);
    const vertical = Math.abs(advY) > Math.abs(advX);
    const upward = vertical && advY < 0;
    const [upX, upY] = applyVector(textToPage, 0, em);
    const size = Math.hypot(upX, upY);
    const top = em * clamp(font.ascent, 0.5, 1.2);
    const bottom = em * clamp(font.descent, -0.5, 0);

    let pos = 0;
    for (const item of items) {
      if (typeof item === 'number') {
        pos += ((font.vertical ? 1 : -1) * item * fontSize) / 1000;
        continue;
      }
      if (!item) continue;
      const spacing = (item.isSpace ? st.wordSpacing : 0) + st.charSpacing;
      let box: Box;
      if (font.vertical) {
        const vmetric = item.vmetric ?? font.defaultVMetrics;
        const vx = -(item.vmetric ? (item.vmetric[1] ?? 0) : item.width * 0.5) * advanceScale;
        const vy = (vmetric?.[2] ?? 880) * advanceScale;
        const originY = -(pos + vy);
        box = transformRect(textToPage, vx, originY + bottom, vx + item.width * advanceScale, originY + top);
        pos += (vmetric ? -(vmetric[0] ?? -1000) : item.width) * advanceScale - spacing * dir;
      } else {
        const width = item.width * advanceScale;
        box = transformRect(textToPage, pos, bottom, pos + width, top);
        pos += width + spacing * dir;
      }
      this.addGlyph(item, box, size, vertical, upward, textToPage);
    }
    if (font.vertical) st.y -= pos;
    else st.x += pos * hScale;
  }

  private addGlyph(item: PdfjsGlyph, box: Box, size: number, vertical: boolean, upward: boolean, textToPage: Matrix): void {
    const cx = (box[0] + box[2]) / 2;
    const cy = (box[1] + box[3]) / 2;
    if (cx < 0 || cy < 0 || cx > this.viewport.width || cy > this.viewport.height) return;
    const text = glyphText(item.unicode, this.lib.normalizeUnicode);
    if (text === '') return;
    // not item.isSpace: that only says the char code is 32, which subset fonts give to any character (LibreOffice)
    const space = text.trim() === '';
    const cross = vertical ? cx : applyPoint(textToPage, 0, 0)[1];
    this.glyphs.push({ text: space ? ' ' : text, box, size, vertical, upward, space, cross });
  }

  private paintPath(paintOp: number, data: ArrayLike<number> | undefined): void {
    if (!data) return;
    const { OPS } = this.lib;
    const st = this.state;
    const strokes =
      st.strokeVisible &&
      (paintOp === OPS.stroke ||
        paintOp === OPS.closeStroke ||
        paintOp === OPS.fillStroke ||
        paintOp === OPS.eoFillStroke ||
        paintOp === OPS.closeFillStroke ||
        paintOp === OPS.closeEOFillStroke);
    const fills =
      st.fillVisible &&
      (paintOp === OPS.fill ||
        paintOp === OPS.eoFill ||
        paintOp === OPS.fillStroke ||
        paintOp === OPS.eoFillStroke ||
        paintOp === OPS.closeFillStroke ||
        paintOp === OPS.closeEOFillStroke);
    if (!strokes && !fills) return;
    for (const subpath of subpaths(data, st.ctm)) {
      if (strokes) this.addStrokedLines(subpath);
      if (fills) {
        const rect = asRectangle(subpath);
        if (rect) this.addFilledRect(rect);
      }
    }
  }

  private addStrokedLines(points: Array<[number, number]>): void {
    for (let i = 1; i < points.length; i++) {
      const [x0, y0] = points[i - 1]!;
      const [x1, y1] = points[i]!;
      if (Math.abs(y1 - y0) <= STRAIGHT_SLACK && Math.abs(x1 - x0) >= MIN_RULE_LENGTH) {
        this.rules.push({ horizontal: true, at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
      } else if (Math.abs(x1 - x0) <= STRAIGHT_SLACK && Math.abs(y1 - y0) >= MIN_RULE_LENGTH) {
        this.rules.push({ horizontal: false, at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
      }
    }
  }

  /** A thin filled rectangle is a rule; a larger one is a background, which says nothing sure about borders. */
  private addFilledRect([x0, y0, x1, y1]: Box): void {
    const w = x1 - x0, h = y1 - y0;
    if (h <= MAX_RULE_THICKNESS && w >= MIN_RULE_LENGTH && w > h) {
      this.rules.push({ horizontal: true, at: (y0 + y1) / 2, from: x0, to: x1 });
    } else if (w <= MAX_RULE_THICKNESS && h >= MIN_RULE_LENGTH && h > w) {
      this.rules.push({ horizontal: false, at: (x0 + x1) / 2, from: y0, to: y1 });
    }
  }
}

/** The straight-line subpaths of pdf.js path data, on the page; a curve ends the straight run it interrupts. */
function subpaths(data: ArrayLike<number>, ctm: Matrix): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  let start: [number, number] | null = null;
  const flush = (): void => {
    if (current.length > 1) out.push(current);
    current = [];
  };
  for (let i = 0; i < data.length; ) {
    const verb = data[i++];
    if (verb === MOVE_TO || verb === LINE_TO) {
      const p = applyPoint(ctm, data[i]!, data[i + 1]!);
      i += 2;
      if (verb === MOVE_TO) {
        flush();
        start = p;
      }
      current.push(p);
    } else if (verb === CURVE_TO || verb === QUAD_TO) {
      const n = verb === CURVE_TO ? 6 : 4;
      const end = applyPoint(ctm, data[i + n - 2]!, data[i + n - 1]!);
      i += n;
      flush();
      current.push(end);
      start = null;
    } else if (verb === CLOSE) {
      if (start) current.push(start);
      flush();
    } else {
      break; // unknown verb: the rest cannot be read safely
    }
  }
  flush();
  return out;
}

/** The box of a closed axis-aligned rectangle (4 corners, optionally repeating the first), else null. */
function asRectangle(points: Array<[number, number]>): Box | null {
  const n = points.length;
  if (n < 4 || n > 5) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const onEdge = points.every(
    ([x, y]) =>
      (Math.abs(x - x0) <= STRAIGHT_SLACK || Math.abs(x - x1) <= STRAIGHT_SLACK) &&
      (Math.abs(y - y0) <= STRAIGHT_SLACK || Math.abs(y - y1) <= STRAIGHT_SLACK),
  );
  return onEdge ? [x0, y0, x1, y1] : null;
}

function toFontMetrics(font: unknown): FontMetrics | null {
  if (!font || typeof font !== 'object') return null;
  const f = font as Record<string, unknown>;
  const matrix = Array.isArray(f.fontMatrix) && f.fontMatrix.length === 6 ? (f.fontMatrix as number[]) : [0.001, 0, 0, 0.001, 0, 0];
  return {
    matrix,
    vertical: f.vertical === true,
    ascent: typeof f.ascent === 'number' && f.ascent > 0 ? f.ascent : 0.88,
    descent: typeof f.descent === 'number' && f.descent < 0 ? f.descent : -0.12,
    defaultVMetrics: Array.isArray(f.defaultVMetrics) ? (f.defaultVMetrics as number[]) : null,
  };
}

const textCache = new Map<string, string>();

/** Text of one glyph as pdf.js's text layer would give it (ligatures folded), then the project's normalisation. */
function glyphText(unicode: string | undefined, normalizeUnicode: (s: string) => string): string {
  if (!unicode) return '';
  let text = textCache.get(unicode);
  if (text === undefined) {
    text = normalizeText(normalizeUnicode(unicode));
    if (textCache.size < 100_000) textCache.set(unicode, text);
  }
  return text;
}

/** A plain copy of a matrix pdf.js sends as a Float32Array (Array.from is slow on typed arrays). */
const toMatrix = (m: ArrayLike<number>): Matrix => [m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!];
const isMatrix = (v: unknown): v is ArrayLike<number> =>
  (Array.isArray(v) || ArrayBuffer.isView(v)) && (v as ArrayLike<number>).length === 6;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const isWhite = (color: unknown): boolean => typeof color === 'string' && color.toLowerCase() === '#ffffff';
