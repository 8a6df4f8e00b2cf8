import { describe, expect, it } from 'vitest';
import { escapeXml, stripNonXmlChars } from '../../bot-server/src/lib/xml-text.js';
import { parseStrictXml } from '../support/strict-xml.js';

describe('XML 1.0 text', () => {
  it('keeps every character of the Char production, at the edges of each range', () => {
    const allowed = '\t\n\r \u00e9\uD7FF\uE000\uFFFD\u{10000}\u{1F600}\u{10FFFF}';
    expect(stripNonXmlChars(allowed)).toBe(allowed);
  });

  it('drops C0 controls, U+FFFE/U+FFFF and lone surrogates', () => {
    const c0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
    expect(stripNonXmlChars(`a${c0}b`)).toBe('a\t\n\rb');
    expect(stripNonXmlChars('x\uFFFE\uFFFFy')).toBe('xy');
    // High alone, low alone, and a pair in the wrong order.
    expect(stripNonXmlChars('1\uD800 2\uDFFF 3\uDC00\uD83D')).toBe('1 2 3');
    expect(stripNonXmlChars('\uD83D\uDE00')).toBe('😀');
  });

  it('escapes markup and CR: the text reads back exactly as element content, and is well-formed in an attribute', () => {
    const text = `<a href="x">Tom & 'Jerry'</a>\r\n\u0001end`;
    expect(escapeXml(text)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;&#xD;\nend');
    const doc = parseStrictXml(`<?xml version="1.0"?><r a="${escapeXml(text)}">${escapeXml(text)}</r>`);
    expect(doc.errors).toEqual([]);
    expect(doc.texts.get('r')).toEqual([`<a href="x">Tom & 'Jerry'</a>\r\nend`]);
  });
});
