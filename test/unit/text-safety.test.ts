import { describe, expect, it } from 'vitest';
import { cleanJson, cleanText, findUnsafeInUrl, findUnsafeText, isUnsafeText } from '../../bot-server/src/lib/text-safety.js';

describe('text the database cannot store', () => {
  it('is NUL and unpaired surrogates, nothing else', () => {
    for (const s of ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\ud83d', '\ude00x', '\udbff\udbff']) expect(isUnsafeText(s), JSON.stringify(s)).toBe(true);
    for (const s of ['', 'Ổ gà', '\ud83d\ude00', '\u0001\u001f\u007f', '\ufffe', 'o\u0302\u0309']) expect(isUnsafeText(s), JSON.stringify(s)).toBe(false);
  });

  it('is cleaned by dropping NUL and replacing unpaired surrogates with U+FFFD, keeping pairs', () => {
    expect(cleanText('a\u0000b\ud800c\ud83d\ude00')).toBe('ab\ufffdc\ud83d\ude00');
    expect(cleanText('bình thường')).toBe('bình thường');
  });

  it('is found anywhere in a JSON value, keys included, with the dotted path', () => {
    const issues = findUnsafeText({ a: 'ok', b: [{ c: 'x\u0000' }], ['k\ud800']: 1, d: { e: '\udc00' } });
    expect(issues.map((i) => i.field).sort()).toEqual(['b.0.c', 'd.e', 'k\ufffd']);
    expect(findUnsafeText('\u0000')).toEqual([expect.objectContaining({ field: '(body)' })]);
  });

  it('walks deep values without recursion and cleans a deep copy', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findUnsafeText(deep)).toHaveLength(1);
    const cleaned = cleanJson({ a: ['\u0000', { b: '\ud800' }], ['\u0000k']: 'v', n: 1, z: null });
    expect(cleaned).toEqual({ a: ['', { b: '\ufffd' }], k: 'v', n: 1, z: null });
  });

  it('is found in path segments and query parameters as the routes decode them', () => {
    expect(findUnsafeInUrl('http://x/open311/v2/requests.json?service_code=a%00b')).toEqual([expect.objectContaining({ field: 'query.service_code' })]);
    expect(findUnsafeInUrl('http://x/api/v1/units/a%00/staff')).toEqual([expect.objectContaining({ field: 'path' })]);
    // Malformed escapes and encoded surrogates are not NUL: the routes see them as plain text.
    expect(findUnsafeInUrl('http://x/api/v1/x%ZZ?a=%ED%A0%80&b=%C3%A1')).toEqual([]);
  });
});
