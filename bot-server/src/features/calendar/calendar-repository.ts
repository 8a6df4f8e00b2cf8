import { and, eq, gte, isNotNull, isNull, lte } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../../db/open-db.js';
import { calendarDays, calendarYears, feedback } from '../../../../db/schema.js';
import { localDateOf, startOfLocalDay } from '../../domain/calendar/local-date.js';
import { WorkingCalendar, type YearScheduleInput } from '../../domain/calendar/working-calendar.js';
import type { Actor } from '../auth/actor.js';
import { appendEvent, dueFor } from '../feedback/feedback-service.js';

/**
 * The calendar is read from the database for each operation that needs it: it is a few dozen rows,
 * and reading it fresh keeps every server instance in step after an admin edit.
 */
export async function loadCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const [years, days] = await Promise.all([db.select().from(calendarYears), db.select().from(calendarDays)]);
  const byYear = new Map<number, YearScheduleInput>();
  for (const y of years) byYear.set(y.year, { year: y.year, mode: y.mode, days: [] });
  for (const d of days) {
    const year = Number(d.date.slice(0, 4));
    if (!byYear.has(year)) byYear.set(year, { year, mode: 'derived', days: [] });
    byYear.get(year)!.days.push({ date: d.date, kind: d.kind, name: d.name });
  }
  return new WorkingCalendar([...byYear.values()]);
}

export async function upsertDay(
  tx: Tx,
  day: { date: string; kind: 'off' | 'working'; name: string },
  updatedBy: number | null,
  now: Date,
) {
  const [row] = await tx
    .insert(calendarDays)
    .values({ ...day, updatedBy, updatedAt: now })
    .onConflictDoUpdate({ target: calendarDays.date, set: { kind: day.kind, name: day.name, updatedBy, updatedAt: now } })
    .returning();
  return row!;
}

export async function deleteDay(tx: Tx, date: string): Promise<boolean> {
  const rows = await tx.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
  return rows.length > 0;
}

/**
 * After a calendar edit, open items whose counting window contains the changed date get a new due time.
 * Paused items have no due time; theirs is computed when the clock resumes.
 */
export async function recomputeOpenDeadlines(
  tx: Tx,
  changed: { from: string; to: string },
  actor: Actor,
  now: Date,
): Promise<number> {
  const cal = await loadCalendar(tx);
  const candidates = await tx
    .select()
    .from(feedback)
    .where(
      and(
        isNull(feedback.answeredAt),
        isNotNull(feedback.dueAt),
        lte(feedback.receivedDate, changed.to),
        // Due on or after the changed day, with a week of slack for working-hour policies that end early.
        gte(feedback.dueAt, new Date(startOfLocalDay(changed.from).getTime() - 7 * 86400_000)),
      ),
    );
  let count = 0;
  for (const row of candidates) {
    if (localDateOf(row.clockStartedAt) > changed.to) continue;
    const due = dueFor(row, cal);
    if (row.dueAt && due.getTime() === row.dueAt.getTime()) continue;
    await tx.update(feedback).set({ dueAt: due, updatedAt: now }).where(eq(feedback.id, row.id));
    await appendEvent(tx, row.id, { actor, now }, {
      type: 'deadline_recomputed',
      note: `Lịch làm việc thay đổi (${changed.from === changed.to ? changed.from : `${changed.from} – ${changed.to}`})`,
      data: { from: row.dueAt?.toISOString() ?? null, to: due.toISOString(), changed },
    });
    count++;
  }
  return count;
}
