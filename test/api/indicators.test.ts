import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/open-db.js';
import { type Channel, feedback, units, userRoles } from '../../db/schema.js';
import { feedbackIndicatorQuery } from '../../bot-server/src/features/indicators/indicator-repository.js';
import { XLSX_MIME } from '../../bot-server/src/features/indicators/indicator-routes.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { DB_KINDS } from '../support/test-db.js';

const ALL = ['dvc_portal', 'mobile_app', 'zalo_oa', 'zalo_mini_app', 'email', 'other'];

/** A local (UTC+7) wall-clock time. */
const local = (date: string, time = '09:00') => new Date(`${date}T${time}:00+07:00`);
/** 23:59:59.999 local: how due times are stored. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+07:00`);

interface Item {
  n: number;
  channel: Channel;
  unit: string;
  /** Local receipt date (and time). */
  date: string;
  time?: string;
  /** Due date (end of local day); null = clock paused. */
  due: string | null;
  answered: Date | 'at_due' | null;
  rating?: number;
}

/*
 * The dataset, worked out by hand. The clock (default asOf) is Fri 10/4/2026 09:00 local; the report covers
 * Q1 2026 (1/1–31/3). SO-XD-DT is a child unit of SO-XD created by this test.
 *
 *  #  channel        unit        received    due     answered         rating  outcome at asOf 10/4
 *  1  dvc_portal     SO-XD       05/01       26/01   12/01            5       on time
 *  2  dvc_portal     SO-KHCN     10/01       02/02   04/02            2       late (answered after due)
 *  3  dvc_portal     SO-XD       31/03       21/04   –                –       pending            (last day of range)
 *  4  mobile_app     PHUONG-TT   02/02       24/02   10/02            4       on time
 *  5  mobile_app     SO-XD-DT    03/02       25/02   05/02            –       on time            (child unit)
 *  6  zalo_oa        SO-XD       15/01       05/02   20/01            1       on time
 *  7  zalo_oa        XA-NAMSON   10/02       03/03   –                –       late (unanswered, overdue)
 *  8  zalo_oa        SO-XD       20/03       15/04   –                –       pending → late when asOf ≥ 16/04
 *  9  zalo_mini_app  SO-XD       01/01 00:30 22/01   23/01            3       late               (first day of range)
 * 10  zalo_mini_app  VP-UBND     14/02       09/03   exactly at due   5       on time (answered = due)
 * 11  zalo_mini_app  SO-NNMT     01/03       paused  –                –       pending (no due time)
 * 12  email          SO-XD       20/02       13/03   16/03            4       late
 * 13  email          XA-BACSON   05/03       26/03   10/03            2       on time
 * 14  other          SO-KHCN     20/01       10/02   22/01            –       on time
 * 15  other          SO-XD       10/03       31/03   30/03            5       on time
 * outside the range:
 * 16  dvc_portal     SO-XD       31/12/2025  22/01   –                –       (late)
 * 17  zalo_oa        SO-XD       01/04       22/04   02/04            1       (on time)
 * 18  other          SO-KHCN     31/12/2025  22/01   05/01            5       (on time)
 *
 * Whole province, Q1:
 *   3.1 dvc {1,2,3}: total 3, on time 1, late 1, pending 1, rate 1/2
 *   3.2 mobile {4,5}: total 2, on time 2, rate 2/2
 *   3.3 zalo {6..11}: total 6, on time 2 (6,10), late 2 (7,9), pending 2 (8,11), rate 2/4
 *   3.4 email+other {12..15}: total 4, on time 3, late 1 (12), rate 3/4
 *   all: total 15, on time 8, late 4, pending 3, rate 8/12
 *   4.1 zalo {6..11}: ratings 1,3,5 → responses 3, satisfied 1, rate 1/3, mean 9/3;
 *       bad = 6 (rated 1), 7 (late), 9 (late) → rate766 (6−3)/6
 *   4.2 others {1..5,12..15}: ratings 5,2,4,4,2,5 → responses 6, satisfied 4, rate 4/6, mean 22/6;
 *       bad = 2 (late and rated 2, once), 12 (late), 13 (rated 2) → rate766 (9−3)/9
 *   all: total 15, responses 9, satisfied 5, rate 5/9, mean 31/9, rate766 (15−6)/15
 *
 * SO-XD subtree {1,3,5,6,8,9,12,15}, Q1:
 *   3.1 {1,3}: 2 / on time 1 / late 0 / pending 1, rate 1/1;  3.2 {5}: 1 / 1 / 0 / 0, rate 1/1
 *   3.3 {6,8,9}: 3 / 1 / 1 / 1, rate 1/2;  3.4 {12,15}: 2 / 1 / 1 / 0, rate 1/2;  all: 8 / 4 / 2 / 2, rate 4/6
 *   4.1 {6,8,9}: ratings 1,3 → responses 2, satisfied 0, rate 0/2, mean 4/2; bad 6, 9 → (3−2)/3
 *   4.2 {1,3,5,12,15}: ratings 5,4,5 → responses 3, satisfied 3, rate 3/3, mean 14/3; bad 12 → (5−1)/5
 *   all: total 8, responses 5, satisfied 3, rate 3/5, mean 18/5, bad 3 → (8−3)/8
 *
 * asOf 16/04/2026 00:00 local, whole province: #8 turns late.
 *   3.3: on time 2, late 3, pending 1, rate 2/5; all: on time 8, late 5, pending 2, rate 8/13
 *   4.1 rate766 (6−4)/6; all rate766 (15−7)/15
 */
