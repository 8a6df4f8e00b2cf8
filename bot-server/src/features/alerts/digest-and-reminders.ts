// Once-a-day jobs on working days: the leaders' morning digest and the DTI reporting reminders and late notices.
// Each job is claimed through scheduler_runs (job, key) in the same transaction that creates its alerts: only the
// instance whose insert returns a row does it, and a failure rolls the claim back so the next tick retries. The
// alerts wait for quiet hours like any other and releaseAlerts (alert-scheduler.ts) moves them into the outbox.
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { type Db, rowsOf, ts, type Tx } from '../../../../db/open-db.js';
import { alerts, dtiPeriods, dtiSets, schedulerRuns, userRoles } from '../../../../db/schema.js';
import { afterQuietHours, DEFAULT_THRESHOLDS, parseQuietHours, type QuietHours } from '../../domain/alerts/alert-rules.js';
import { addDays, endOfLocalDay, localDateOf, startOfLocalDay } from '../../domain/calendar/local-date.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import { truncate } from '../../domain/chatbot/chatbot-messages.js';
import type { Logger } from '../../lib/logger.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { missingAndLate, type MissingState } from '../dti/dti-report-repository.js';

export interface DailyJobsDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  /** Local 'HH:MM' of the digest; '' turns it off. */
  digestAt: string;
  quietHours: string;
}

/** DTI reminders go this many working days before a period's due date. */
export const DTI_REMINDER_DAYS = [5, 1] as const;
/** DTI reminders and late notices go from this local time on. */
export const DTI_REMINDER_AT = '08:00';
const MAX_TEXT = 2000;
const WORST_ITEMS = 3;
const MAX_CODES = 10;
const MISSING_STATES: readonly MissingState[] = ['missing', 'draft', 'returned'];

interface JobCtx {
  now: Date;
  today: string;
  cal: WorkingCalendar;
  quiet: QuietHours | null;
}

/** Runs the daily jobs that are due now; returns how many alerts it created. */
export async function runDailyJobs(deps: DailyJobsDeps): Promise<number> {
  const now = deps.now();
  const today = localDateOf(now);
  const cal = await loadCalendar(deps.db);
  if (!cal.isWorkingDay(today)) return 0;
  const ctx: JobCtx = { now, today, cal, quiet: parseQuietHours(deps.quietHours) };
  let created = 0;
  if (deps.digestAt && reached(now, deps.digestAt)) created += await runDigest(deps, ctx);
  if (reached(now, DTI_REMINDER_AT)) created += await runDtiJobs(deps, ctx);
  return created;
}

/** Whether the local time of `now` is at or after 'HH:MM'. */
function reached(now: Date, hhmm: string): boolean {
  const [h, m] = hhmm.split(':').map(Number);
  return now.getTime() >= startOfLocalDay(localDateOf(now)).getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
}

async function claim(tx: Tx, job: string, key: string, now: Date): Promise<boolean> {
  const rows = await tx
    .insert(schedulerRuns)
    .values({ job, key, ranAt: now })
    .onConflictDoNothing({ target: [schedulerRuns.job, schedulerRuns.key] })
    .returning({ job: schedulerRuns.job });
  return rows.length > 0;
}

