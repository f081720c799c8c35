import { describe, it, expect } from 'vitest';
import { documentKind } from './sniff.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

describe('which files are documents, by their content', () => {
  it('knows documents whatever their names', () => {
    expect(documentKind(text('%PDF-1.7\n...'), 'a.txt')).toBe('pdf');
    expect(documentKind(bytes(0x50, 0x4b, 0x03, 0x04, 0, 0), 'a.bin')).toBe('docx');
    expect(documentKind(bytes(0xd0, 0xcf, 0x11, 0xe0, 0, 0), 'a')).toBe('ole');
    expect(documentKind(text('<html><body>报告</body></html>'), 'a.txt')).toBe('html');
    expect(documentKind(text('一、总体情况\n'), 'report.png')).toBe('text');
    expect(documentKind(new Uint8Array(Buffer.from('\ufeff一、总体情况', 'utf16le')), 'u16.txt')).toBe('text');
    expect(documentKind(new Uint8Array(0), 'empty.txt')).toBe('text'); // read, and failed as EMPTY
  });

  it('skips images, archives, executables and other binary files', () => {
    expect(documentKind(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a), 'report.txt')).toBeNull();
    expect(documentKind(bytes(0xff, 0xd8, 0xff, 0xe0), 'report.pdf')).toBeNull();
    expect(documentKind(bytes(0x50, 0x4b, 0x05, 0x06, 0, 0), 'report.docx')).toBeNull();
    expect(documentKind(bytes(0x1f, 0x8b, 8, 0), 'report.txt')).toBeNull();
    expect(documentKind(bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1), 'xxgk')).toBeNull();
    expect(documentKind(new Uint8Array(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)), 'noise.txt')).toBeNull();
    expect(documentKind(text('  {"format": "2019", "year": 2020}\n'), 'expected.txt')).toBeNull();
    expect(documentKind(text('[表二] 一、总体情况'), 'report.txt')).toBe('text'); // a bracket, but not JSON
  });
});
