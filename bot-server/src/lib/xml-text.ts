// Text for XML 1.0 documents. Escaping &<>"' is not enough: XML 1.0 forbids most control characters outright
// (even as &#1;), so one such character in a citizen's text would make the whole feed unreadable to every client.

/**
 * Everything outside the XML 1.0 Char production (#x9 #xA #xD [#x20-#xD7FF] [#xE000-#xFFFD] [#x10000-#x10FFFF]).
 * With the `u` flag a surrogate pair is one code point (allowed) and a lone surrogate is matched (forbidden).
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A raw CR would reach the reader as LF (end-of-line handling); as a reference it survives.
  '\r': '&#xD;',
};

/** Drops the characters XML 1.0 cannot carry; the JSON form of the same resource keeps them. */
export const stripNonXmlChars = (s: string): string => s.replace(NOT_XML_CHAR, '');

/** Safe as element content and inside a quoted attribute value. */
export function escapeXml(s: string): string {
  return stripNonXmlChars(s).replace(/[&<>"'\r]/g, (ch) => ENTITIES[ch]!);
}