async function createAlert(tx: Tx, ctx: JobCtx, a: { dedupeKey: string; kind: string; userId: number; text: string }): Promise<number> {
  const rows = await tx
    .insert(alerts)
    .values({
      dedupeKey: a.dedupeKey,
      kind: a.kind,
      feedbackId: null,
      recipientUserId: a.userId,
      text: truncate(a.text, MAX_TEXT),
      sendAfter: afterQuietHours(ctx.now, ctx.quiet),
      createdAt: ctx.now,
    })
    .onConflictDoNothing({ target: alerts.dedupeKey })
    .returning({ id: alerts.id });
  return rows.length;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
const viDate = (date: string) => date.split('-').reverse().join('/');

// ——— The leaders' digest ———

interface DigestRow {
  user_id: number;
  unit_names: string;
  due_soon: number;
  overdue: number;
  answered_yesterday: number;
}

/**
 * One digest per leader and day, over the union of the subtrees of every unit they lead (an item under two of
 * their units counts once). Days overdue of the worst items are working days after the due date.
 */
async function runDigest(deps: DailyJobsDeps, ctx: JobCtx): Promise<number> {
  const { now, today, cal } = ctx;
  const soonEnd = endOfLocalDay(cal.addWorkingDays(today, DEFAULT_THRESHOLDS.dueSoon));
  const yesterday = addDays(today, -1);
  const yStart = startOfLocalDay(yesterday);
  const yEnd = endOfLocalDay(yesterday);
  return deps.db.transaction(async (tx) => {
    if (!(await claim(tx, 'digest', today, now))) return 0;
    const leaderItems = sql`
      with lu as (
        select distinct r.user_id, u.path from user_roles r join units u on u.id = r.unit_id where r.role = 'leader'
      ),
      items as (
        select distinct lu.user_id, f.id, f.code, f.due_at, f.answered_at, f.answer is not null as answered
        from lu
        join units fu on fu.path like lu.path || '%'
        join feedback f on f.unit_id = fu.id
        where (f.answered_at is null and f.due_at is not null and f.due_at <= ${ts(soonEnd)})
           or (f.answered_at between ${ts(yStart)} and ${ts(yEnd)})
      )`;
    const counts = rowsOf<DigestRow>(
      await tx.execute(sql`${leaderItems}
        select l.user_id,
          (select string_agg(u.name, ', ' order by u.path) from user_roles r join units u on u.id = r.unit_id
            where r.user_id = l.user_id and r.role = 'leader') as unit_names,
          count(i.id) filter (where i.answered_at is null and i.due_at > ${ts(now)})::int as due_soon,
          count(i.id) filter (where i.answered_at is null and i.due_at <= ${ts(now)})::int as overdue,
          count(i.id) filter (where i.answered_at is not null and i.answered)::int as answered_yesterday
        from (select distinct user_id from lu) l
        left join items i on i.user_id = l.user_id
        group by l.user_id
        order by l.user_id`),
    );
    const worstRows = rowsOf<{ user_id: number; code: string; due_ms: number }>(
      await tx.execute(sql`${leaderItems}
        select user_id, code, due_ms from (
          select user_id, code, (extract(epoch from due_at) * 1000)::float8 as due_ms,
            row_number() over (partition by user_id order by due_at, id) as n
          from items where answered_at is null and due_at <= ${ts(now)}
        ) w where n <= ${WORST_ITEMS}
        order by user_id, n`),
    );
    const worst = new Map<number, { code: string; days: number }[]>();
    for (const w of worstRows) {
      const userId = Number(w.user_id);
      const days = cal.workingDaysBetween(localDateOf(new Date(Number(w.due_ms))), today);
      worst.set(userId, [...(worst.get(userId) ?? []), { code: String(w.code), days }]);
    }
    let created = 0;
    for (const c of counts) {
      const userId = Number(c.user_id);
      const text = digestText(today, String(c.unit_names ?? ''), Number(c.due_soon), Number(c.overdue), Number(c.answered_yesterday), worst.get(userId) ?? []);
      created += await createAlert(tx, ctx, { dedupeKey: `digest:${userId}:${today}`, kind: 'digest', userId, text });
    }
    deps.log.info({ date: today, created }, 'leaders digest created');
    return created;
  });
}

export function digestText(
  date: string,
  unitNames: string,
  dueSoon: number,
  overdue: number,
  answeredYesterday: number,
  worst: { code: string; days: number }[],
): string {
  let text = `Tổng hợp phản ánh ngày ${viDate(date)} — ${unitNames}: ${dueSoon} sắp đến hạn, ${overdue} quá hạn, ${answeredYesterday} đã trả lời hôm qua.`;
  if (worst.length) {
    text += ` Quá hạn lâu nhất: ${worst.map((w) => `${w.code} (${w.days} ngày làm việc)`).join(', ')}.`;
  }
  return text;
}

// ——— DTI reminders and late notices ———

type Period = { id: number; setId: number; setCode: string; code: string; dueOn: string };

async function runDtiJobs(deps: DailyJobsDeps, ctx: JobCtx): Promise<number> {
  const { today, cal } = ctx;
  const reminderDates = new Map<string, number>(DTI_REMINDER_DAYS.map((n) => [cal.addWorkingDays(today, n), n]));
  // The first working day after the due date is today only if the due date is on or after the previous working day.
  const lateFrom = cal.previousWorkingDay(today);
  const periods = await deps.db
    .select({ id: dtiPeriods.id, setId: dtiPeriods.setId, setCode: dtiSets.code, code: dtiPeriods.code, dueOn: dtiPeriods.dueOn })
    .from(dtiPeriods)
    .innerJoin(dtiSets, eq(dtiSets.id, dtiPeriods.setId))
    .where(and(eq(dtiSets.active, true), gte(dtiPeriods.dueOn, lateFrom), lte(dtiPeriods.dueOn, cal.addWorkingDays(today, Math.max(...DTI_REMINDER_DAYS)))));
  let created = 0;
  for (const p of periods) {
    const n = reminderDates.get(p.dueOn);
    if (n !== undefined) created += await dtiReminder(deps, ctx, p, n);
    if (p.dueOn < today && cal.nextWorkingDay(p.dueOn) === today) created += await dtiLate(deps, ctx, p);
  }
  return created;
}

interface UnitGap {
  unitId: number;
  unitName: string;
  missingCodes: string[];
  expected: number;
}

/** Lead units of the period with values not in: never entered, still drafts, or returned for correction. */
async function unitGaps(tx: Tx, p: Period): Promise<UnitGap[]> {
  const items = (await missingAndLate(tx, p.setId, p.id)).filter((i) => MISSING_STATES.includes(i.state));
  const byUnit = new Map<number, UnitGap>();
  for (const i of items) {
    const gap = byUnit.get(i.unitId) ?? { unitId: i.unitId, unitName: i.unitName, missingCodes: [], expected: 0 };
    gap.missingCodes.push(i.indicatorCode);
    byUnit.set(i.unitId, gap);
  }
  if (byUnit.size === 0) return [];
  const expected = rowsOf<{ unit_id: number; n: number }>(
    await tx.execute(sql`select a.unit_id, count(*)::int as n from dti_assignments a join dti_indicators i on i.id = a.indicator_id
      where i.set_id = ${p.setId} and a.role = 'lead' group by a.unit_id`),
  );
  for (const e of expected) {
    const gap = byUnit.get(Number(e.unit_id));
    if (gap) gap.expected = Number(e.n);
  }
  return [...byUnit.values()];
}

async function staffOf(tx: Tx, unitId: number, role: 'officer' | 'leader'): Promise<number[]> {
  const rows = await tx
    .selectDistinct({ userId: userRoles.userId })
    .from(userRoles)
    .where(and(eq(userRoles.unitId, unitId), inArray(userRoles.role, [role])));
  return rows.map((r) => r.userId).sort((a, b) => a - b);
}

const codeList = (codes: string[]) =>
  codes.slice(0, MAX_CODES).join(', ') + (codes.length > MAX_CODES ? ` và ${codes.length - MAX_CODES} chỉ số khác` : '');

async function dtiReminder(deps: DailyJobsDeps, ctx: JobCtx, p: Period, n: number): Promise<number> {
  return deps.db.transaction(async (tx) => {
    if (!(await claim(tx, 'dti-reminder', `${p.id}:${n}`, ctx.now))) return 0;
    let created = 0;
    for (const gap of await unitGaps(tx, p)) {
      const due = viDate(p.dueOn);
      const officerText =
        `Nhắc báo cáo DTI ${p.setCode} kỳ ${p.code}: ${gap.unitName} còn ${gap.missingCodes.length}/${gap.expected} chỉ số chưa báo cáo, ` +
        `hạn ${due} (còn ${n} ngày làm việc). Chỉ số chưa báo cáo: ${codeList(gap.missingCodes)}.`;
      for (const userId of await staffOf(tx, gap.unitId, 'officer')) {
        created += await createAlert(tx, ctx, { dedupeKey: `dti_reminder:${p.id}:${n}:${userId}:${gap.unitId}`, kind: 'dti_reminder', userId, text: officerText });
      }
      const summary = `${gap.unitName}: ${gap.missingCodes.length}/${gap.expected} chỉ số chưa báo cáo, hạn ${due} (${p.setCode} kỳ ${p.code}).`;
      for (const userId of await staffOf(tx, gap.unitId, 'leader')) {
        created += await createAlert(tx, ctx, { dedupeKey: `dti_summary:${p.id}:${n}:${userId}:${gap.unitId}`, kind: 'dti_summary', userId, text: summary });
      }
    }
    deps.log.info({ period: p.code, daysBefore: n, created }, 'DTI reminders created');
    return created;
  });
}

async function dtiLate(deps: DailyJobsDeps, ctx: JobCtx, p: Period): Promise<number> {
  return deps.db.transaction(async (tx) => {
    if (!(await claim(tx, 'dti-late', String(p.id), ctx.now))) return 0;
    let created = 0;
    for (const gap of await unitGaps(tx, p)) {
      const text =
        `Trễ hạn báo cáo DTI ${p.setCode} kỳ ${p.code}: ${gap.unitName} còn ${gap.missingCodes.length}/${gap.expected} chỉ số chưa báo cáo, ` +
        `đã quá hạn ${viDate(p.dueOn)}. Chỉ số chưa báo cáo: ${codeList(gap.missingCodes)}. Đề nghị hoàn thành ngay.`;
      const recipients = new Set([...(await staffOf(tx, gap.unitId, 'officer')), ...(await staffOf(tx, gap.unitId, 'leader'))]);
      for (const userId of recipients) {
        created += await createAlert(tx, ctx, { dedupeKey: `dti_late:${p.id}:${userId}:${gap.unitId}`, kind: 'dti_late', userId, text });
      }
    }
    deps.log.info({ period: p.code, created }, 'DTI late notices created');
    return created;
  });
}
