// Text that PostgreSQL cannot store, decided in one place (docs/decisions/009-hostile-input-and-rate-limits.md).
//
// - Refused with a 400 naming the field: U+0000 (NUL), which `text` and `jsonb` cannot hold, and unpaired UTF-16
//   surrogates ("\ud800" in JSON), which are not characters at all and which `jsonb` rejects. People never type
//   either; they come from broken clients and attackers, so saying so beats guessing what was meant.
// - Cleaned, never refused: a signed Zalo event (it must never be lost), where NUL is dropped and an unpaired
//   surrogate becomes U+FFFD in the copy the bot reads, while the exact bytes are kept for a person to look at.
// - Kept as sent: every other character. Control characters that XML forbids are dropped where XML is written.

// An unpaired surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_GLOBAL = new RegExp(UNSAFE.source, 'g');

export const UNSAFE_TEXT_MESSAGE = 'contains a NUL character (\\u0000) or an unpaired surrogate, which cannot be stored';

export function isUnsafeText(s: string): boolean {
  return UNSAFE.test(s);
}

/** NUL removed, unpaired surrogates replaced by U+FFFD. */
export function cleanText(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_GLOBAL, (ch) => (ch === '\u0000' ? '' : '\ufffd')) : s;
}

export interface UnsafeTextIssue {
  field: string;
  message: string;
}

/**
 * Every string (values and object keys) in a parsed JSON value that cannot be stored, with its dotted path.
 * Iterative, so a deeply nested hostile body cannot exhaust the stack; stops after `max` findings.
 */
export function findUnsafeText(value: unknown, root = '', max = 20): UnsafeTextIssue[] {
  const out: UnsafeTextIssue[] = [];
  const stack: [unknown, string][] = [[value, root]];
  const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length && out.length < max) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSAFE.test(v)) out.push({ field: path || '(body)', message: UNSAFE_TEXT_MESSAGE });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], at(path, String(i))]);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        if (UNSAFE.test(k)) out.push({ field: at(path, cleanText(k)), message: `the field name ${UNSAFE_TEXT_MESSAGE}` });
        stack.push([child, at(path, k)]);
      }
    }
  }
  return out;
}

/** A deep copy with every string (and key) cleaned; iterative like findUnsafeText. */
export function cleanJson<T>(value: T): T {
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') return cleanText(v);
    return v;
  };
  if (typeof value !== 'object' || value === null) return clean(value) as T;
  const rootCopy: unknown = Array.isArray(value) ? [] : {};
  const stack: [unknown, Record<string, unknown> | unknown[]][] = [[value, rootCopy as Record<string, unknown>]];
  while (stack.length) {
    const [src, dst] = stack.pop()!;
    for (const [k, child] of Object.entries(src as object)) {
      const key = Array.isArray(dst) ? Number(k) : cleanText(k);
      let copy: unknown;
      if (typeof child === 'object' && child !== null) {
        copy = Array.isArray(child) ? [] : {};
        stack.push([child, copy as Record<string, unknown>]);
      } else {
        copy = clean(child);
      }
      // defineProperty: a "__proto__" key is data here, not the copy's prototype.
      Object.defineProperty(dst, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
  }
  return rootCopy as T;
}

/** Unsafe text in a request's path segments and query parameters (names and values), as the routes would decode them. */
export function findUnsafeInUrl(url: string): UnsafeTextIssue[] {
  const parsed = new URL(url);
  const out: UnsafeTextIssue[] = [];
  // %00 is the only way a NUL reaches a path: the URL parser escapes raw control characters, and percent-decoding
  // cannot make a surrogate. Checking the escape itself also covers a segment whose other escapes are malformed,
  // which the router still decodes escape by escape.
  if (parsed.pathname.includes('%00')) {
    out.push({ field: 'path', message: UNSAFE_TEXT_MESSAGE });
  }
  for (const [name, value] of parsed.searchParams) {
    if (UNSAFE.test(name) || UNSAFE.test(value)) out.push({ field: `query.${cleanText(name)}`, message: UNSAFE_TEXT_MESSAGE });
  }
  return out;
}
