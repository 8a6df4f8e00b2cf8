import { describe, expect, it } from 'vitest';
import { safeFileName, sniffFileType } from '../../bot-server/src/lib/file-sniff.js';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('file type from bytes', () => {
  it('recognises images, PDF and MP4 by their signatures', () => {
    expect(sniffFileType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffFileType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffFileType(bytes('GIF89a'))).toBe('image/gif');
    expect(sniffFileType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffFileType(bytes('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffFileType(bytes([0, 0, 0, 0x18], 'ftypheic'))).toBe('image/heic');
    expect(sniffFileType(bytes([0, 0, 0, 0x18], 'ftypisom'))).toBe('video/mp4');
  });
  it('refuses anything else, whatever it claims to be', () => {
    expect(sniffFileType(bytes('MZ', [0x90, 0]))).toBeNull(); // a Windows executable
    expect(sniffFileType(bytes('<html><script>'))).toBeNull();
    expect(sniffFileType(new Uint8Array())).toBeNull();
  });
});

describe('safe file names', () => {
  it('drops folders, traversal and control characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\a\\bien-ban.pdf')).toBe('bien-ban.pdf');
    expect(safeFileName('..')).toBe('tep');
    expect(safeFileName('ảnh\u0000 hiện trường.jpg')).toBe('ảnh hiện trường.jpg');
    expect(safeFileName('a"b<c>.png')).toBe('abc.png');
  });
});