const ITEMS: Item[] = [
  { n: 1, channel: 'dvc_portal', unit: 'SO-XD', date: '2026-01-05', due: '2026-01-26', answered: local('2026-01-12', '10:00'), rating: 5 },
  { n: 2, channel: 'dvc_portal', unit: 'SO-KHCN', date: '2026-01-10', due: '2026-02-02', answered: local('2026-02-04', '10:00'), rating: 2 },
  { n: 3, channel: 'dvc_portal', unit: 'SO-XD', date: '2026-03-31', due: '2026-04-21', answered: null },
  { n: 4, channel: 'mobile_app', unit: 'PHUONG-TT', date: '2026-02-02', due: '2026-02-24', answered: local('2026-02-10', '10:00'), rating: 4 },
  { n: 5, channel: 'mobile_app', unit: 'SO-XD-DT', date: '2026-02-03', due: '2026-02-25', answered: local('2026-02-05', '10:00') },
  { n: 6, channel: 'zalo_oa', unit: 'SO-XD', date: '2026-01-15', due: '2026-02-05', answered: local('2026-01-20', '10:00'), rating: 1 },
  { n: 7, channel: 'zalo_oa', unit: 'XA-NAMSON', date: '2026-02-10', due: '2026-03-03', answered: null },
  { n: 8, channel: 'zalo_oa', unit: 'SO-XD', date: '2026-03-20', due: '2026-04-15', answered: null },
  { n: 9, channel: 'zalo_mini_app', unit: 'SO-XD', date: '2026-01-01', time: '00:30', due: '2026-01-22', answered: local('2026-01-23', '08:00'), rating: 3 },
  { n: 10, channel: 'zalo_mini_app', unit: 'VP-UBND', date: '2026-02-14', due: '2026-03-09', answered: 'at_due', rating: 5 },
  { n: 11, channel: 'zalo_mini_app', unit: 'SO-NNMT', date: '2026-03-01', due: null, answered: null },
  { n: 12, channel: 'email', unit: 'SO-XD', date: '2026-02-20', due: '2026-03-13', answered: local('2026-03-16', '10:00'), rating: 4 },
  { n: 13, channel: 'email', unit: 'XA-BACSON', date: '2026-03-05', due: '2026-03-26', answered: local('2026-03-10', '10:00'), rating: 2 },
  { n: 14, channel: 'other', unit: 'SO-KHCN', date: '2026-01-20', due: '2026-02-10', answered: local('2026-01-22', '10:00') },
  { n: 15, channel: 'other', unit: 'SO-XD', date: '2026-03-10', due: '2026-03-31', answered: local('2026-03-30', '10:00'), rating: 5 },
  { n: 16, channel: 'dvc_portal', unit: 'SO-XD', date: '2025-12-31', due: '2026-01-22', answered: null },
  { n: 17, channel: 'zalo_oa', unit: 'SO-XD', date: '2026-04-01', due: '2026-04-22', answered: local('2026-04-02', '10:00'), rating: 1 },
  { n: 18, channel: 'other', unit: 'SO-KHCN', date: '2025-12-31', due: '2026-01-22', answered: local('2026-01-05', '10:00'), rating: 5 },
];

