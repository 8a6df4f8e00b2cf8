// Two server instances on one PostgreSQL database share the webhook inbox and the outbox:
// every event is processed once and every reply is sent once, whichever instance receives or sends it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedback, outbox } from '../../db/schema.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import type { TestApp } from '../support/test-app.js';
import { startTwoInstances, type TwoInstances } from '../support/two-instances.js';
import { signed, TEST_APP_ID, textEvent, zaloEnvFor } from '../support/zalo-webhook.js';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('two instances on one PostgreSQL', () => {
  let fake: FakeZalo;
  let both: TwoInstances;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    fake = await startFakeZalo({ appId: TEST_APP_ID });
    both = await startTwoInstances(url!, { env: zaloEnvFor(fake), workers: true, now: new Date('2026-03-02T02:00:00Z') });
    ({ a, b } = both);
  });

  afterAll(async () => {
    await both?.close();
    await fake?.close();
  });

  it('processes each event once and sends each reply once', async () => {
    const users = Array.from({ length: 10 }, (_, i) => `73000000000000000${String(i).padStart(2, '0')}`);
    const deliveries = users.map((u) => signed(textEvent(u, `#phananh Phản ánh thử nghiệm số ${u.slice(-2)} về vệ sinh môi trường`)));
    // Zalo delivers each event to one instance and retries it on the other.
    await Promise.all(deliveries.flatMap((d) => [a.request('POST', '/webhooks/zalo', d), b.request('POST', '/webhooks/zalo', d)]));
    await Promise.all([a.runtime!.workers.drain(), b.runtime!.workers.drain()]);
    await Promise.all([a.runtime!.workers.drain(), b.runtime!.workers.drain()]);

    const filed = (await both.db.select({ n: sql<number>`count(*)::int` }).from(feedback).where(sql`${feedback.content} like 'Phản ánh thử nghiệm số%'`))[0]!.n;
    expect(filed).toBe(10);
    for (const u of users) expect(fake.textsTo(u)).toHaveLength(1);
    const states = await both.db.select({ state: outbox.state, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.state);
    expect(states).toEqual([{ state: 'sent', n: 10 }]);
  });
});
