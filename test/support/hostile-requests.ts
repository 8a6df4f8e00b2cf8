// Hostile requests, generated from a seed: what an attacker tries against every route (issue 10). Used by the
// fuzz test in the suite (in-process) and by `npm run bench:fuzz` (over HTTP against a running server).
//
// Values mix the characters databases and parsers choke on (NUL, unpaired surrogates, controls, bad escapes),
// out-of-range numbers and dates, wrong types, deep nesting, and personal data (phones, e-mails, Zalo ids) so the
// log can be checked for it afterwards.

export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface Credentials {
  admin: string;
  citizen: string;
  officer: string;
  /** An existing tracking code, so actions reach the handlers rather than the 404 of an unknown code. */
  code: string;
}

/** Personal data planted in requests; none of it may reach the log. */
export const PLANTED = {
  phones: ['0912345678', '+84987654321', '0912 345 678'],
  emails: ['nguyen.van.a@example.vn', 'leak@test.gov.vn'],
  zaloIds: ['7123456789012345678', '1999888777666555444'],
};

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

type Rng = ReturnType<typeof prng>;

const NASTY_STRINGS = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  'ok \ud83d\ude00 emoji',
  '\u0001\u0002\u0008\u000b\u001f',
  '\uFFFE\uFFFF',
  '\u202e\u200b',
  "'; drop table feedback; --",
  '" or 1=1 --',
  '<script>alert(1)</script>',
  ']]><!--',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '%00%ZZ%',
  'Ổ gà đường Trần Hưng Đạo',
  'o\u0302\u0309 ga\u0300', // NFD
  ' ',
  '',
  'x'.repeat(5000),
  ...PLANTED.phones,
  ...PLANTED.emails,
  ...PLANTED.zaloIds,
];

const NASTY_SCALARS: unknown[] = [
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  true,
  false,
  null,
  [],
  {},
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '10000-01-01T00:00:00+07:00',
  '2026-02-30T09:00:00+07:00',
  '1900-01-01T00:00:00Z',
  '2026-03-02T09:00:00+07:00',
  'NaN',
];

function nastyValue(r: Rng, depth = 0): unknown {
  const roll = r.int(10);
  if (roll < 5) return r.pick(NASTY_STRINGS);
  if (roll < 8 || depth > 2) return r.pick(NASTY_SCALARS);
  if (roll === 8) return Array.from({ length: r.int(4) }, () => nastyValue(r, depth + 1));
  return { [r.pick(['a', 'content', '\u0000k', 'phone'])]: nastyValue(r, depth + 1) };
}

/** Field names the routes read, so values reach the checks behind the first type test. */
const FIELDS = [
  'content', 'title', 'category', 'unit', 'channel', 'urgency', 'receivedAt', 'externalId', 'address', 'location',
  'contact', 'note', 'answer', 'reason', 'unitCode', 'assigneeUserId', 'rating', 'comment', 'kind', 'name',
  'accessToken', 'phoneToken', 'locationToken', 'persona', 'mode', 'notice', 'value', 'parts', 'until',
  'code', 'parent', 'level', 'phone', 'role', 'zaloId', 'text', 'templateId',
];

function hostileObject(r: Rng): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = 1 + r.int(5);
  for (let i = 0; i < n; i++) out[r.pick(FIELDS)] = nastyValue(r);
  // Often a valid-looking core, so the hostile field is the only thing wrong.
  if (r.int(2)) out.content ??= 'Nội dung phản ánh đủ dài để qua kiểm tra độ dài tối thiểu';
  if (r.int(3) === 0) out.contact = { name: r.pick(NASTY_STRINGS), phone: r.pick(PLANTED.phones), email: r.pick(PLANTED.emails) };
  return out;
}

function encodeQueryValue(r: Rng): string {
  const raw = r.pick([...NASTY_STRINGS, '99999-01-01', '2026-13-45', '-1', '1e9', 'open', 'closed']);
  // Sometimes broken escapes as typed.
  if (r.int(6) === 0) return r.pick(['%00', '%ZZ', '%ED%A0%80', '%C0%80', '%', '%u0000']);
  try {
    return encodeURIComponent(raw);
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be URI-encoded; send its UTF-8 bytes as an attacker would
  }
}