const PROVINCE_Q1 = {
  from: '2026-01-01',
  to: '2026-03-31',
  asOf: '2026-04-10T09:00:00.000+07:00',
  unit: null,
  onTime: [
    { code: '3.1', channels: ['dvc_portal'], total: 3, onTime: 1, late: 1, pending: 1, rate: 1 / 2 },
    { code: '3.2', channels: ['mobile_app'], total: 2, onTime: 2, late: 0, pending: 0, rate: 2 / 2 },
    { code: '3.3', channels: ['zalo_oa', 'zalo_mini_app'], total: 6, onTime: 2, late: 2, pending: 2, rate: 2 / 4 },
    { code: '3.4', channels: ['email', 'other'], total: 4, onTime: 3, late: 1, pending: 0, rate: 3 / 4 },
    { code: 'all', channels: ALL, total: 15, onTime: 8, late: 4, pending: 3, rate: 8 / 12 },
  ],
  satisfaction: [
    { code: '4.1', channels: ['zalo_oa', 'zalo_mini_app'], total: 6, responses: 3, satisfied: 1, rate: 1 / 3, mean: 9 / 3, rate766: (6 - 3) / 6 },
    {
      code: '4.2',
      channels: ['dvc_portal', 'mobile_app', 'email', 'other'],
      total: 9,
      responses: 6,
      satisfied: 4,
      rate: 4 / 6,
      mean: 22 / 6,
      rate766: (9 - 3) / 9,
    },
    { code: 'all', channels: ALL, total: 15, responses: 9, satisfied: 5, rate: 5 / 9, mean: 31 / 9, rate766: (15 - 6) / 15 },
  ],
};

const SO_XD_Q1 = {
  from: '2026-01-01',
  to: '2026-03-31',
  asOf: '2026-04-10T09:00:00.000+07:00',
  unit: 'SO-XD',
  onTime: [
    { code: '3.1', channels: ['dvc_portal'], total: 2, onTime: 1, late: 0, pending: 1, rate: 1 / 1 },
    { code: '3.2', channels: ['mobile_app'], total: 1, onTime: 1, late: 0, pending: 0, rate: 1 / 1 },
    { code: '3.3', channels: ['zalo_oa', 'zalo_mini_app'], total: 3, onTime: 1, late: 1, pending: 1, rate: 1 / 2 },
    { code: '3.4', channels: ['email', 'other'], total: 2, onTime: 1, late: 1, pending: 0, rate: 1 / 2 },
    { code: 'all', channels: ALL, total: 8, onTime: 4, late: 2, pending: 2, rate: 4 / 6 },
  ],
  satisfaction: [
    { code: '4.1', channels: ['zalo_oa', 'zalo_mini_app'], total: 3, responses: 2, satisfied: 0, rate: 0 / 2, mean: 4 / 2, rate766: (3 - 2) / 3 },
    {
      code: '4.2',
      channels: ['dvc_portal', 'mobile_app', 'email', 'other'],
      total: 5,
      responses: 3,
      satisfied: 3,
      rate: 3 / 3,
      mean: 14 / 3,
      rate766: (5 - 1) / 5,
    },
    { code: 'all', channels: ALL, total: 8, responses: 5, satisfied: 3, rate: 3 / 5, mean: 18 / 5, rate766: (8 - 3) / 8 },
  ],
};

