// The alert scheduler: each tick creates the alerts that became due (exactly once, through unique keys and the
// per-item bookmarks), and releases those whose quiet hours are over into the outbox.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { type Db, rowsOf, type Tx } from '../../../../db/open-db.js';
import { alerts, alertSettings, feedback, outbox, units, userRoles, users } from '../../../../db/schema.js';
import {
  afterQuietHours,
  DEFAULT_THRESHOLDS,
  dueSoonFrom,
  escalationFrom,
  parseQuietHours,
  type AlertThresholds,
} from '../../domain/alerts/alert-rules.js';
import { formatViDate } from '../../domain/chatbot/chatbot-messages.js';
import { endOfLocalDay, localDateOf, toIsoWithOffset } from '../../domain/calendar/local-date.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { Logger } from '../../lib/logger.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { enqueue } from '../outbox/outbox-repository.js';

export interface SchedulerDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  quietHours: string;
  /** When set, alert texts end with a link that opens the item in the mini app. */
  miniAppId?: string | undefined;
}

export type AlertKind = 'due_soon' | 'overdue' | 'escalation';

const BATCH = 500;
// Arbitrary constant: only one instance scans for new alerts at a time (the unique keys make it safe anyway).
const SCAN_LOCK_KEY = 727_140_003;

export async function schedulerTick(deps: SchedulerDeps): Promise<number> {
  const created = await createDueAlerts(deps);
  const released = await releaseAlerts(deps);
  return created + released;
}

type OpenItem = Pick<
  typeof feedback.$inferSelect,
  'id' | 'code' | 'unitId' | 'dueAt' | 'policyUnit' | 'dueSoonAlertedFor' | 'overdueAlertedFor' | 'escalatedFor'
>;

const openItemColumns = {
  id: feedback.id,
  code: feedback.code,
  unitId: feedback.unitId,
  dueAt: feedback.dueAt,
  policyUnit: feedback.policyUnit,
  dueSoonAlertedFor: feedback.dueSoonAlertedFor,
  overdueAlertedFor: feedback.overdueAlertedFor,
  escalatedFor: feedback.escalatedFor,
};