const CODES = ['PA-2026-000001', 'PA-2026-999999', 'PA-9999-000001', 'PA-2026-1', 'x%00y', '%ED%A0%80'];

/** Each route as [method, path template, body kind]. `:code` is an existing or hostile code, `:x` a hostile segment. */
const ROUTES: [string, string, 'json' | 'csv' | 'form' | 'multipart' | 'none'][] = [
  ['POST', '/api/v1/feedback', 'json'],
  ['GET', '/api/v1/feedback', 'none'],
  ['GET', '/api/v1/feedback/:code', 'none'],
  ['POST', '/api/v1/feedback/:code/accept', 'json'],
  ['POST', '/api/v1/feedback/:code/answer', 'json'],
  ['POST', '/api/v1/feedback/:code/transfer', 'json'],
  ['POST', '/api/v1/feedback/:code/assign', 'json'],
  ['POST', '/api/v1/feedback/:code/rating', 'json'],
  ['POST', '/api/v1/feedback/:code/attachments', 'multipart'],
  ['GET', '/api/v1/feedback/:code/attachments/:x', 'none'],
  ['POST', '/api/v1/feedback/import', 'csv'],
  ['POST', '/api/v1/feedback/import', 'json'],
  ['GET', '/api/v1/calendar/deadline', 'none'],
  ['GET', '/api/v1/calendar/days', 'none'],
  ['PUT', '/api/v1/calendar/days/:x', 'json'],
  ['DELETE', '/api/v1/calendar/days/:x', 'none'],
  ['PUT', '/api/v1/calendar/years/:x', 'json'],
  ['GET', '/api/v1/indicators/feedback', 'none'],
  ['GET', '/api/v1/indicators/feedback.xlsx', 'none'],
  ['GET', '/api/v1/indicators/feedback/monthly', 'none'],
  ['GET', '/api/v1/units', 'none'],
  ['GET', '/api/v1/units/:x/staff', 'none'],
  ['GET', '/api/v1/categories', 'none'],
  ['GET', '/api/v1/dti/catalog', 'none'],
  ['GET', '/api/v1/dti/sets', 'none'],
  ['GET', '/api/v1/dti/periods', 'none'],
  ['GET', '/api/v1/dti/assigned', 'none'],
  ['PUT', '/api/v1/dti/values/:x/:x/:x/:x', 'json'],
  ['GET', '/api/v1/dti/reports/completeness', 'none'],
  ['POST', '/api/v1/admin/units/import', 'json'],
  ['POST', '/api/v1/admin/users/import', 'json'],
  ['POST', '/api/v1/admin/categories/import', 'json'],
  ['PUT', '/api/v1/admin/deadline-policies', 'json'],
  ['GET', '/api/v1/admin/outbox', 'none'],
  ['GET', '/api/v1/admin/webhook-events', 'none'],
  ['PUT', '/api/v1/admin/zns-templates/:x', 'json'],
  ['POST', '/api/v1/auth/zalo', 'json'],
  ['POST', '/api/v1/auth/zalo/phone', 'json'],
  ['POST', '/api/v1/location/resolve', 'json'],
  ['GET', '/api/v1/me', 'none'],
  ['GET', '/api/v1/notifications', 'none'],
  ['POST', '/api/v1/notifications/:x/read', 'none'],
  ['POST', '/api/v1/notifications/read-all', 'none'],
  ['GET', '/open311/v2/services.json', 'none'],
  ['GET', '/open311/v2/requests.json', 'none'],
  ['GET', '/open311/v2/requests.xml', 'none'],
  ['GET', '/open311/v2/requests/:x.json', 'none'],
  ['POST', '/open311/v2/requests.json', 'form'],
  ['POST', '/open311/v2/requests.json', 'multipart'],
  ['GET', '/api/v1/:x', 'none'],
  ['GET', '/:x', 'none'],
];

const QUERY_NAMES = [
  'start', 'workingDays', 'year', 'from', 'to', 'unit', 'asOf', 'status', 'due', 'limit', 'offset', 'set', 'period',
  'service_code', 'service_request_id', 'start_date', 'end_date', 'api_key', 'user', 'state', 'q', 'review', 'unread', 'before',
];

