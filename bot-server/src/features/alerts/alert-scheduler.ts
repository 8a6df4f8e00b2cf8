// The alert scheduler: each tick creates the alerts that became due (exactly once, through unique keys and the
// per-item bookmarks), and releases those whose quiet hours are over into the outbox.
import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { type Db, rowsOf, type Tx } from '../../../../db/open-db.js';
import { alerts, alertSettings, deadlinePolicies, feedback, notifications, outbox, units, userRoles, users } from '../../../../db/schema.js';
import {
  afterQuietHours,
  alertText,
  DEFAULT_THRESHOLDS,
  dueSoonFrom,
  escalationFrom,
  parseQuietHours,
  type AlertThresholds,
} from '../../domain/alerts/alert-rules.js';
import { endOfLocalDay, localDateOf } from '../../domain/calendar/local-date.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { Logger } from '../../lib/logger.js';
import { loadCalendar } from '../calendar/calendar-repository.js';

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
  'id' | 'code' | 'unitId' | 'dueAt' | 'policyUnit' | 'categoryId' | 'urgency' | 'dueSoonAlertedFor' | 'overdueAlertedFor' | 'escalatedFor'
>;

const openItemColumns = {
  id: feedback.id,
  code: feedback.code,
  unitId: feedback.unitId,
  dueAt: feedback.dueAt,
  policyUnit: feedback.policyUnit,
  categoryId: feedback.categoryId,
  urgency: feedback.urgency,
  dueSoonAlertedFor: feedback.dueSoonAlertedFor,
  overdueAlertedFor: feedback.overdueAlertedFor,
  escalatedFor: feedback.escalatedFor,
};

/**
 * The three candidate queries, each served by its partial index (see schema.ts): open items whose alert of that kind
 * is not yet created for their current due time. Exported so the benchmark EXPLAINs exactly these.
 */
export function candidateQueries(db: Db | Tx, now: Date, dueSoonWindowEnd: Date) {
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const open = (bookmark: typeof feedback.dueSoonAlertedFor) =>
    sql`${feedback.answeredAt} is null and ${bookmark} is distinct from ${feedback.dueAt}`;
  const query = (where: ReturnType<typeof sql>) =>
    db.select(openItemColumns).from(feedback).where(where).orderBy(asc(feedback.dueAt)).limit(BATCH);
  return {
    overdue: query(sql`${open(feedback.overdueAlertedFor)} and ${feedback.dueAt} <= ${nowSql}`),
    dueSoon: query(
      sql`${open(feedback.dueSoonAlertedFor)} and ${feedback.dueAt} > ${nowSql} and ${feedback.dueAt} <= ${dueSoonWindowEnd.toISOString()}::timestamptz`,
    ),
    escalation: query(sql`${open(feedback.escalatedFor)} and ${feedback.dueAt} <= ${nowSql}`),
  };
}

