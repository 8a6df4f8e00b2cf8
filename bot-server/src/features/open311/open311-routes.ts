// Open311 GeoReport v2 (CONTRACT §8): services, requests, one request; JSON and XML.
//
// Who sees what:
// - the ADMIN_API_TOKEN (and admin staff) read every request;
// - everyone else reads only requests an officer has published. Integration keys are public readers too:
//   the feedback table does not record which integration created a row, so "your own requests" cannot be told apart.
// No audience ever gets personal data: the GeoReport request shape has no contact fields and none are added here.
import { and, asc, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { categories, CHANNELS, type Channel, feedback, FEEDBACK_STATUSES, type FeedbackStatus, units } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { endOfLocalDay, startOfLocalDay, toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { isOpen } from '../../domain/feedback/feedback-state.js';
import { ACTION_DONE_VI, STATUS_LABELS_VI } from '../../domain/feedback/feedback-vocabulary.js';
import { ApiError, apiErrorReply, refusedByDatabase, routeOf } from '../../lib/api-error.js';
import { errorSummary } from '../../lib/error-summary.js';
import type { Logger } from '../../lib/logger.js';
import { escapeXml } from '../../lib/xml-text.js';
import { type Actor, isAdmin } from '../auth/actor.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { createFeedback, type FeedbackRow } from '../feedback/feedback-service.js';
import { createLimiter } from '../rate-limit/rate-limiter.js';

type Format = 'json' | 'xml';
type Record311 = Record<string, string | number | boolean | null>;

const MAX_ROWS = 1000;
const MAX_WINDOW_MS = 90 * 86_400_000;
const MAX_IDS = 200;
const CODE_RE = /^PA-\d{4}-\d{6,}$/;
const CLOSED_STATUSES = FEEDBACK_STATUSES.filter((s) => !isOpen(s));
const OPEN_STATUSES = FEEDBACK_STATUSES.filter((s) => isOpen(s));

/** A GeoReport error list: one `{code, description}` per problem, all with the same HTTP status. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 415 | 500,
    readonly descriptions: string[],
  ) {
    super(descriptions.join('; '));
  }
}

const fail = (status: Open311Error['status'], ...descriptions: string[]) => new Open311Error(status, descriptions);

// ---------------------------------------------------------------- serialisation

const formatOf = (path: string): Format => (/\.xml$/i.test(path) ? 'xml' : 'json');

/** Every value goes through escapeXml, which also drops what XML 1.0 forbids (control characters in a citizen's text). */
function toXml(root: string, item: string, rows: Record311[]): string {
  const fields = (r: Record311) =>
    Object.entries(r)
      .map(([k, v]) => (v === null ? `<${k}/>` : `<${k}>${escapeXml(String(v))}</${k}>`))
      .join('');
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${rows.map((r) => `<${item}>${fields(r)}</${item}>`).join('')}</${root}>`;
}

/** The XML element names the GeoReport v2 examples use for each list. */
const XML_NAMES = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  errors: ['errors', 'error'],
} as const;

function reply(c: Context, fmt: Format, kind: keyof typeof XML_NAMES, rows: Record311[], status: ContentfulStatusCode = 200) {
  if (fmt === 'json') return c.json(rows, status);
  const [root, item] = XML_NAMES[kind];
  return c.body(toXml(root, item, rows), status, { 'content-type': 'text/xml; charset=utf-8' });
}

/** Errors already answered in GeoReport form by the routes' own handler. */
const formatted = new WeakSet<Error>();

function errorReply(err: Error, c: Context, log: Logger) {
  const fmt = formatOf(c.req.path);
  formatted.add(err);
  if (err instanceof Open311Error) {
    return reply(c, fmt, 'errors', err.descriptions.map((d) => ({ code: err.status, description: d })), err.status);
  }
  if (err instanceof ApiError) {
    const issues = Array.isArray(err.details?.issues) ? (err.details.issues as { field: string; message: string }[]) : [];
    const descriptions = issues.length ? issues.map((i) => `${i.field}: ${i.message}`) : [err.message];
    // CONTRACT §14 gives every caller over a limit the same answer, Open311 clients included.
    if (err.status === 429) return apiErrorReply(err, c);
    return reply(c, fmt, 'errors', descriptions.map((d) => ({ code: err.status, description: d })), err.status);
  }
  const refused = refusedByDatabase(err, c, log);
  if (refused) return reply(c, fmt, 'errors', [{ code: refused.status, description: String(refused.body.message) }], refused.status);
  log.error({ err: errorSummary(err), route: routeOf(c) }, 'unhandled error');
  return reply(c, fmt, 'errors', [{ code: 500, description: 'Internal server error' }], 500);
}

/**
 * Optional: mounted on `/open311/*` BEFORE `authenticate`, this also answers the errors raised outside these routes
 * (a wrong api_key → 401, a body over the size limit → 413) as GeoReport error lists instead of the API's usual object.
 */
export function open311ErrorFormat(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.error && !formatted.has(c.error)) c.res = errorReply(c.error, c, log);
  };
}

// ---------------------------------------------------------------- views

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);