function csvBody(r: Rng): string {
  const header = 'external_id,channel,received_at,answered_at,rating,category,unit,content';
  const rows = Array.from({ length: 1 + r.int(3) }, (_, i) =>
    [`ext-${i}-${r.int(1e6)}`, r.pick(['dvc_portal', 'zalo_oa', 'fax', '']), r.pick(['2026-03-02T09:00:00+07:00', '99999-01-01T00:00:00Z', 'x']), '', r.pick(['5', '0', '9e9', '']), 'ha-tang', '', `"${String(r.pick(NASTY_STRINGS)).replace(/"/g, '""')}"`].join(','),
  );
  return [header, ...rows].join('\n');
}

function multipartBody(r: Rng): { body: Uint8Array; type: string } {
  const boundary = `----fuzz${r.int(1e9)}`;
  const kind = r.int(4);
  if (kind === 0) return { body: new TextEncoder().encode('--' + boundary + '\r\nbroken'), type: `multipart/form-data; boundary=${boundary}` };
  if (kind === 1) return { body: new TextEncoder().encode('not multipart at all'), type: 'multipart/form-data' };
  const jpegThenHtml = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('<html><script>alert(1)</script>')]);
  const name = r.pick(['x.html', '../../evil.jpg', 'a\u0000b.jpg', 'ảnh.jpg']);
  const field = r.pick(['file', 'service_code', 'description']);
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const out = new Uint8Array(head.length + jpegThenHtml.length + tail.length);
  out.set(head, 0);
  out.set(jpegThenHtml, head.length);
  out.set(tail, head.length + jpegThenHtml.length);
  return { body: out, type: `multipart/form-data; boundary=${boundary}` };
}

export function hostileRequest(r: Rng, creds: Credentials): HostileRequest {
  const [method, template, bodyKind] = r.pick(ROUTES);
  const path = template
    .replace(':code', () => (r.int(3) ? creds.code : r.pick(CODES)))
    .replace(/:x/g, () => (r.int(3) ? encodeQueryValue(r) : r.pick(['2026-12-31', '2027', 'SO-XD', '1', 'NINH-SON-DTI-2022'])));
  const params = Array.from({ length: r.int(4) }, () => `${r.pick(QUERY_NAMES)}=${encodeQueryValue(r)}`);
  const headers: Record<string, string> = {};
  const who = r.int(5);
  if (who === 1) headers.authorization = `Bearer ${creds.citizen}`;
  if (who === 2) headers.authorization = `Bearer ${creds.officer}`;
  if (who === 3) headers.authorization = `Bearer ${creds.admin}`;
  if (who === 4 && r.int(2)) headers.authorization = `Bearer ${r.pick(['wrong', PLANTED.zaloIds[0]!, 'x'.repeat(300)])}`;
  let body: string | Uint8Array | undefined;
  if (bodyKind === 'json') {
    headers['content-type'] = 'application/json';
    const roll = r.int(8);
    body =
      roll === 0
        ? '{"a":' + '['.repeat(3000) + ']'.repeat(3000) + '}'
        : roll === 1
          ? '{"content": "unterminated'
          : roll === 2
            ? JSON.stringify([hostileObject(r), hostileObject(r)])
            : JSON.stringify(hostileObject(r));
  } else if (bodyKind === 'csv') {
    headers['content-type'] = 'text/csv';
    body = csvBody(r);
  } else if (bodyKind === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = [`service_code=${encodeQueryValue(r)}`, `description=${encodeQueryValue(r)}`, `phone=${encodeURIComponent(r.pick(PLANTED.phones))}`, `email=${encodeURIComponent(r.pick(PLANTED.emails))}`, r.pick(['lat=1e999', 'long=abc', 'a=%ZZ', 'lat=21&long=105'])].join('&');
  } else if (bodyKind === 'multipart') {
    const m = multipartBody(r);
    headers['content-type'] = m.type;
    body = m.body;
  }
  return { method, path: params.length ? `${path}?${params.join('&')}` : path, headers, ...(body !== undefined ? { body } : {}) };
}

/** What may never appear in a log line: the planted data, and anything shaped like it. */
export const PERSONAL_DATA_PATTERNS: [string, RegExp][] = [
  ['phone-like digits', /(?<!\d)(?:\+?84|0)\d(?:[ .-]?\d){7,9}(?!\d)/],
  ['Zalo-id-like digits', /(?<!\d)\d{15,20}(?!\d)/],
  ['e-mail address', /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/],
];