async function createDueAlerts(deps: SchedulerDeps): Promise<number> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${SCAN_LOCK_KEY}) as ok`));
    if (!lock?.ok) return 0;
    const cal = await loadCalendar(tx);
    const thresholds = await thresholdsByUnit(tx);
    const ctx: Ctx = { tx, now, cal, thresholds, quiet: parseQuietHours(deps.quietHours), miniAppId: deps.miniAppId };

    // Overdue: open items past their due time whose overdue alert is not created for this due time.
    const overdue = await tx
      .select(openItemColumns)
      .from(feedback)
      .where(sql`${feedback.answeredAt} is null and ${feedback.overdueAlertedFor} is distinct from ${feedback.dueAt} and ${feedback.dueAt} <= ${now.toISOString()}::timestamptz`)
      .orderBy(asc(feedback.dueAt))
      .limit(BATCH);
    let created = 0;
    for (const item of overdue) {
      created += await createFor(ctx, item, 'overdue', await unitStaff(tx, item.unitId, ['officer', 'leader']));
      // An overdue item never gets a due-soon alert afterwards.
      // Bookmarks are copied in SQL, so they match due_at exactly (a JS Date would drop sub-millisecond digits).
      await tx.update(feedback).set({ overdueAlertedFor: sql`${feedback.dueAt}`, dueSoonAlertedFor: sql`${feedback.dueAt}` }).where(eq(feedback.id, item.id));
    }

    // Due soon: open items due within the widest window, not yet alerted for this due time.
    const maxDays = Math.max(...[...thresholds.values()].map((t) => t.dueSoon), DEFAULT_THRESHOLDS.dueSoon);
    const windowEnd = endOfLocalDay(cal.addWorkingDays(localDateOf(now), maxDays + 1));
    const soon = await tx
      .select(openItemColumns)
      .from(feedback)
      .where(
        sql`${feedback.answeredAt} is null and ${feedback.dueSoonAlertedFor} is distinct from ${feedback.dueAt}
            and ${feedback.dueAt} > ${now.toISOString()}::timestamptz and ${feedback.dueAt} <= ${windowEnd.toISOString()}::timestamptz`,
      )
      .orderBy(asc(feedback.dueAt))
      .limit(BATCH);
    for (const item of soon) {
      const t = await thresholdFor(tx, thresholds, item.unitId);
      if (dueSoonFrom(item.dueAt!, item.policyUnit, t.dueSoon, cal) > now) continue;
      created += await createFor(ctx, item, 'due_soon', await unitStaff(tx, item.unitId, ['officer', 'leader']));
      await tx.update(feedback).set({ dueSoonAlertedFor: sql`${feedback.dueAt}` }).where(eq(feedback.id, item.id));
    }

    // Escalation: overdue items that stayed overdue for the escalation period go to the parent unit's leaders.
    const escalation = await tx
      .select(openItemColumns)
      .from(feedback)
      .where(sql`${feedback.answeredAt} is null and ${feedback.escalatedFor} is distinct from ${feedback.dueAt} and ${feedback.dueAt} <= ${now.toISOString()}::timestamptz`)
      .orderBy(asc(feedback.dueAt))
      .limit(BATCH);
    for (const item of escalation) {
      const t = await thresholdFor(tx, thresholds, item.unitId);
      if (escalationFrom(item.dueAt!, t.escalationWorkingDays, cal) > now) continue;
      const [unit] = await tx.select({ parentId: units.parentId }).from(units).where(eq(units.id, item.unitId));
      const leaders = unit?.parentId ? await unitStaff(tx, unit.parentId, ['leader']) : [];
      created += await createFor(ctx, item, 'escalation', leaders, t.escalationWorkingDays);
      await tx.update(feedback).set({ escalatedFor: sql`${feedback.dueAt}` }).where(eq(feedback.id, item.id));
    }
    return created;
  });
}

interface Ctx {
  tx: Tx;
  now: Date;
  cal: WorkingCalendar;
  thresholds: Map<number | null, AlertThresholds>;
  quiet: ReturnType<typeof parseQuietHours>;
  miniAppId?: string | undefined;
}

async function createFor(ctx: Ctx, item: OpenItem, kind: AlertKind, recipients: { userId: number }[], days?: number): Promise<number> {
  const [unit] = await ctx.tx.select({ name: units.name }).from(units).where(eq(units.id, item.unitId));
  const link = ctx.miniAppId ? ` ${itemLink(ctx.miniAppId, item.code)}` : '';
  const text = alertText(kind, item.code, unit?.name ?? '', item.dueAt!, days) + link;
  let created = 0;
  const seen = new Set<number>();
  for (const r of recipients) {
    if (seen.has(r.userId)) continue;
    seen.add(r.userId);
    const rows = await ctx.tx
      .insert(alerts)
      .values({
        dedupeKey: `${kind}:${item.id}:${r.userId}:${item.dueAt!.toISOString()}`,
        kind,
        feedbackId: item.id,
        recipientUserId: r.userId,
        dueAt: item.dueAt,
        text,
        sendAfter: afterQuietHours(ctx.now, ctx.quiet),
        createdAt: ctx.now,
      })
      .onConflictDoNothing({ target: alerts.dedupeKey })
      .returning({ id: alerts.id });
    created += rows.length;
  }
  return created;
}

/** Opens the item in the mini app (Zalo's deep link for mini apps). */
export function itemLink(miniAppId: string, code: string): string {
  return `https://zalo.me/s/${miniAppId}/?feedback=${encodeURIComponent(code)}`;
}

