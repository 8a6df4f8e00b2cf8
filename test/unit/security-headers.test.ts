import { describe, expect, it } from 'vitest';
import { apiOrigin, miniAppCsp } from '../../bot-server/src/lib/security-headers.js';

describe('mini app page policy', () => {
  it('adds only the origin of an absolute API base', () => {
    expect(apiOrigin('https://pakn.example.gov.vn/api/')).toBe('https://pakn.example.gov.vn');
    expect(apiOrigin('http://localhost:3000')).toBe('http://localhost:3000');
    expect(apiOrigin('/api')).toBeNull();
    expect(apiOrigin('')).toBeNull();
    expect(apiOrigin(undefined)).toBeNull();
    expect(apiOrigin('https://')).toBeNull();
  });

  it('has one value per directive, each directive once', () => {
    const directives = miniAppCsp('https://pakn.example.gov.vn').split('; ').map((d) => d.split(' ')[0]);
    expect(new Set(directives).size).toBe(directives.length);
    expect(directives).toEqual(expect.arrayContaining(['default-src', 'script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'object-src', 'base-uri', 'frame-ancestors']));
    expect(miniAppCsp('https://pakn.example.gov.vn')).toContain("connect-src 'self' https://pakn.example.gov.vn blob:");
  });
});