async function createDueAlerts(deps: SchedulerDeps): Promise<number> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${SCAN_LOCK_KEY}) as ok`));
    if (!lock?.ok) return 0;
    const cal = await loadCalendar(tx);
    const org = await loadOrg(tx);
    const maxDays = Math.max(...[...org.thresholds.values()].map((t) => t.dueSoon), ...org.policyDueSoon.map((p) => p.dueSoon), DEFAULT_THRESHOLDS.dueSoon);
    const queries = candidateQueries(tx, now, endOfLocalDay(cal.addWorkingDays(localDateOf(now), maxDays + 1)));

    // Overdue: open items past their due time whose overdue alert is not created for this due time.
    const overdue = await queries.overdue;

    // Due soon: open items due within the widest window (the item's own threshold is checked below).
    const soon = await queries.dueSoon;
    const dueSoon = soon.filter(
      (item) => dueSoonFrom(item.dueAt!, item.policyUnit, org.dueSoonFor(item), cal) <= now,
    );

    // Escalation: overdue items that stayed overdue for the escalation period go to the parent unit's leaders.
    const candidates = await queries.escalation;
    const escalate = candidates.filter(
      (item) => escalationFrom(item.dueAt!, org.thresholdFor(item.unitId).escalationWorkingDays, cal) <= now,
    );

    const sendAfter = afterQuietHours(now, parseQuietHours(deps.quietHours));
    const rows: (typeof alerts.$inferInsert)[] = [];
    const add = (item: OpenItem, kind: AlertKind, recipients: number[]) => {
      const unit = org.units.get(item.unitId);
      // Rewritten when it goes out (releaseAlerts): this text is what was true when the alert was created.
      const text = itemAlertText(deps, kind, { code: item.code, unitName: unit?.name ?? '', dueAt: item.dueAt! }, now, cal);
      for (const userId of new Set(recipients)) {
        rows.push({
          dedupeKey: `${kind}:${item.id}:${userId}:${item.dueAt!.toISOString()}`,
          kind,
          feedbackId: item.id,
          recipientUserId: userId,
          dueAt: item.dueAt,
          text,
          sendAfter,
          createdAt: now,
        });
      }
    };
    for (const item of overdue) add(item, 'overdue', org.staff(item.unitId, ['officer', 'leader']));
    for (const item of dueSoon) add(item, 'due_soon', org.staff(item.unitId, ['officer', 'leader']));
    for (const item of escalate) {
      const parentId = org.units.get(item.unitId)?.parentId;
      add(item, 'escalation', parentId ? org.staff(parentId, ['leader']) : []);
    }

    let created = 0;
    for (let i = 0; i < rows.length; i += 1000) {
      const inserted = await tx
        .insert(alerts)
        .values(rows.slice(i, i + 1000))
        .onConflictDoNothing({ target: alerts.dedupeKey })
        .returning({ id: alerts.id });
      created += inserted.length;
    }
    // Bookmarks are copied in SQL, so they match due_at exactly (a JS Date would drop sub-millisecond digits).
    // An overdue item never gets a due-soon alert afterwards.
    if (overdue.length) {
      await tx
        .update(feedback)
        .set({ overdueAlertedFor: sql`${feedback.dueAt}`, dueSoonAlertedFor: sql`${feedback.dueAt}` })
        .where(inArray(feedback.id, overdue.map((i) => i.id)));
    }
    if (dueSoon.length) {
      await tx.update(feedback).set({ dueSoonAlertedFor: sql`${feedback.dueAt}` }).where(inArray(feedback.id, dueSoon.map((i) => i.id)));
    }
    if (escalate.length) {
      await tx.update(feedback).set({ escalatedFor: sql`${feedback.dueAt}` }).where(inArray(feedback.id, escalate.map((i) => i.id)));
    }
    return created;
  });
}

/** Units, staff and thresholds in three small queries: the whole organisation is a few thousand rows at most. */
async function loadOrg(tx: Tx) {
  const [unitRows, roleRows, settingRows, policyRows] = await Promise.all([
    tx.select({ id: units.id, name: units.name, parentId: units.parentId, path: units.path }).from(units),
    tx.select({ userId: userRoles.userId, unitId: userRoles.unitId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.role, ['officer', 'leader'])),
    tx.select().from(alertSettings),
    tx
      .select({ categoryId: deadlinePolicies.categoryId, urgency: deadlinePolicies.urgency, dueSoon: deadlinePolicies.dueSoon })
      .from(deadlinePolicies)
      .where(isNotNull(deadlinePolicies.dueSoon)),
  ]);
  const policyDueSoon = policyRows as { categoryId: number | null; urgency: string; dueSoon: number }[];
  const unitsById = new Map(unitRows.map((u) => [u.id, u]));
  const thresholds = new Map<number | null, AlertThresholds>(
    settingRows.map((r) => [r.unitId, { dueSoon: r.dueSoon, escalationWorkingDays: r.escalationWorkingDays }]),
  );
  const thresholdFor = (unitId: number): AlertThresholds => {
    const chain = (unitsById.get(unitId)?.path ?? '').split('/').filter(Boolean).map(Number).reverse();
    for (const id of chain) {
      const t = thresholds.get(id);
      if (t) return t;
    }
    return thresholds.get(null) ?? DEFAULT_THRESHOLDS;
  };
  return {
    units: unitsById,
    thresholds,
    policyDueSoon,
    thresholdFor,
    /** A deadline policy's own due-soon setting wins (most specific, as for deadlines); else the unit's. */
    dueSoonFor: (item: Pick<OpenItem, 'unitId' | 'categoryId' | 'urgency'>): number => {
      const score = (p: (typeof policyDueSoon)[number]) =>
        p.categoryId !== null && p.categoryId !== item.categoryId ? -1 : (p.urgency === item.urgency ? 2 : p.urgency === 'normal' ? 0 : -9) + (p.categoryId !== null ? 1 : 0);
      const best = policyDueSoon.map((p) => ({ p, s: score(p) })).filter((x) => x.s >= 0).sort((a, b) => b.s - a.s)[0];
      return best ? best.p.dueSoon : thresholdFor(item.unitId).dueSoon;
    },
    staff: (unitId: number, roles: ('officer' | 'leader')[]) =>
      roleRows.filter((r) => r.unitId === unitId && roles.includes(r.role as 'officer' | 'leader')).map((r) => r.userId),
  };
}

/** Opens the item in the mini app (Zalo's deep link for mini apps). */
export function itemLink(miniAppId: string, code: string): string {
  return `https://zalo.me/s/${miniAppId}/?feedback=${encodeURIComponent(code)}`;
}