/** '23/03/2026', or '16:30 ngày 23/03/2026' when the deadline is not the end of a day. */
function vnDeadline(d: Date): string {
  const s = toIsoWithOffset(d); // 2026-03-23T23:59:59.999+07:00
  const date = `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
  const time = s.slice(11, 16);
  return time === '23:59' ? `ngày ${date}` : `${time} ngày ${date}`;
}

function serviceNotice(row: FeedbackRow): string {
  if (row.status === 'needs_info') return `${STATUS_LABELS_VI.needs_info}: đang chờ người phản ánh bổ sung thông tin; thời hạn xử lý tạm dừng.`;
  if (isOpen(row.status)) return row.dueAt ? `Hạn trả lời: ${vnDeadline(row.dueAt)}.` : STATUS_LABELS_VI[row.status];
  const when = row.answeredAt ?? row.closedAt;
  return when ? `${STATUS_LABELS_VI[row.status]} (${vnDeadline(when)}).` : STATUS_LABELS_VI[row.status];
}

function statusNotes(row: FeedbackRow): string {
  if (row.status === 'rejected') return row.rejectReason ?? STATUS_LABELS_VI.rejected;
  if (!isOpen(row.status) && row.answer) return row.answer;
  return STATUS_LABELS_VI[row.status];
}

interface RequestRowJoin {
  f: FeedbackRow;
  unitName: string;
  categoryCode: string | null;
  categoryName: string | null;
}

function requestView({ f, unitName, categoryCode, categoryName }: RequestRowJoin): Record311 {
  const closed = !isOpen(f.status);
  return {
    service_request_id: f.code,
    status: closed ? 'closed' : 'open',
    status_notes: statusNotes(f),
    service_name: categoryName,
    service_code: categoryCode,
    description: f.content,
    agency_responsible: unitName,
    service_notice: serviceNotice(f),
    requested_datetime: toIsoWithOffset(f.receivedAt),
    // For closed requests the spec wants the closing time.
    updated_datetime: iso(closed ? (f.closedAt ?? f.answeredAt ?? f.updatedAt) : f.updatedAt),
    expected_datetime: iso(f.dueAt),
    address: f.address,
    address_id: null,
    zipcode: null,
    lat: f.lat,
    long: f.lng,
    media_url: null,
  };
}

// ---------------------------------------------------------------- input

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => v || undefined);

const requiredText = (max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`);

const postSchema = z.object({
  service_code: requiredText(100),
  description: requiredText(4000),
  address_string: optionalText(500),
  lat: optionalText(40),
  long: optionalText(40),
  email: optionalText(254).pipe(z.email('must be an email address').optional()),
  first_name: optionalText(100),
  last_name: optionalText(100),
  phone: optionalText(40)
    .transform((v) => v?.replace(/[\s.()-]/g, ''))
    .pipe(z.string().regex(/^\+?\d{8,15}$/, 'must be a phone number of 8 to 15 digits').optional()),
  media_url: optionalText(2000).pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
});

function coordinate(raw: string | undefined, field: string, limit: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^[+-]?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(n) || Math.abs(n) > limit) {
    throw fail(400, `${field}: must be a number between -${limit} and ${limit}`);
  }
  return n;
}

function multipartProblems(type: string): string[] {
  if (!type.includes('multipart/form-data')) return ['The body is not valid application/x-www-form-urlencoded'];
  if (!/;\s*boundary=/.test(type)) return ['Content-Type: multipart/form-data needs a boundary parameter'];
  return [
    'The body is not valid multipart/form-data: each part must start with --<boundary> (the boundary of Content-Type), ' +
      'carry a Content-Disposition: form-data; name="…" header, and the body must end with --<boundary>--',
  ];
}

/** Form fields (the spec's encoding) or a flat JSON object, as strings. Repeated or file fields are not used. */
async function readFields(c: Context): Promise<Record<string, string>> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const out: Record<string, string> = {};
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    // The platform's form parser throws on a broken multipart body (urlencoded never fails: bad escapes stay as
    // text and the field checks below answer). The client is told what is wrong instead of getting a 500.
    const body = await c.req.parseBody().catch((err: unknown) => {
      throw err instanceof TypeError ? fail(400, ...multipartProblems(type)) : err;
    });
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
    return out;
  }
  if (type.includes('application/json')) {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw fail(400, 'The body is not valid JSON');
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw fail(400, 'The JSON body must be an object');
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    }
    return out;
  }
  throw fail(415, 'Send the request as application/x-www-form-urlencoded (or application/json)');
}

