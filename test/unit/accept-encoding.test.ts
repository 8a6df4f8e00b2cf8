import { describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../bot-server/src/lib/accept-encoding.js';

const both = ['br', 'gzip'] as const;

describe('Accept-Encoding negotiation', () => {
  it('sends identity when the client says nothing', () => {
    expect(chooseEncoding(undefined, both)).toBe('identity');
    expect(chooseEncoding(null, both)).toBe('identity');
    expect(chooseEncoding('', both)).toBe('identity');
  });

  it('prefers brotli when it is accepted as much as gzip, and gzip when brotli is not', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(chooseEncoding('gzip, deflate', both)).toBe('gzip');
    expect(chooseEncoding('x-gzip', both)).toBe('gzip');
    expect(chooseEncoding('GZIP, BR', both)).toBe('br');
  });

  it('follows q-values', () => {
    expect(chooseEncoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=0.9, gzip;q=0.8', both)).toBe('br');
    expect(chooseEncoding('br;q=0, gzip;q=0', both)).toBe('identity');
    expect(chooseEncoding('gzip;q=0.2, identity;q=0.5', both)).toBe('identity');
    expect(chooseEncoding('br ; q=0.001', both)).toBe('br');
    // A coding named as acceptable beats unnamed identity.
    expect(chooseEncoding('gzip;q=0.3', both)).toBe('gzip');
  });

  it('applies * to what is not named', () => {
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('br;q=0, *', both)).toBe('gzip');
    expect(chooseEncoding('*;q=0, gzip', both)).toBe('gzip');
    // Everything refused: identity anyway, rather than no answer.
    expect(chooseEncoding('*;q=0', both)).toBe('identity');
    expect(chooseEncoding('identity;q=0', [])).toBe('identity');
  });

  it('offers only the copies the server has', () => {
    expect(chooseEncoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(chooseEncoding('br', ['gzip'])).toBe('identity');
    expect(chooseEncoding('br, gzip', [])).toBe('identity');
  });

  it('leaves out malformed entries', () => {
    expect(chooseEncoding('br;q=2, gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=abc', both)).toBe('identity');
    expect(chooseEncoding('br;q=0.5000, gzip;q=0.1', both)).toBe('gzip');
    expect(chooseEncoding(',,; , br', both)).toBe('br');
  });
});
