import { describe, expect, it } from 'vitest';
import { nameForType, safeFileName, sniffFileType } from '../../bot-server/src/lib/file-sniff.js';

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

describe('file names that match the sniffed type', () => {
  it('keeps a name whose extension is one of the type, in any case', () => {
    expect(nameForType('anh.jpg', 'image/jpeg')).toBe('anh.jpg');
    expect(nameForType('ANH.JPEG', 'image/jpeg')).toBe('ANH.JPEG');
    expect(nameForType('IMG_0001.HEIC', 'image/heic')).toBe('IMG_0001.HEIC');
    expect(nameForType('Biên bản số 12.2026.pdf', 'application/pdf')).toBe('Biên bản số 12.2026.pdf');
  });
  it('adds the extension of the real type to any other name', () => {
    expect(nameForType('x.html', 'image/jpeg')).toBe('x.html.jpg');
    expect(nameForType('anh.png', 'image/jpeg')).toBe('anh.png.jpg');
    expect(nameForType('bao-cao', 'application/pdf')).toBe('bao-cao.pdf');
    expect(nameForType('tep', 'image/png')).toBe('tep.png');
    expect(nameForType('clip.mov', 'video/mp4')).toBe('clip.mov.mp4');
  });
  it('leaves names of types it does not know alone', () => {
    expect(nameForType('bang.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('bang.xlsx');
  });
});

describe('a long file name', () => {
  it('is cut at 200 characters without splitting an emoji, which jsonb would refuse', () => {
    const name = `${'a'.repeat(199)}😀😀.jpg`;
    const cut = safeFileName(name);
    expect(Array.from(cut)).toHaveLength(200);
    expect(cut.endsWith('😀')).toBe(true);
    expect(/[\ud800-\udbff]$/.test(cut)).toBe(false);
  });
});
