// Word search on feedback (CONTRACT §13): every word of q must appear in the title, content or code, without regard
// to diacritics or case ("o ga" finds "ổ gà"). Each word is one LIKE '%word%' on the folded text, which the trigram
// index feedback_search_idx serves; the word is folded by the same function in the database, so both sides agree.
import { and, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { feedback, feedbackSearchText } from '../../../../db/schema.js';

export const SEARCH_MAX_CHARS = 200;
/** More words than this add nothing a person types, only work for the database. */
export const SEARCH_MAX_WORDS = 8;

/** The `q` query parameter: trimmed, at most SEARCH_MAX_CHARS characters; empty means no search. */
export const searchParam = z
  .string()
  .trim()
  .max(SEARCH_MAX_CHARS, `must be at most ${SEARCH_MAX_CHARS} characters`)
  .optional();

/** The words of q, distinct, at most SEARCH_MAX_WORDS. */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return [...new Set(q.split(/\s+/u).filter(Boolean))].slice(0, SEARCH_MAX_WORDS);
}

/**
 * The condition for q, or undefined when q has no words. `hidden` are values the reader is not shown (the public
 * results mask the contact's name): a word must then also appear in the text with those values taken out, so a search
 * by a masked name finds nothing rather than confirming who wrote. The trigram index still serves the first test.
 */
export function searchCondition(q: string | undefined, hidden: SQL[] = []): SQL | undefined {
  const words = searchWords(q);
  if (!words.length) return undefined;
  const text = feedbackSearchText(feedback);
  // Values shorter than 3 characters are not masked on display either (they would mask ordinary words).
  const shown = hidden.reduce<SQL>(
    (t, value) =>
      sql`(case when length(trim(coalesce(${value}, ''))) >= 3 then replace(${t}, lower(immutable_unaccent(trim(${value}))), ' ') else ${t} end)`,
    text,
  );
  // LIKE's own characters are taken literally (backslash is LIKE's default escape), after folding: unaccent could in
  // principle turn a letter into one of them.
  const folded = (w: string) => sql`lower(immutable_unaccent(${w}::text))`;
  const escaped = (w: string) => sql`replace(replace(replace(${folded(w)}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
  const like = (t: SQL, w: string) => sql`${t} like '%' || ${escaped(w)} || '%'`;
  return and(...words.map((w) => (hidden.length ? and(like(text, w), like(shown, w))! : like(text, w))));
}