const Q1 = 'from=2026-01-01&to=2026-03-31';

describe.each(DB_KINDS)('feedback indicators on %s', (kind) => {
  let t: TestApp;
  const get = (query: string, token?: string, ext = '') => t.request('GET', `/api/v1/indicators/feedback${ext}?${query}`, { token });

  beforeAll(async () => {
    t = await createTestApp(kind, { now: new Date('2026-04-10T02:00:00Z') });
    const db = t.database.db;
    const [soXd] = await db.select().from(units).where(eq(units.code, 'SO-XD'));
    const [child] = await db
      .insert(units)
      .values({ code: 'SO-XD-DT', name: 'Phòng Quản lý đô thị (Sở Xây dựng)', level: 'other', parentId: soXd!.id, path: '/' })
      .returning();
    await db.update(units).set({ path: `${soXd!.path}${child!.id}/` }).where(eq(units.id, child!.id));
    const unitIds = new Map((await db.select().from(units)).map((u) => [u.code, u.id]));
    await db.insert(feedback).values(
      ITEMS.map((it) => {
        const receivedAt = local(it.date, it.time);
        const dueAt = it.due ? endOf(it.due) : null;
        const answeredAt = it.answered === 'at_due' ? dueAt : it.answered;
        return {
          code: `PA-2026-${String(900000 + it.n)}`,
          channel: it.channel,
          unitId: unitIds.get(it.unit)!,
          status: answeredAt ? ('answered' as const) : dueAt ? ('in_progress' as const) : ('needs_info' as const),
          content: `Phản ánh thử nghiệm số ${it.n}`,
          receivedAt,
          receivedDate: it.date,
          policyUnit: 'working_days' as const,
          policyAmount: 15,
          clockStartedAt: receivedAt,
          pausedAt: dueAt ? null : local('2026-03-02'),
          dueAt,
          answeredAt,
          answer: answeredAt ? 'Đã xử lý' : null,
          rating: it.rating ?? null,
          ratedAt: it.rating ? answeredAt : null,
        };
      }),
    );
  });
  afterAll(() => t?.close());

  describe('figures', () => {
    it('reports the whole province for Q1 2026', async () => {
      const res = await get(Q1, ADMIN_TOKEN);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(PROVINCE_Q1);
    });

    it('reports one unit with its subtree', async () => {
      const res = await get(`${Q1}&unit=SO-XD`, ADMIN_TOKEN);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(SO_XD_Q1);
    });

    it('the root unit gives the province figures, under its code', async () => {
      const res = await get(`${Q1}&unit=TINH`, ADMIN_TOKEN);
      expect(await res.json()).toEqual({ ...PROVINCE_Q1, unit: 'TINH' });
    });

    it('a later asOf turns an open item from pending to late', async () => {
      const res = await get(`${Q1}&asOf=${encodeURIComponent('2026-04-16T00:00:00+07:00')}`, ADMIN_TOKEN);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.asOf).toBe('2026-04-16T00:00:00.000+07:00');
      expect(body.onTime[2]).toEqual({ ...PROVINCE_Q1.onTime[2], late: 3, pending: 1, rate: 2 / 5 });
      expect(body.onTime[4]).toEqual({ ...PROVINCE_Q1.onTime[4], late: 5, pending: 2, rate: 8 / 13 });
      expect(body.satisfaction[0].rate766).toBe((6 - 4) / 6);
      expect(body.satisfaction[2].rate766).toBe((15 - 7) / 15);
      // The items that were already decided do not move.
      expect(body.onTime.slice(0, 2)).toEqual(PROVINCE_Q1.onTime.slice(0, 2));
      expect(body.onTime[3]).toEqual(PROVINCE_Q1.onTime[3]);
    });

    it('an asOf in UTC is echoed in local time', async () => {
      const res = await get(`${Q1}&asOf=2026-04-15T17:00:00Z`, ADMIN_TOKEN);
      const body = await res.json();
      expect(body.asOf).toBe('2026-04-16T00:00:00.000+07:00');
      expect(body.onTime[4].late).toBe(5);
    });

    it('one day of the range: only the items received that local day', async () => {
      const res = await get('from=2026-01-01&to=2026-01-01', ADMIN_TOKEN);
      const body = await res.json();
      expect(body.onTime[4]).toMatchObject({ total: 1, onTime: 0, late: 1, pending: 0, rate: 0 });
      expect(body.onTime[2]).toMatchObject({ code: '3.3', total: 1 });
    });

    it('an empty period gives zeros and null rates', async () => {
      const res = await get('from=2027-01-01&to=2027-12-31', ADMIN_TOKEN);
      const body = await res.json();
      for (const g of body.onTime) expect(g).toMatchObject({ total: 0, onTime: 0, late: 0, pending: 0, rate: null });
      for (const g of body.satisfaction) {
        expect(g).toMatchObject({ total: 0, responses: 0, satisfied: 0, rate: null, mean: null, rate766: null });
      }
    });

    it('the query is answered by an index-only scan of feedback_indicator_idx', async () => {
      const db = t.database.db;
      await db.execute(sql`vacuum analyze feedback`);
      const [soXd] = await db.select().from(units).where(eq(units.code, 'SO-XD'));
      for (const unitPath of [null, soXd!.path]) {
        const plan = await db.transaction(async (tx) => {
          // The table is tiny, so take the cheaper plans away to see whether the index alone can answer.
          await tx.execute(sql`set local enable_seqscan = off`);
          await tx.execute(sql`set local enable_bitmapscan = off`);
          const q = feedbackIndicatorQuery({ from: '2026-01-01', to: '2026-03-31', asOf: new Date(), unitPath });
          return rowsOf<{ 'QUERY PLAN': string }>(await tx.execute(sql`explain ${q}`)).map((r) => r['QUERY PLAN']).join('\n');
        });
        expect(plan).toMatch(/Index Only Scan using feedback_indicator_idx on feedback/);
      }
    });
  });

  describe('access', () => {
    it('anonymous callers get 401', async () => {
      expect((await get(Q1)).status).toBe(401);
      expect((await get(Q1, undefined, '.xlsx')).status).toBe(401);
    });

    it('citizens and officers get 403', async () => {
      const citizen = await t.citizen();
      const officer = await t.staff('SO-XD', 'officer');
      for (const token of [citizen.token, officer.token]) {
        expect((await get(Q1, token)).status).toBe(403);
        expect((await get(`${Q1}&unit=SO-XD`, token)).status).toBe(403);
        expect((await get(Q1, token, '.xlsx')).status).toBe(403);
      }
    });

    it('a leader sees their unit and its children, not other units', async () => {
      const leader = await t.staff('SO-XD', 'leader');
      const own = await get(`${Q1}&unit=SO-XD`, leader.token);
      expect(own.status).toBe(200);
      expect(await own.json()).toEqual(SO_XD_Q1);
      const child = await get(`${Q1}&unit=SO-XD-DT`, leader.token);
      expect(child.status).toBe(200);
      expect((await child.json()).onTime[4]).toMatchObject({ total: 1, onTime: 1 });
      for (const other of ['SO-KHCN', 'TINH']) {
        const res = await get(`${Q1}&unit=${other}`, leader.token);
        expect(res.status).toBe(403);
        expect((await res.json()).error).toBe('forbidden');
      }
      expect((await get(`${Q1}&unit=SO-KHCN`, leader.token, '.xlsx')).status).toBe(403);
    });

    it('a leader without unit gets their own unit', async () => {
      const leader = await t.staff('SO-XD', 'leader');
      const res = await get(Q1, leader.token);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(SO_XD_Q1);
    });

    it('a leader of several units must name one', async () => {
      const leader = await t.staff('SO-XD', 'leader');
      const [khcn] = await t.database.db.select().from(units).where(eq(units.code, 'SO-KHCN'));
      await t.database.db.insert(userRoles).values({ userId: leader.userId, unitId: khcn!.id, role: 'leader' });
      const res = await get(Q1, leader.token);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error).toBe('invalid_request');
      expect(body.issues.map((i: { field: string }) => i.field)).toEqual(['unit']);
      expect((await get(`${Q1}&unit=SO-KHCN`, leader.token)).status).toBe(200);
    });

    it('admins (user or token) see every unit', async () => {
      const admin = await t.staff('TINH', 'admin');
      const res = await get(Q1, admin.token);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(PROVINCE_Q1);
      expect((await get(`${Q1}&unit=SO-KHCN`, admin.token)).status).toBe(200);
      expect((await get(`${Q1}&unit=SO-XD`, ADMIN_TOKEN)).status).toBe(200);
    });

    it('an unknown unit is 404', async () => {
      const res = await get(`${Q1}&unit=NO-SUCH-UNIT`, ADMIN_TOKEN);
      expect(res.status).toBe(404);
      expect((await res.json()).error).toBe('not_found');
    });
  });

  describe('validation', () => {
    const fieldsOf = async (res: Response) => {
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; issues: { field: string }[] };
      expect(body.error).toBe('invalid_request');
      return body.issues.map((i) => i.field);
    };

    it('rejects impossible or malformed dates', async () => {
      expect(await fieldsOf(await get('from=2026-02-30&to=2026-03-31', ADMIN_TOKEN))).toEqual(['from']);
      expect(await fieldsOf(await get('from=2026-01-01&to=31/03/2026', ADMIN_TOKEN))).toEqual(['to']);
      expect(await fieldsOf(await get('from=2026-01-01', ADMIN_TOKEN))).toEqual(['to']);
    });

    it('rejects from after to, and periods over 5 years', async () => {
      expect(await fieldsOf(await get('from=2026-03-01&to=2026-02-28', ADMIN_TOKEN))).toEqual(['to']);
      expect(await fieldsOf(await get('from=2020-01-01&to=2026-12-31', ADMIN_TOKEN))).toEqual(['to']);
      expect((await get('from=2022-01-01&to=2026-12-31', ADMIN_TOKEN)).status).toBe(200);
    });

    it('rejects an asOf without a time zone', async () => {
      expect(await fieldsOf(await get(`${Q1}&asOf=2026-04-16T00:00:00`, ADMIN_TOKEN))).toEqual(['asOf']);
      expect(await fieldsOf(await get(`${Q1}&asOf=yesterday`, ADMIN_TOKEN))).toEqual(['asOf']);
    });
  });

  describe('Excel workbook', () => {
    async function workbook(query: string, token = ADMIN_TOKEN) {
      const res = await get(query, token, '.xlsx');
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const ws = wb.worksheets[0]!;
      const rows = new Map<string, ExcelJS.Row>();
      const texts: string[] = [];
      ws.eachRow((row) => {
        const a = row.getCell(1).value;
        texts.push(row.values instanceof Array ? row.values.filter((v) => typeof v === 'string').join(' | ') : '');
        if (typeof a === 'string' && /^[34](\.\d)?$/.test(a)) {
          // "3" and "4" head each table (all channels); "3.1"… are the sub-indicators.
          rows.set(a, row);
        }
      });
      return { res, ws, rows, texts };
    }
    const nums = (row: ExcelJS.Row, from: number, to: number) => {
      const out: unknown[] = [];
      for (let col = from; col <= to; col++) out.push(row.getCell(col).value);
      return out;
    };

    it('is served with the spreadsheet type and a dated file name', async () => {
      const { res } = await workbook(Q1);
      expect(res.headers.get('content-type')).toBe(XLSX_MIME);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="chi-so-pakn_2026-01-01_2026-03-31.xlsx"');
      const unit = await get(`${Q1}&unit=SO-XD`, ADMIN_TOKEN, '.xlsx');
      expect(unit.headers.get('content-disposition')).toBe('attachment; filename="chi-so-pakn_SO-XD_2026-01-01_2026-03-31.xlsx"');
    });

    it('holds the same figures as the JSON, with Vietnamese headers', async () => {
      const { ws, rows, texts } = await workbook(Q1);
      const all = texts.join('\n');
      expect(all).toContain('Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/03/2026');
      expect(all).toContain('Đơn vị: Toàn bộ các đơn vị');
      expect(all).toContain('Số liệu tính đến: 09:00:00 ngày 10/04/2026');
      expect(all).toContain('STT | Chỉ số | Kênh | Tổng số | Đúng hạn | Quá hạn | Chưa đến hạn | Tỷ lệ (%)');
      expect(all).toContain('STT | Chỉ số | Kênh | Tổng số | Số đánh giá | Hài lòng (4–5) | Tỷ lệ hài lòng | Điểm TB | Tỷ lệ theo 766');

      const stt = (code: string) => (code === 'all' ? '3' : code);
      for (const g of PROVINCE_Q1.onTime) {
        const row = rows.get(stt(g.code))!;
        expect(nums(row, 4, 8)).toEqual([g.total, g.onTime, g.late, g.pending, g.rate]);
        expect(row.getCell(8).numFmt).toBe('0.0%');
      }
      expect(rows.get('3.1')!.getCell(2).value).toBe('Tỷ lệ phản ánh được xử lý đúng hạn qua Cổng DVC');
      expect(rows.get('3.3')!.getCell(3).value).toBe('Zalo OA, Zalo Mini App');
      expect(rows.get('3')!.getCell(3).value).toBe('Tất cả các kênh');
      for (const g of PROVINCE_Q1.satisfaction) {
        const row = rows.get(g.code === 'all' ? '4' : g.code)!;
        expect(nums(row, 4, 9)).toEqual([g.total, g.responses, g.satisfied, g.rate, g.mean, g.rate766]);
        expect([row.getCell(7).numFmt, row.getCell(8).numFmt, row.getCell(9).numFmt]).toEqual(['0.0%', '0.00', '0.0%']);
      }
      expect(rows.get('4.2')!.getCell(2).value).toBe(
        'Mức độ hài lòng với việc xử lý phản ánh qua Kênh khác (sử dụng hình thức điện tử, nêu rõ loại kênh nếu có)',
      );
      expect(ws.getColumn(2).width).toBeGreaterThan(40);
    });

    it('names the unit and leaves rates blank when there is nothing to divide', async () => {
      const { rows, texts } = await workbook('from=2027-01-01&to=2027-03-31&unit=SO-XD');
      expect(texts.join('\n')).toContain('Đơn vị: Sở Xây dựng (SO-XD) và các đơn vị trực thuộc');
      expect(nums(rows.get('3')!, 4, 8)).toEqual([0, 0, 0, 0, null]);
      expect(nums(rows.get('4')!, 4, 9)).toEqual([0, 0, 0, null, null, null]);
    });

    it('follows the same access rules for a leader', async () => {
      const leader = await t.staff('SO-XD', 'leader');
      const { rows } = await workbook(Q1, leader.token);
      expect(nums(rows.get('3')!, 4, 8)).toEqual([8, 4, 2, 2, 4 / 6]);
    });
  });
});
