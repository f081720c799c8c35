import { describe, it, expect } from 'vitest';
import { decodeText, readText } from './text.js';
import { normalizeText } from './normalize.js';
import { XxgkError } from '../errors.js';

const SAMPLE = '一、总体情况\n收到申请１２件。⼯作⻓效①㎡';

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof XxgkError ? e.code : 'OTHER'; }
  return undefined;
}

describe('decodeText detects the encoding by itself', () => {
  it('UTF-8 with and without BOM', () => {
    const utf8 = new TextEncoder().encode(SAMPLE);
    expect(decodeText(utf8).text).toBe(SAMPLE);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])).text).toBe(SAMPLE);
  });
  it('GB18030/GBK', () => {
    // 一、总体情况 in GBK
    const gbk = new Uint8Array([0xd2, 0xbb, 0xa1, 0xa2, 0xd7, 0xdc, 0xcc, 0xe5, 0xc7, 0xe9, 0xbf, 0xf6]);
    expect(decodeText(gbk)).toEqual({ text: '一、总体情况', encoding: 'gb18030' });
  });
  it('UTF-16 LE and BE, with and without BOM', () => {
    const le = Buffer.from('一、总体情况\r\nabc 123\r\n', 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...le])).text).toContain('总体情况');
    expect(decodeText(new Uint8Array(le)).encoding).toBe('utf-16le');
    expect(decodeText(new Uint8Array(be)).encoding).toBe('utf-16be');
    expect(decodeText(new Uint8Array(be)).text).toContain('abc 123');
  });
  it('refuses empty and binary input with a clear code', () => {
    expect(code(() => decodeText(new Uint8Array()))).toBe('EMPTY');
    expect(code(() => readText(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x3e, 0x00])))).toBe('BINARY');
  });
});

describe('normalizeText', () => {
  it('folds full-width digits and Kangxi radicals but keeps ①, ㎡ and Chinese punctuation', () => {
    expect(normalizeText(SAMPLE)).toBe('一、总体情况\n收到申请12件。工作长效①㎡');
    expect(normalizeText('衡水市人⺠政府⻔户⻢上')).toBe('衡水市人民政府门户马上');
    expect(normalizeText('（一）＋５，－３')).toBe('（一）+5，-3');
  });

  it('folds the CJK compatibility ideographs supplement (outside the basic plane) to unified ideographs', () => {
    // U+2F800 丽 and U+2F81A 冬 are compatibility forms of U+4E3D 丽 and U+51AC 冬
    expect(normalizeText('\u{2F800}\u{2F81A}天')).toBe('\u4E3D\u51AC天');
    expect(normalizeText('𠀋')).toBe('𠀋'); // a supplementary ideograph that is not a compatibility form stays
  });
});

describe('readText', () => {
  it('makes one paragraph per non-blank line with its line number and offset', () => {
    const doc = readText('a\n\n  \nb c');
    expect(doc.blocks).toEqual([
      { type: 'paragraph', text: 'a', pos: { line: 1, offset: 0 } },
      { type: 'paragraph', text: 'b c', pos: { line: 4, offset: 6 } },
    ]);
  });
});