/** Only api_key holders create requests; says why a caller without one was refused. */
async function refuseWriter(c: Context, actor: Actor): Promise<Open311Error> {
  if (actor.kind === 'user') return fail(403, 'Creating requests needs an api_key, not a user session');
  // authenticate() reads api_key from the query string and from urlencoded bodies only.
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const inJson = type.includes('application/json') && /"api_key"\s*:/.test(await c.req.text().catch(() => ''));
  return fail(401, inJson ? 'api_key: with a JSON body, pass api_key in the query string' : 'api_key: a valid api_key is required');
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** 'YYYY-MM-DD' (a local day) or an ISO 8601 datetime; without a zone it is read as Vietnam time. */
function instant(raw: string | undefined, field: string, edge: 'start' | 'end'): Date | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim();
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return edge === 'start' ? startOfLocalDay(v) : endOfLocalDay(v);
  } catch {
    throw fail(400, `${field}: not a valid date`);
  }
  if (!z.iso.datetime({ offset: true, local: true }).safeParse(v).success) {
    throw fail(400, `${field}: must be an ISO 8601 date or datetime, e.g. 2026-03-01T00:00:00+07:00`);
  }
  const d = new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : `${v}+07:00`);
  if (!Number.isFinite(d.getTime())) throw fail(400, `${field}: not a valid datetime`);
  return d;
}

/** `requests.json`, `services.xml`, … → the resource and the format; anything else is a 404. */
function resourceOf(file: string, expected: 'services' | 'requests'): Format {
  const m = /^(services|requests)\.(json|xml)$/i.exec(file);
  if (!m || m[1]!.toLowerCase() !== expected) throw fail(404, `No Open311 resource ${file}`);
  return m[2]!.toLowerCase() as Format;
}

function idOf(file: string): { id: string; fmt: Format } {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  if (!m) throw fail(404, 'Use /requests/<service_request_id>.json');
  return { id: m[1]!, fmt: m[2]!.toLowerCase() as Format };
}

// ---------------------------------------------------------------- routes

