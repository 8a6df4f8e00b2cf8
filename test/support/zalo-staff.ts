// Staff who receive alerts on Zalo in tests: each has a Zalo id and has chatted with the OA (window open).
import { eq, sql } from 'drizzle-orm';
import { users, type StaffRole } from '../../db/schema.js';
import type { TestApp } from './test-app.js';
import { signed, textEvent } from './zalo-webhook.js';

export interface ZaloStaff {
  token: string;
  userId: number;
  zaloId: string;
}

export async function staffOnZalo<N extends string>(
  t: TestApp,
  list: readonly (readonly [N, string, StaffRole])[],
): Promise<Record<N, ZaloStaff>> {
  const staff = {} as Record<N, ZaloStaff>;
  for (const [name, unit, role] of list) {
    const s = await t.staff(unit, role);
    const [u] = await t.database.db.select({ zaloId: users.zaloId }).from(users).where(eq(users.id, s.userId));
    staff[name] = { ...s, zaloId: u!.zaloId! };
    // Staff chat with the OA now and then, which keeps the consultation window open.
    const { body, headers } = signed(textEvent(u!.zaloId!, 'Xin chào'));
    await t.request('POST', '/webhooks/zalo', { body, headers });
  }
  return staff;
}

/** Moves everyone's last interaction with the OA to the test clock's now. */
export async function keepWindowOpen(t: TestApp, staff: Record<string, ZaloStaff>): Promise<void> {
  for (const s of Object.values(staff)) {
    await t.database.db.execute(
      sql`update zalo_contacts set last_interaction_at = ${t.clock.now.toISOString()}::timestamptz where zalo_id = ${s.zaloId}`,
    );
  }
}
