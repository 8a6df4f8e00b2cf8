// Chatbot shortcuts (`#phananh …`, `#tracuu …`) and Vietnamese text folding. Pure.
//
// Citizens type on phone keyboards with or without diacritics, in upper or lower case, sometimes with a space
// after '#' or between syllables. Matching happens on a folded copy of the text (lower case, no diacritics),
// while the argument is cut from the original text so the citizen's own words keep their diacritics.

export const SHORTCUT_COMMANDS = ['phananh', 'tracuu', 'cuatoi', 'huy', 'trogiup'] as const;
export type ShortcutCommand = (typeof SHORTCUT_COMMANDS)[number];
export type Shortcut = { command: ShortcutCommand; arg: string };

const COMBINING_MARK = /^\p{M}+$/u;
const foldCache = new Map<string, string>();

/** One character (code point) → lower case without diacritics; combining marks → ''. */
function foldChar(ch: string): string {
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let out: string;
  if (ch === 'đ' || ch === 'Đ') out = 'd';
  else if (COMBINING_MARK.test(ch)) out = '';
  else out = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (foldCache.size < 4096) foldCache.set(ch, out);
  return out;
}

/**
 * Folds text character by character and remembers, for each folded UTF-16 unit, where its character starts in
 * the original. Works for NFC (precomposed) and NFD (combining marks) input alike.
 */
function foldWithIndex(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  return { folded, origin };
}

/** Lower case, no Vietnamese diacritics (đ → d), whitespace collapsed to single spaces, trimmed. */
export function normalizeVi(text: string): string {
  return foldWithIndex(text).folded.replace(/\s+/g, ' ').trim();
}

// Folded command spellings. Syllables may be separated by spaces, '_' or '-'. Each must end at a word boundary,
// except that a tracking code may follow `#tracuu` without a space (`#tracuuPA-2026-000123`).
const SEP = '[\\s_-]*';
const END = '(?![\\p{L}\\p{N}])';
const COMMAND_PATTERNS: [ShortcutCommand, string][] = [
  ['phananh', `phan${SEP}anh${END}`],
  ['tracuu', `tra${SEP}cuu(?:${END}|(?=pa[\\s_.-]*\\d))`],
  ['cuatoi', `cua${SEP}toi${END}`],
  ['huy', `huy(?:${SEP}bo)?${END}`],
  ['trogiup', `(?:tro${SEP}giup|huong${SEP}dan|help)${END}`],
];
const SHORTCUT_RE = new RegExp(`^\\s*[#＃]\\s*(?:${COMMAND_PATTERNS.map(([, p]) => `(${p})`).join('|')})`, 'u');

/**
 * Recognises `#phananh <nội dung>`, `#tracuu <mã>`, `#cuatoi`, `#huy`, `#trogiup` (any case, with or without
 * diacritics, spaces allowed after '#' and between syllables). `arg` is cut from the original text, trimmed,
 * NFC-normalised, with a leading ':' dropped; for `tracuu` it is the tracking code in upper case.
 * Returns null when the text is not a shortcut.
 */
export function parseShortcut(text: string): Shortcut | null {
  const { folded, origin } = foldWithIndex(text);
  const m = SHORTCUT_RE.exec(folded);
  if (!m) return null;
  const group = m.slice(1).findIndex((g) => g !== undefined);
  const command = COMMAND_PATTERNS[group]![0];
  const end = m[0].length;
  const cut = end < origin.length ? origin[end]! : text.length;
  let arg = text
    .slice(cut)
    .replace(/^[\s:：]+/u, '')
    .trim()
    .normalize('NFC');
  if (command === 'tracuu') arg = normalizeTrackingCode(arg);
  return { command, arg };
}

/**
 * Canonical form of a tracking code as a citizen may type it: upper case, dashes of any kind, spaces
 * (`pa 2026 000123`, `PA–2026–000123`, `PA2026000123`, `PA-2026-123`) → `PA-2026-000123`. Text that does not look like a code is
 * only trimmed and upper-cased, so the caller can tell the citizen the expected format.
 */
export function normalizeTrackingCode(raw: string): string {
  const upper = raw.trim().toUpperCase();
  const m = /^PA[\s\-‐-―_.]*(\d{4})[\s\-‐-―_.]+(\d{1,})$/u.exec(upper) ?? /^PA[\s\-‐-―_.]*(\d{4})(\d{6,})$/u.exec(upper);
  return m ? `PA-${m[1]}-${m[2]!.padStart(6, '0')}` : upper;
}