export function open311Routes(deps: AppDeps) {
  const limiter = createLimiter(deps);
  const selectRequests = (where: (SQL | undefined)[], limit: number) =>
    deps.db
      .select({ f: feedback, unitName: units.name, categoryCode: categories.code, categoryName: categories.name })
      .from(feedback)
      .innerJoin(units, eq(units.id, feedback.unitId))
      .leftJoin(categories, eq(categories.id, feedback.categoryId))
      .where(and(...where))
      .orderBy(desc(feedback.receivedAt), desc(feedback.id))
      .limit(limit);

  /** Everything for admins; only what an officer made public for everyone else. */
  const visibility = (actor: Actor) => (isAdmin(actor) ? undefined : eq(feedback.published, true));

  return (
    new Hono<AppEnv>()
      .onError((err, c) => errorReply(err, c, deps.log))
      .get('/:file', async (c) => {
        const file = c.req.param('file');
        if (/^services\./i.test(file)) {
          const fmt = resourceOf(file, 'services');
          const rows = await deps.db.select().from(categories).where(eq(categories.active, true)).orderBy(asc(categories.id));
          return reply(
            c,
            fmt,
            'services',
            rows.map((r) => ({
              service_code: r.code,
              service_name: r.name,
              description: r.description ?? r.name,
              metadata: false,
              type: 'realtime',
              keywords: '',
              group: '',
            })),
          );
        }
        const fmt = resourceOf(file, 'requests');
        const where: (SQL | undefined)[] = [visibility(c.get('actor'))];
        const ids = list(c.req.query('service_request_id'));
        if (ids.length) {
          // Per the spec, a list of ids overrides every other filter.
          if (ids.length > MAX_IDS) throw fail(400, `service_request_id: at most ${MAX_IDS} ids`);
          where.push(inArray(feedback.code, ids));
        } else {
          const codes = list(c.req.query('service_code'));
          if (codes.length) where.push(inArray(categories.code, codes));
          const statuses = list(c.req.query('status')).map((s) => s.toLowerCase());
          for (const s of statuses) {
            if (s !== 'open' && s !== 'closed') throw fail(400, `status: "${s}" is not open or closed`);
          }
          const wanted = new Set<FeedbackStatus>(
            statuses.flatMap((s) => (s === 'open' ? OPEN_STATUSES : CLOSED_STATUSES)),
          );
          if (wanted.size) where.push(inArray(feedback.status, [...wanted]));

          let start = instant(c.req.query('start_date'), 'start_date', 'start');
          let end = instant(c.req.query('end_date'), 'end_date', 'end');
          if (!start && !end) start = new Date(deps.now().getTime() - MAX_WINDOW_MS);
          else if (start && !end) end = new Date(start.getTime() + MAX_WINDOW_MS);
          else if (!start && end) start = new Date(end.getTime() - MAX_WINDOW_MS);
          if (start && end) {
            if (end < start) throw fail(400, 'end_date: must not be before start_date');
            if (end.getTime() - start.getTime() > MAX_WINDOW_MS) {
              throw fail(400, 'start_date/end_date: the window may not span more than 90 days');
            }
          }
          if (start) where.push(gte(feedback.receivedAt, start));
          if (end) where.push(lte(feedback.receivedAt, end));
        }
        const rows = await selectRequests(where, MAX_ROWS);
        return reply(c, fmt, 'requests', rows.map(requestView));
      })
      .get('/services/:file', async (c) => {
        // No service has extra attributes (metadata is false), so a definition is just an empty attribute list.
        const { id, fmt } = idOf(c.req.param('file'));
        const [row] = await deps.db
          .select()
          .from(categories)
          .where(and(eq(categories.code, id), eq(categories.active, true)));
        if (!row) throw fail(404, `service_code "${id}" not found`);
        if (fmt === 'json') return c.json({ service_code: row.code, attributes: [] });
        return c.body(
          `<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>${escapeXml(row.code)}</service_code><attributes/></service_definition>`,
          200,
          { 'content-type': 'text/xml; charset=utf-8' },
        );
      })
      .get('/requests/:file', async (c) => {
        const { id, fmt } = idOf(c.req.param('file'));
        // Unpublished and unknown look the same to the public: existence of a code is not disclosed.
        const rows = CODE_RE.test(id)
          ? await selectRequests([visibility(c.get('actor')), eq(feedback.code, id)], 1)
          : [];
        if (!rows.length) throw fail(404, `service_request_id "${id}" not found`);
        return reply(c, fmt, 'requests', rows.map(requestView));
      })
      .post('/:file', async (c) => {
        const fmt = resourceOf(c.req.param('file'), 'requests');
        const actor = c.get('actor');
        if (actor.kind !== 'system') throw await refuseWriter(c, actor);
        // Per integration key: one portal's flood cannot fill the officers' inboxes. The admin token is not limited.
        await limiter.check([['open311.create.key', actor.admin ? undefined : actor.integrationId]]);
        const fields = await readFields(c);
        const parsed = postSchema.safeParse(fields);
        if (!parsed.success) {
          throw new Open311Error(
            400,
            parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`),
          );
        }
        const body = parsed.data;
        const lat = coordinate(body.lat, 'lat', 90);
        const lng = coordinate(body.long, 'long', 180);
        if ((lat === undefined) !== (lng === undefined)) throw fail(400, 'lat and long must be given together');
        if (lat === undefined && !body.address_string) {
          throw fail(400, 'A location is required: lat and long, or address_string');
        }
        const [category] = await deps.db
          .select()
          .from(categories)
          .where(and(eq(categories.code, body.service_code), eq(categories.active, true)));
        if (!category) throw fail(400, `service_code: "${body.service_code}" is not a service of this endpoint`);

        const channel: Channel =
          actor.channel && (CHANNELS as readonly string[]).includes(actor.channel) ? (actor.channel as Channel) : 'other';
        // Vietnamese names put the family name (last_name) first.
        const name = [body.last_name, body.first_name].filter(Boolean).join(' ') || undefined;
        // There is no media column: the link goes into the text so the officer sees it (GET answers media_url null).
        const content = body.media_url
          ? `${body.description}\n\nẢnh/tệp đính kèm (media_url): ${body.media_url}`
          : body.description;
        const now = deps.now();
        const row = await deps.db.transaction(async (tx) =>
          createFeedback(
            tx,
            {
              channel,
              categoryCode: category.code,
              content,
              lat,
              lng,
              address: body.address_string,
              contactName: name,
              contactPhone: body.phone,
              contactEmail: body.email,
              receivedAt: now,
            },
            { actor, now, cal: await loadCalendar(tx) },
          ),
        );
        const [unit] = await deps.db.select({ name: units.name }).from(units).where(eq(units.id, row.unitId));
        const due = row.dueAt ? ` Hạn trả lời: ${vnDeadline(row.dueAt)}.` : '';
        return reply(
          c,
          fmt,
          'requests',
          [
            {
              service_request_id: row.code,
              service_notice: `${ACTION_DONE_VI.created}, mã số ${row.code}. Trạng thái: ${STATUS_LABELS_VI[row.status]}. Cơ quan xử lý: ${unit?.name ?? ''}.${due}`,
              account_id: null,
            },
          ],
          201,
        );
      })
      // Inside /open311/v2, unknown paths answer in GeoReport form too.
      .all('*', (c) => {
        throw fail(404, `No Open311 resource ${c.req.method} ${c.req.path}`);
      })
  );
}
