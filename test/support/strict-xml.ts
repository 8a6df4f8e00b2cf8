// A strict XML 1.0 check for tests: saxes (the conformant parser jsdom uses, already in node_modules through the
// mini app's jsdom) reports every well-formedness error, including characters outside the Char production.
import { SaxesParser } from 'saxes';

export interface ParsedXml {
  errors: string[];
  root: string | null;
  /** Text of every element that holds only text, by element name, in document order. */
  texts: Map<string, string[]>;
}

export function parseStrictXml(xml: string): ParsedXml {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const errors: string[] = [];
  const texts = new Map<string, string[]>();
  let root: string | null = null;
  let text = '';
  parser.on('error', (e) => errors.push(e.message));
  parser.on('opentag', (t) => {
    root ??= t.name;
    text = '';
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', (t) => {
    texts.set(t.name, [...(texts.get(t.name) ?? []), text]);
    text = '';
  });
  // A JS string can hold a lone surrogate that saxes passes; on the wire it is not UTF-8 at all.
  const lone = /[\uD800-\uDFFF]/u.exec(xml);
  if (lone) errors.push(`lone surrogate at ${lone.index}`);
  parser.write(xml).close();
  return { errors, root, texts };
}