export function alertText(kind: AlertKind, code: string, unitName: string, dueAt: Date, days?: number): string {
  const due = `${formatViDate(dueAt)} ${toIsoWithOffset(dueAt).slice(11, 16)}`;
  switch (kind) {
    case 'due_soon':
      return `Sắp đến hạn: phản ánh ${code} của ${unitName} cần được trả lời trước ${due}. Mở ứng dụng để xử lý.`;
    case 'overdue':
      return `Quá hạn: phản ánh ${code} của ${unitName} đã quá hạn xử lý (hạn ${due}) và chưa được trả lời. Đề nghị xử lý ngay.`;
    case 'escalation':
      return `Báo cáo lãnh đạo: phản ánh ${code} của ${unitName} đã quá hạn ${days ?? ''} ngày làm việc (hạn ${due}) mà chưa được trả lời.`;
  }
}

/** Officers and/or leaders of exactly this unit. */
async function unitStaff(tx: Tx, unitId: number, roles: ('officer' | 'leader')[]) {
  return tx
    .selectDistinct({ userId: userRoles.userId })
    .from(userRoles)
    .where(and(eq(userRoles.unitId, unitId), inArray(userRoles.role, roles)));
}

async function thresholdsByUnit(tx: Tx): Promise<Map<number | null, AlertThresholds>> {
  const rows = await tx.select().from(alertSettings);
  return new Map(rows.map((r) => [r.unitId, { dueSoon: r.dueSoon, escalationWorkingDays: r.escalationWorkingDays }]));
}

/** The unit's own settings, else the nearest ancestor's, else the province default, else the built-in defaults. */
async function thresholdFor(tx: Tx, byUnit: Map<number | null, AlertThresholds>, unitId: number): Promise<AlertThresholds> {
  if (byUnit.size === 0) return DEFAULT_THRESHOLDS;
  const [unit] = await tx.select({ path: units.path }).from(units).where(eq(units.id, unitId));
  const chain = (unit?.path ?? '').split('/').filter(Boolean).map(Number).reverse();
  for (const id of chain) {
    const t = byUnit.get(id);
    if (t) return t;
  }
  return byUnit.get(null) ?? DEFAULT_THRESHOLDS;
}

/** Alerts whose quiet hours are over go to the outbox, unless their item was answered meanwhile. */
async function releaseAlerts(deps: SchedulerDeps): Promise<number> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ a: alerts, answeredAt: feedback.answeredAt, currentDue: feedback.dueAt, zaloId: users.zaloId })
      .from(alerts)
      .innerJoin(users, eq(users.id, alerts.recipientUserId))
      .leftJoin(feedback, eq(feedback.id, alerts.feedbackId))
      .where(and(eq(alerts.state, 'scheduled'), lte(alerts.sendAfter, now)))
      .orderBy(asc(alerts.id))
      .limit(BATCH)
      .for('update', { of: alerts, skipLocked: true });
    for (const { a, answeredAt, currentDue, zaloId } of due) {
      const stale = a.feedbackId !== null && (answeredAt !== null || currentDue?.getTime() !== a.dueAt?.getTime());
      if (stale) {
        await tx
          .update(alerts)
          .set({ state: 'cancelled', settledAt: now, note: answeredAt ? 'answered before the alert went out' : 'due time changed' })
          .where(eq(alerts.id, a.id));
        continue;
      }
      await enqueue(
        tx,
        { dedupeKey: `alert:${a.id}`, purpose: 'alert', recipientZaloId: zaloId, recipientUserId: a.recipientUserId, feedbackId: a.feedbackId, text: a.text },
        now,
      );
      const [msg] = await tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, `alert:${a.id}`));
      await tx.update(alerts).set({ state: 'queued', outboxId: msg!.id, settledAt: now }).where(eq(alerts.id, a.id));
    }
    return due.length;
  });
}

/** An answered, rejected or transferred item needs none of its pending alerts any more. */
export async function cancelAlertsFor(tx: Tx, feedbackId: number, reason: string, now: Date): Promise<void> {
  await tx
    .update(alerts)
    .set({ state: 'cancelled', settledAt: now, note: reason })
    .where(and(eq(alerts.feedbackId, feedbackId), eq(alerts.state, 'scheduled')));
  await tx
    .update(outbox)
    .set({ state: 'cancelled', lastError: reason })
    .where(and(eq(outbox.feedbackId, feedbackId), eq(outbox.purpose, 'alert'), eq(outbox.state, 'pending')));
}

