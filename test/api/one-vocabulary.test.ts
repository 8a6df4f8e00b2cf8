// One vocabulary (issue 11): for every state, the bot's #tracuu reply, the API's statusLabel, the Open311 status
// notes and the indicator workbook name it with the words of feedback-vocabulary.ts.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedback, FEEDBACK_STATUSES } from '../../db/schema.js';
import { chatbotMessages } from '../../bot-server/src/domain/chatbot/chatbot-messages.js';
import { STATUS_LABELS_VI } from '../../bot-server/src/domain/feedback/feedback-vocabulary.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { signed, TEST_APP_ID, textEvent, type ZaloPayload, zaloEnvFor } from '../support/zalo-webhook.js';

describe.each(DB_KINDS)('one vocabulary on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  const user = '7000000000000000042';

  beforeAll(async () => {
    fake = await startFakeZalo({ appId: TEST_APP_ID });
    t = await createTestApp(kind, { now: new Date('2026-03-02T02:00:00Z'), env: zaloEnvFor(fake), workers: true });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function say(payload: ZaloPayload): Promise<string> {
    const before = fake.textsTo(user).length;
    const { body, headers } = signed(payload);
    expect((await t.request('POST', '/webhooks/zalo', { body, headers })).status).toBe(200);
    await t.runtime!.workers.drain();
    return fake.textsTo(user).slice(before).join('\n');
  }

  it('names each state the same way in the bot, the API and Open311', async () => {
    const filed = await say(textEvent(user, '#phananh Cột đèn chiếu sáng ngã ra giữa đường'));
    // Filed is not accepted: the reply says it was sent and waits to be taken on.
    expect(filed).toContain(`trạng thái: ${STATUS_LABELS_VI.received}`);
    const code = filed.match(/PA-2026-\d{6}/)![0];
    for (const status of FEEDBACK_STATUSES) {
      await t.database.db.update(feedback).set({ status }).where(eq(feedback.code, code));
      const reply = await say(textEvent(user, `#tracuu ${code}`));
      expect(reply, status).toContain(`• Trạng thái: ${STATUS_LABELS_VI[status]}`);
      const view = await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json();
      expect(view.statusLabel).toBe(STATUS_LABELS_VI[status]);
      const [req] = await (await t.request('GET', `/open311/v2/requests/${code}.json?api_key=${ADMIN_TOKEN}`)).json();
      // Open items without a due time, and closed ones without an answer, are described by their state's name.
      if (status !== 'received' && status !== 'accepted' && status !== 'in_progress' && status !== 'rejected') {
        expect(`${req.status_notes} ${req.service_notice ?? ''}`, status).toContain(STATUS_LABELS_VI[status]);
      }
    }
    // The accept notification names the state as the badge does.
    expect(chatbotMessages.accepted(code)).toContain(STATUS_LABELS_VI.accepted);
  });

  it('uses the answered state\'s name in the indicator workbook notes', async () => {
    const res = await t.request('GET', '/api/v1/indicators/feedback.xlsx?from=2026-01-01&to=2026-03-31', { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const texts: string[] = [];
    wb.worksheets[0]!.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    expect(texts.join('\n')).toContain(`trạng thái “${STATUS_LABELS_VI.answered}”`);
  });
});
