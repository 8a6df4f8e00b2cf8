import { describe, expect, it } from 'vitest';
import { stripImageMetadata } from '../../bot-server/src/lib/image-metadata.js';
import { maskPersonalData, MASK } from '../../bot-server/src/features/public/public-feedback-view.js';

const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4, 0xaa)]);
};
const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('photo metadata removal', () => {
  it('drops PNG eXIf and text chunks and what follows IEND, keeping the image chunks byte for byte', () => {
    const ihdr = chunk('IHDR', Buffer.alloc(13, 1));
    const idat = chunk('IDAT', Buffer.from('pixels'));
    const png = Buffer.concat([SIG, ihdr, chunk('eXIf', Buffer.from('GPS 21.0285')), chunk('tEXt', Buffer.from('Author\0Nguyen')), idat, chunk('iTXt', Buffer.from('x')), chunk('IEND', Buffer.alloc(0)), Buffer.from('tail GPS')]);
    const out = Buffer.from(stripImageMetadata(new Uint8Array(png), 'image/png')!);
    expect(out).toEqual(Buffer.concat([SIG, ihdr, idat, chunk('IEND', Buffer.alloc(0))]));
  });

  it('refuses what it cannot parse, and types it does not handle', () => {
    expect(stripImageMetadata(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), 'image/jpeg')).toBeNull();
    expect(stripImageMetadata(new Uint8Array([0xff, 0xd8, 0x00, 0x01]), 'image/jpeg')).toBeNull();
    expect(stripImageMetadata(new Uint8Array(Buffer.concat([SIG, Buffer.from([0, 0, 0, 99])])), 'image/png')).toBeNull();
    expect(stripImageMetadata(new Uint8Array(Buffer.from('RIFF....WEBP')), 'image/webp')).toBeNull();
  });

  it('keeps an ICC profile and drops an MPF index in APP2', () => {
    const seg = (marker: number, data: Buffer) => Buffer.concat([Buffer.from([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff]), data]);
    const icc = seg(0xe2, Buffer.from('ICC_PROFILE\0\x01\x01data', 'latin1'));
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), icc, seg(0xe2, Buffer.from('MPF\0index')), seg(0xed, Buffer.from('Photoshop 3.0 IPTC')), Buffer.from([0xff, 0xd9])]);
    expect(Buffer.from(stripImageMetadata(new Uint8Array(jpeg), 'image/jpeg')!)).toEqual(Buffer.concat([Buffer.from([0xff, 0xd8]), icc, Buffer.from([0xff, 0xd9])]));
  });
});

describe('masking personal data in published texts', () => {
  it('masks the item’s own contact values and phone- or e-mail-shaped text, not ordinary numbers', () => {
    const text = 'Tôi là Lê Thị Hoa, gọi +84 912.345.678 hoặc 0912345678, thư hoa@example.vn. Mã PA-2026-000123, ngày 02.03.2026, 150 m.';
    const out = maskPersonalData(text, ['lê thị hoa', null, 'x'])!;
    expect(out).toBe(`Tôi là ${MASK}, gọi ${MASK} hoặc ${MASK}, thư ${MASK}. Mã PA-2026-000123, ngày 02.03.2026, 150 m.`);
  });
});