/** An item's alert text as of `asOf`, with the link that opens it in the mini app when there is one. */
function itemAlertText(
  deps: Pick<SchedulerDeps, 'miniAppId'>,
  kind: AlertKind,
  subject: { code: string; unitName: string; dueAt: Date },
  asOf: Date,
  cal: WorkingCalendar,
): string {
  const link = deps.miniAppId ? ` ${itemLink(deps.miniAppId, subject.code)}` : '';
  return alertText(kind, subject, asOf, cal) + link;
}

const ITEM_ALERT_KINDS: ReadonlySet<string> = new Set<AlertKind>(['due_soon', 'overdue', 'escalation']);

/**
 * Alerts whose quiet hours are over go to the outbox, unless their item was answered meanwhile. An item's alert is
 * rewritten as of now (the late count of the night it waited would be stale), and it joins the recipient's
 * notification centre in the same transaction.
 */
async function releaseAlerts(deps: SchedulerDeps): Promise<number> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({
        a: alerts,
        answeredAt: feedback.answeredAt,
        currentDue: feedback.dueAt,
        code: feedback.code,
        unitName: units.name,
        zaloId: users.zaloId,
      })
      .from(alerts)
      .innerJoin(users, eq(users.id, alerts.recipientUserId))
      .leftJoin(feedback, eq(feedback.id, alerts.feedbackId))
      .leftJoin(units, eq(units.id, feedback.unitId))
      .where(and(eq(alerts.state, 'scheduled'), lte(alerts.sendAfter, now)))
      .orderBy(asc(alerts.id))
      .limit(BATCH)
      .for('update', { of: alerts, skipLocked: true });
    const cancelled = { answered: [] as number[], moved: [] as number[] };
    const fresh: typeof due = [];
    for (const r of due) {
      if (r.a.feedbackId === null) fresh.push(r);
      else if (r.answeredAt !== null) cancelled.answered.push(r.a.id);
      else if (r.currentDue?.getTime() !== r.a.dueAt?.getTime()) cancelled.moved.push(r.a.id);
      else fresh.push(r);
    }
    for (const [ids, note] of [
      [cancelled.answered, 'answered before the alert went out'],
      [cancelled.moved, 'due time changed'],
    ] as const) {
      if (ids.length) await tx.update(alerts).set({ state: 'cancelled', settledAt: now, note }).where(inArray(alerts.id, [...ids]));
    }
    if (fresh.length) {
      const cal = fresh.some((r) => ITEM_ALERT_KINDS.has(r.a.kind) && r.code) ? await loadCalendar(tx) : null;
      const textOf = (r: (typeof fresh)[number]) =>
        cal && ITEM_ALERT_KINDS.has(r.a.kind) && r.code && r.a.dueAt
          ? itemAlertText(deps, r.a.kind as AlertKind, { code: r.code, unitName: r.unitName ?? '', dueAt: r.a.dueAt }, now, cal)
          : r.a.text;
      const sent = fresh.map((r) => ({ r, text: textOf(r) }));
      // One outbox row per alert (a person without a Zalo id gets it in the in-app inbox only), in bulk.
      const queued = await tx
        .insert(outbox)
        .values(
          sent.map(({ r: { a, zaloId }, text }) => ({
            dedupeKey: `alert:${a.id}`,
            purpose: 'alert',
            recipientZaloId: zaloId,
            recipientUserId: a.recipientUserId,
            feedbackId: a.feedbackId,
            text,
            payload: {},
            state: zaloId ? ('pending' as const) : ('held' as const),
            nextAttemptAt: now,
            createdAt: now,
          })),
        )
        .onConflictDoNothing({ target: outbox.dedupeKey })
        .returning({ id: outbox.id, dedupeKey: outbox.dedupeKey });
      const outboxIdOf = new Map(queued.map((q) => [q.dedupeKey, q.id]));
      await tx
        .insert(notifications)
        .values(
          sent.map(({ r: { a }, text }) => ({
            dedupeKey: `alert:${a.id}`,
            userId: a.recipientUserId,
            kind: a.kind,
            feedbackId: a.feedbackId,
            alertId: a.id,
            outboxId: outboxIdOf.get(`alert:${a.id}`) ?? null,
            text,
            createdAt: now,
          })),
        )
        .onConflictDoNothing({ target: notifications.dedupeKey });
      await tx.execute(sql`
        update alerts set state = 'queued', settled_at = ${now.toISOString()}::timestamptz, outbox_id = o.id
        from outbox o
        where o.dedupe_key = 'alert:' || alerts.id and alerts.id in (${sql.join(fresh.map((r) => sql`${r.a.id}`), sql`, `)})`);
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

