// Feedback import from the DVC portal and other channels (CONTRACT §5): a CSV file or a JSON array, all or nothing.
//
// Every row is checked first and every problem is reported at once (422, nothing stored). Only a clean file is
// written, in the caller's transaction: rows already known by (channel, external_id) are updated in place and keep
// their tracking code; new rows go through createFeedback, so they get a code and a due time like any other item.
import { findUnsafeText } from '../../lib/text-safety.js';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { CsvError, parse as parseCsvText } from 'csv-parse/sync';
import { z } from 'zod';
import type { Tx } from '../../../../db/open-db.js';
import { categories, CHANNELS, feedback, units, type Channel, type FeedbackStatus } from '../../../../db/schema.js';
import { pausedAmountBetween, type DeadlinePolicy } from '../../domain/calendar/deadline.js';
import { daysFromCivil, daysInMonth, localDateOf, toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { isOpen } from '../../domain/feedback/feedback-state.js';
import { ApiError } from '../../lib/api-error.js';
import { ImportRejected, type RowError } from '../../lib/row-errors.js';
import type { Actor } from '../auth/actor.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { resolvePolicy } from '../feedback/deadline-policy-repository.js';
import { appendEvent, createFeedback, dueFor, type FeedbackRow, type ServiceContext } from '../feedback/feedback-service.js';

export const IMPORT_FIELDS = [
  'external_id',
  'channel',
  'received_at',
  'answered_at',
  'rating',
  'category',
  'unit',
  'content',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED_FIELDS: readonly ImportField[] = ['external_id', 'channel', 'received_at'];
const KNOWN_FIELDS = new Set<string>(IMPORT_FIELDS);

/** Serialises imports with each other, so two uploads of the same file cannot both insert a row. */
const IMPORT_LOCK_KEY = 727_140_002;
/** Keeps IN lists well below the protocol's limit on bind parameters. */
const CHUNK = 1000;

// ---------------------------------------------------------------------------------------------------------------
// Field rules

/** A short rendering of a rejected value for error messages. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const ISO_INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/**
 * Parses an ISO 8601 date-time that carries its offset (`Z`, `+07:00`, `+0700` or `+07`); seconds and fractions
 * are optional, and a space may stand for the `T` as RFC 3339 allows. Returns null for anything else, including
 * impossible dates such as 2026-02-30 and date-times without an offset, whose instant would be a guess.
 */
export function parseIsoInstant(text: string): Date | null {
  const m = ISO_INSTANT_RE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] ? Number(m[6]) : 0;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offHours = Number(m[10]);
    const offMinutes = m[11] ? Number(m[11]) : 0;
    if (offHours > 14 || offMinutes > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  const localMs = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
  return new Date(localMs - offsetMinutes * 60_000);
}

const requiredOr = (otherwise: string) => (iss: { input: unknown }) =>
  iss.input === undefined ? 'is required' : `${otherwise}; got ${shown(iss.input)}`;

const instant = (required: boolean) => {
  const base = z.string({ error: requiredOr('must be a date-time text') }).transform((value, ctx) => {
    const parsed = parseIsoInstant(value.trim());
    if (!parsed) {
      ctx.addIssue({
        code: 'custom',
        message: `must be an ISO 8601 date-time with its offset, such as 2026-02-10T09:00:00+07:00; got ${shown(value)}`,
      });
      return z.NEVER;
    }
    const year = Number(localDateOf(parsed).slice(0, 4));
    if (year < 2000 || year > 2100) {
      ctx.addIssue({ code: 'custom', message: `must be a date between the years 2000 and 2100; got ${shown(value)}` });
      return z.NEVER;
    }
    return parsed;
  });
  return required ? base : base.optional();
};

const code = (what: string) =>
  z
    .string({ error: requiredOr(`must be a ${what} code (text)`) })
    .trim()
    .max(100, `must be a ${what} code of at most 100 characters`)
    .optional();

const ratingMessage = requiredOr('must be a whole number from 1 to 5');

/** One schema per field, so a row with one bad field still has its other fields checked (and reported). */
const FIELD_SCHEMAS = {
  // Portals often number their records: a JSON number is taken as its decimal text.
  external_id: z.preprocess(
    (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v),
    z
      .string({ error: requiredOr('must be text') })
      .trim()
      .min(1, 'is required')
      .max(200, 'must be at most 200 characters'),
  ),
  channel: z.enum(CHANNELS, { error: requiredOr(`must be one of ${CHANNELS.join(', ')}`) }),
  received_at: instant(true),
  answered_at: instant(false),
  // CSV cells are text: "4" is the number 4.
  rating: z
    .preprocess(
      (v) => (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : v),
      z.number({ error: ratingMessage }).int({ error: ratingMessage }).min(1, { error: ratingMessage }).max(5, { error: ratingMessage }),
    )
    .optional(),
  category: code('category'),
  unit: code('unit'),
  content: z.string({ error: requiredOr('must be text') }).trim().max(20_000, 'must be at most 20000 characters').optional(),
} satisfies Record<ImportField, z.ZodType>;

type Parsed = { [K in ImportField]: z.output<(typeof FIELD_SCHEMAS)[K]> };

export interface ImportRow {
  row: number;
  externalId: string;
  channel: Channel;
  receivedAt: Date;
  answeredAt: Date | undefined;
  rating: number | undefined;
  categoryCode: string | undefined;
  unitCode: string | undefined;
  content: string | undefined;
}

/** What a body parser hands over: the data rows still unchecked, plus problems found while reading them. */
export interface ImportBody {
  records: { row: number; value: unknown }[];
  errors: RowError[];
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the body

function emptyBody(): never {
  throw new ImportRejected([{ row: 0, field: '(body)', message: 'contains no data rows' }]);
}

/**
 * CSV with a header row naming the fields. A byte-order mark and CRLF line ends are fine; quoted cells may hold
 * commas, quotes and line breaks, and a quote inside an unquoted cell is taken as is. A header with `;` and no `,` (Excel in a Vietnamese locale) is read with `;`.
 * An empty cell means the field is absent. Blank lines are skipped and not counted as rows.
 */
export function parseCsvBody(text: string): ImportBody {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  let records: string[][];
  try {
    // relax_quotes: a quote inside an unquoted cell (hand-written files) is kept as a character.
    records = parseCsvText(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) {
      throw new ApiError(400, 'invalid_csv', `The body is not valid CSV: ${err.message}`);
    }
    throw err;
  }
  const [header, ...data] = records;
  if (!header) emptyBody();

  const columns = header.map((h) => h.trim().toLowerCase());
  const headerErrors: RowError[] = [];
  const seen = new Set<string>();
  columns.forEach((name, i) => {
    if (!name) {
      headerErrors.push({ row: 0, field: `(column ${i + 1})`, message: `column ${i + 1} of the header has no name` });
    } else if (!KNOWN_FIELDS.has(name)) {
      headerErrors.push({ row: 0, field: name, message: `unknown column; the columns are ${IMPORT_FIELDS.join(', ')}` });
    } else if (seen.has(name)) {
      headerErrors.push({ row: 0, field: name, message: 'the column appears more than once in the header' });
    }
    seen.add(name);
  });
  for (const field of REQUIRED_FIELDS) {
    if (!seen.has(field)) headerErrors.push({ row: 0, field, message: 'required column is missing from the header' });
  }
  // With a wrong header the cells cannot be read reliably, so only the header is reported.
  if (headerErrors.length) throw new ImportRejected(headerErrors);

  const out: ImportBody = { records: [], errors: [] };
  let row = 0;
  for (const cells of data) {
    if (cells.every((cell) => cell.trim() === '')) continue; // e.g. ",,," left by a spreadsheet
    row++;
    if (cells.length !== columns.length) {
      out.errors.push({
        row,
        field: '(row)',
        message: `has ${cells.length} cells but the header has ${columns.length} columns`,
      });
      continue;
    }
    const value: Record<string, string> = {};
    columns.forEach((name, i) => {
      if (cells[i]!.trim() !== '') value[name] = cells[i]!;
    });
    out.records.push({ row, value });
  }
  if (row === 0) emptyBody();
  return out;
}

/** A JSON array of objects with the same field names as the CSV columns. */
export function parseJsonBody(text: string): ImportBody {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
  }
  if (!Array.isArray(value)) throw new ImportRejected([{ row: 0, field: '(body)', message: 'must be a JSON array of objects' }]);
  if (value.length === 0) emptyBody();
  return { records: value.map((v, i) => ({ row: i + 1, value: v })), errors: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Checking the rows

/** Checks one record field by field. `partial` keeps whatever fields were valid, for the cross-row checks. */
function checkRecord(row: number, value: unknown): { errors: RowError[]; partial: Partial<Parsed> } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { errors: [{ row, field: '(row)', message: 'must be an object with the fields of a feedback' }], partial: {} };
  }
  const raw = value as Record<string, unknown>;
  const unsafe = findUnsafeText(raw);
  if (unsafe.length) return { errors: unsafe.map((u) => ({ row, ...u })), partial: {} };
  const errors: RowError[] = [];
  for (const key of Object.keys(raw)) {
    if (!KNOWN_FIELDS.has(key)) {
      errors.push({ row, field: key, message: `unknown field; the fields are ${IMPORT_FIELDS.join(', ')}` });
    }
  }
  const partial: Record<string, unknown> = {};
  for (const field of IMPORT_FIELDS) {
    let input = raw[field];
    // An empty value means "absent", in JSON as in a CSV cell.
    if (input === null || (typeof input === 'string' && input.trim() === '')) input = undefined;
    const result = FIELD_SCHEMAS[field].safeParse(input);
    if (result.success) partial[field] = result.data;
    else errors.push(...result.error.issues.map((i) => ({ row, field, message: i.message })));
  }
  const p = partial as Partial<Parsed>;
  if (p.received_at && p.answered_at && p.answered_at.getTime() < p.received_at.getTime()) {
    errors.push({ row, field: 'answered_at', message: 'must not be before received_at' });
  }
  return { errors, partial: p };
}

interface Checked {
  rows: ImportRow[];
  categoryId: Map<string, number>;
  unitId: Map<string, number>;
}

/** Every check, collecting every problem; throws ImportRejected if there is any. */
async function checkAll(tx: Tx, body: ImportBody): Promise<Checked> {
  const errors: RowError[] = [...body.errors];
  const checked = body.records.map(({ row, value }) => {
    const result = checkRecord(row, value);
    errors.push(...result.errors);
    return { row, ...result };
  });

  // The same item twice in one file is a mistake in the file, whichever copy is right.
  const firstRow = new Map<string, number>();
  for (const { row, partial } of checked) {
    if (partial.channel === undefined || partial.external_id === undefined) continue;
    const key = keyOf(partial.channel, partial.external_id);
    const first = firstRow.get(key);
    if (first === undefined) firstRow.set(key, row);
    else errors.push({ row, field: 'external_id', message: `duplicate of row ${first} (same channel and external_id)` });
  }

  // References, in one query per table.
  const categoryCodes = [...new Set(checked.map((c) => c.partial.category).filter((v): v is string => !!v))];
  const unitCodes = [...new Set(checked.map((c) => c.partial.unit).filter((v): v is string => !!v))];
  const categoryId = new Map<string, number>();
  const unitId = new Map<string, number>();
  for (const part of chunks(categoryCodes)) {
    const found = await tx.select({ id: categories.id, code: categories.code }).from(categories).where(inArray(categories.code, part));
    for (const c of found) categoryId.set(c.code, c.id);
  }
  for (const part of chunks(unitCodes)) {
    const found = await tx.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, part));
    for (const u of found) unitId.set(u.code, u.id);
  }
  for (const { row, partial } of checked) {
    if (partial.category && !categoryId.has(partial.category)) {
      errors.push({ row, field: 'category', message: `unknown category code ${shown(partial.category)}` });
    }
    if (partial.unit && !unitId.has(partial.unit)) {
      errors.push({ row, field: 'unit', message: `unknown unit code ${shown(partial.unit)}` });
    }
  }

  if (errors.length) {
    // Stable sort: by row, then in the order the checks found them.
    throw new ImportRejected(errors.map((e, i) => ({ e, i })).sort((a, b) => a.e.row - b.e.row || a.i - b.i).map(({ e }) => e));
  }
  const rows = checked.map(({ row, partial: p }): ImportRow => ({
    row,
    externalId: p.external_id!,
    channel: p.channel!,
    receivedAt: p.received_at!,
    answeredAt: p.answered_at,
    rating: p.rating,
    categoryCode: p.category,
    unitCode: p.unit,
    content: p.content,
  }));
  return { rows, categoryId, unitId };
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

export interface ImportItem {
  external_id: string;
  channel: Channel;
  code: string;
  dueAt: string | null;
}

export interface ImportResult {
  imported: number;
  updated: number;
  items: ImportItem[];
}

/** Checks the whole body, then writes it in the caller's transaction. Nothing is written if any row is wrong. */
export async function importFeedback(
  tx: Tx,
  body: ImportBody,
  ctx: { actor: Actor; now: Date },
): Promise<ImportResult> {
  const { rows, categoryId, unitId } = await checkAll(tx, body);

  await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
  const existing = await loadExisting(tx, rows);
  const svc: ServiceContext = { ...ctx, cal: await loadCalendar(tx) };

  let imported = 0;
  let updated = 0;
  const items: ImportItem[] = [];
  for (const r of rows) {
    const current = existing.get(keyOf(r.channel, r.externalId));
    let saved: FeedbackRow;
    try {
      saved = current ? await updateOne(tx, current, r, { categoryId, unitId }, svc) : await createOne(tx, r, svc);
    } catch (err) {
      if (isUniqueViolation(err)) {
        // Filed through another path (the API, Open311) while this import ran.
        throw new ApiError(409, 'conflict', `Row ${r.row} was created by someone else during the import; send the file again`);
      }
      throw err;
    }
    if (current) updated++;
    else imported++;
    items.push({
      external_id: r.externalId,
      channel: r.channel,
      code: saved.code,
      dueAt: saved.dueAt ? toIsoWithOffset(saved.dueAt) : null,
    });
  }
  return { imported, updated, items };
}

const keyOf = (channel: string, externalId: string) => `${channel}\u0000${externalId}`;

/** The rows of this file already stored, locked against concurrent edits until the import commits. */
async function loadExisting(tx: Tx, rows: ImportRow[]): Promise<Map<string, FeedbackRow>> {
  const idsByChannel = new Map<Channel, string[]>();
  for (const r of rows) {
    const list = idsByChannel.get(r.channel) ?? [];
    list.push(r.externalId);
    idsByChannel.set(r.channel, list);
  }
  const found = new Map<string, FeedbackRow>();
  for (const [channel, ids] of idsByChannel) {
    for (const part of chunks(ids)) {
      const stored = await tx
        .select()
        .from(feedback)
        .where(and(eq(feedback.channel, channel), inArray(feedback.externalId, part)))
        .for('update');
      for (const f of stored) found.set(keyOf(f.channel, f.externalId!), f);
    }
  }
  return found;
}

async function createOne(tx: Tx, r: ImportRow, svc: ServiceContext): Promise<FeedbackRow> {
  const created = await createFeedback(
    tx,
    {
      channel: r.channel,
      externalId: r.externalId,
      categoryCode: r.categoryCode,
      unitCode: r.unitCode,
      content: r.content ?? '',
      receivedAt: r.receivedAt,
      quiet: true,
    },
    svc,
  );
  if (!r.answeredAt && r.rating === undefined) return created;

  const patch: Partial<typeof feedback.$inferInsert> = { updatedAt: svc.now };
  if (r.answeredAt) Object.assign(patch, { answeredAt: r.answeredAt, status: 'answered' });
  if (r.rating !== undefined) {
    Object.assign(patch, { rating: r.rating, ratingChannel: r.channel, ratedAt: r.answeredAt ?? r.receivedAt });
  }
  const [row] = await tx.update(feedback).set(patch).where(eq(feedback.id, created.id)).returning();
  await appendEvent(tx, created.id, svc, {
    type: 'imported_answer',
    fromStatus: r.answeredAt ? created.status : null,
    toStatus: r.answeredAt ? 'answered' : null,
    note: null,
    data: { answeredAt: r.answeredAt?.toISOString() ?? null, rating: r.rating ?? null },
  });
  return row!;
}

type Change = { from: unknown; to: unknown };

/**
 * Brings a stored item in line with the row. Fields the row leaves out keep their stored values, so an export
 * that lacks (say) the rating never erases one. Records an `imported_update` event only if something changed.
 */
async function updateOne(
  tx: Tx,
  current: FeedbackRow,
  r: ImportRow,
  refs: { categoryId: Map<string, number>; unitId: Map<string, number> },
  svc: ServiceContext,
): Promise<FeedbackRow> {
  const patch: Partial<typeof feedback.$inferInsert> = {};
  const changes: Record<string, Change> = {};
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

  if (r.content !== undefined && r.content !== current.content) {
    patch.content = r.content;
    changes.content = { from: current.content, to: r.content };
  }
  const categoryId = r.categoryCode !== undefined ? refs.categoryId.get(r.categoryCode)! : current.categoryId;
  const categoryChanged = categoryId !== current.categoryId;
  if (categoryChanged) {
    patch.categoryId = categoryId;
    changes.categoryId = { from: current.categoryId, to: categoryId };
  }
  if (r.unitCode !== undefined && refs.unitId.get(r.unitCode) !== current.unitId) {
    patch.unitId = refs.unitId.get(r.unitCode)!;
    changes.unitId = { from: current.unitId, to: patch.unitId };
  }
  const receivedChanged = !sameTime(r.receivedAt, current.receivedAt);
  if (receivedChanged) {
    Object.assign(patch, { receivedAt: r.receivedAt, receivedDate: localDateOf(r.receivedAt) });
    changes.receivedAt = { from: iso(current.receivedAt), to: iso(r.receivedAt) };
  }
  const answeredAt = r.answeredAt ?? current.answeredAt;
  if (!sameTime(answeredAt, current.answeredAt)) {
    patch.answeredAt = answeredAt;
    changes.answeredAt = { from: iso(current.answeredAt), to: iso(answeredAt) };
  }
  if (r.rating !== undefined && r.rating !== current.rating) {
    Object.assign(patch, { rating: r.rating, ratingChannel: r.channel, ratedAt: answeredAt ?? r.receivedAt });
    changes.rating = { from: current.rating, to: r.rating };
  }

  // An answer given elsewhere ends the handling here; later states (closed, rejected) are left alone.
  let status: FeedbackStatus = current.status;
  let pausedAt = current.pausedAt;
  let pausedAmount = current.pausedAmount;
  let policy: DeadlinePolicy = { unit: current.policyUnit, amount: current.policyAmount };
  if (r.answeredAt && isOpen(current.status)) {
    status = 'answered';
    if (pausedAt) {
      // Waiting for the citizen stopped the clock until the answer; that time is not charged to the office.
      pausedAmount += pausedAmountBetween(pausedAt, r.answeredAt, policy, svc.cal);
      pausedAt = null;
    }
  }

  // The deadline follows the receipt time and the category's policy.
  let clockStartedAt = current.clockStartedAt;
  if (receivedChanged) {
    // A clock restarted by a transfer keeps its start, unless the new receipt is later still.
    clockStartedAt = sameTime(current.clockStartedAt, current.receivedAt)
      ? r.receivedAt
      : new Date(Math.max(current.clockStartedAt.getTime(), r.receivedAt.getTime()));
  }
  if (categoryChanged) {
    policy = await resolvePolicy(tx, categoryId, current.urgency);
    // Paused time is counted in the policy's unit; it cannot be carried over to a different unit.
    if (policy.unit !== current.policyUnit) pausedAmount = 0;
  }
  if (receivedChanged || categoryChanged || pausedAt !== current.pausedAt) {
    const dueAt = pausedAt ? null : dueFor({ clockStartedAt, policyUnit: policy.unit, policyAmount: policy.amount, pausedAmount }, svc.cal);
    Object.assign(patch, { clockStartedAt, policyUnit: policy.unit, policyAmount: policy.amount, pausedAt, pausedAmount, dueAt });
    if (!sameTime(dueAt, current.dueAt)) changes.dueAt = { from: iso(current.dueAt), to: iso(dueAt) };
  }
  if (status !== current.status) {
    patch.status = status;
    changes.status = { from: current.status, to: status };
  }

  if (Object.keys(changes).length === 0) return current;
  patch.updatedAt = svc.now;
  const [row] = await tx.update(feedback).set(patch).where(eq(feedback.id, current.id)).returning();
  await appendEvent(tx, current.id, svc, {
    type: 'imported_update',
    fromStatus: status !== current.status ? current.status : null,
    toStatus: status !== current.status ? status : null,
    note: null,
    data: { changes },
  });
  return row!;
}

/** PostgreSQL's unique_violation, from either driver, possibly wrapped by drizzle. */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
