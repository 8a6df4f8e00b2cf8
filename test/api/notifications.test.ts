// The notification centre: who is told what, read marks, and the truth of alert texts (issue 11, defects 1 and 4).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, outbox } from '../../db/schema.js';
import { localDateOf, startOfLocalDay } from '../../bot-server/src/domain/calendar/local-date.js';
import { loadCalendar } from '../../bot-server/src/features/calendar/calendar-repository.js';
import { DB_KINDS } from '../support/test-db.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createSession } from '../../bot-server/src/features/auth/session-repository.js';

type Person = { token: string; userId: number };
type Note = { id: number; kind: string; purpose: string; text: string; feedbackCode: string | null; readAt: string | null };

/** Local 'YYYY-MM-DD' at hh:mm local. */
const localAt = (date: string, hh: number, mm = 0) => new Date(startOfLocalDay(date).getTime() + (hh * 60 + mm) * 60_000);
const viDate = (date: string) => date.split('-').reverse().join('/');

describe.each(DB_KINDS)('notification centre on %s', (kind) => {
  let t: TestApp;
  let citizen: Person;
  let otherCitizen: Person;
  let officer: Person;
  let secondOfficer: Person;
  let khcnOfficer: Person;
  let leader: Person;
  let provinceLeader: Person;

  beforeAll(async () => {
    t = await createTestApp(kind, {
      now: new Date('2026-03-02T02:00:00Z'), // Mon 2/3 09:00 local
      env: { ALERT_QUIET_HOURS: '21-7', ALERT_DIGEST_AT: '' },
      workers: true,
    });
    citizen = await t.citizen();
    otherCitizen = await t.citizen('Trần Thị Khác');
    officer = await t.staff('SO-XD', 'officer');
    secondOfficer = await t.staff('SO-XD', 'officer', 'officer 2 SO-XD');
    khcnOfficer = await t.staff('SO-KHCN', 'officer');
    leader = await t.staff('SO-XD', 'leader');
    provinceLeader = await t.staff('TINH', 'leader');
  });
  afterAll(async () => {
    await t?.close();
  });

  const inbox = async (who: Person, qs = '') => {
    const res = await t.request('GET', `/api/v1/notifications${qs}`, { token: who.token });
    expect(res.status).toBe(200);
    return (await res.json()) as { items: Note[]; unread: number };
  };
  /** Sessions expire: after moving the clock by weeks, everyone signs in again. */
  const signInAgain = async () => {
    for (const p of [citizen, officer, leader, provinceLeader]) p.token = await createSession(t.database.db, p.userId, t.clock.now);
  };
  const about = async (who: Person, code: string) => (await inbox(who, '?limit=100')).items.filter((n) => n.feedbackCode === code);
  const file = async (content: string) => {
    const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content } });
    expect(res.status).toBe(201);
    return (await res.json()) as { code: string; dueAt: string };
  };
  const act = async (who: Person, code: string, action: string, json: Record<string, unknown> = {}) => {
    const res = await t.request('POST', `/api/v1/feedback/${code}/${action}`, { token: who.token, json });
    expect(res.status, `${action} ${code}`).toBe(200);
  };
  const listItem = async (who: Person, code: string) => {
    const { items } = await (await t.request('GET', '/api/v1/feedback?limit=200', { token: who.token })).json();
    return items.find((i: { code: string }) => i.code === code) as { isNew?: boolean; citizenReplied?: boolean; deadline: { overdueWorkingDays: number | null } };
  };

  it("tells the unit's officers of a new item, and the citizen of each step that concerns them", async () => {
    const { code } = await file('Ổ gà lớn trên đường Trần Phú gây nguy hiểm');
    for (const who of [officer, secondOfficer]) {
      expect((await about(who, code)).map((n) => n.kind)).toEqual(['new_item']);
    }
    // Other units, leaders and the citizen themself are not told of the new item.
    expect(await about(khcnOfficer, code)).toEqual([]);
    expect(await about(citizen, code)).toEqual([]);

    await act(officer, code, 'accept');
    await act(officer, code, 'request_info', { note: 'Xin gửi ảnh chụp vị trí ổ gà.' });
    const told = await about(citizen, code);
    expect(told.map((n) => n.kind)).toEqual(['request_info', 'accept']);
    expect(told[0]!.text).toContain('Xin gửi ảnh chụp vị trí ổ gà.');
    expect(told.every((n) => n.purpose === 'notification' && n.readAt === null)).toBe(true);

    await act(citizen, code, 'provide_info', { note: 'Ổ gà ở trước số nhà 12.' });
    for (const who of [officer, secondOfficer]) {
      const kinds = (await about(who, code)).map((n) => n.kind);
      expect(kinds).toEqual(['provide_info', 'new_item']);
    }

    // Assigned: only the assignee hears of the rating; the citizen hears of the answer and the close.
    expect((await t.request('POST', `/api/v1/feedback/${code}/assign`, { token: officer.token, json: { assigneeUserId: secondOfficer.userId } })).status).toBe(200);
    await act(secondOfficer, code, 'answer', { answer: 'Đã vá ổ gà.' });
    expect((await t.request('POST', `/api/v1/feedback/${code}/rating`, { token: citizen.token, json: { rating: 5 } })).status).toBe(200);
    await act(secondOfficer, code, 'close');
    expect((await about(citizen, code)).map((n) => n.kind)).toEqual(['close', 'answer', 'request_info', 'accept']);
    expect((await about(secondOfficer, code)).map((n) => n.kind)).toEqual(['rated', 'provide_info', 'new_item']);
    expect((await about(secondOfficer, code))[0]!.text).toBe(`Công dân đã gửi đánh giá 5/5 cho phản ánh ${code}.`);
    expect((await about(officer, code)).map((n) => n.kind)).toEqual(['provide_info', 'new_item']);
  });

  it('tells the new unit of a transfer, and the citizen that it moved', async () => {
    const { code } = await file('Đèn chiếu sáng công cộng hỏng cả dãy phố');
    await act(officer, code, 'transfer', { unitCode: 'SO-KHCN' });
    expect((await about(khcnOfficer, code)).map((n) => n.kind)).toEqual(['new_item']);
    expect((await about(citizen, code)).map((n) => n.kind)).toEqual(['transfer']);
  });

  it('keeps read marks per person: unread count, read one, read all, and 404 for anyone else', async () => {
    const person = await t.citizen('Lê Văn Đọc');
    const res = await t.request('POST', '/api/v1/feedback', { token: person.token, json: { category: 'ha-tang', content: 'Rác thải tồn đọng ở chợ đầu mối' } });
    const { code } = await res.json();
    await act(officer, code, 'accept');
    await act(officer, code, 'request_info', { note: 'Chợ nào, phường nào?' });
    const before = await inbox(person);
    expect(before.unread).toBe(2);
    expect((await inbox(person, '?unread=true')).items).toHaveLength(2);
    expect((await inbox(person, '?limit=0'))).toEqual({ items: [], unread: 2 });

    const [newest, older] = before.items;
    // Someone else's notification: the same 404 as an unknown id, and it stays unread.
    expect((await t.request('POST', `/api/v1/notifications/${newest!.id}/read`, { token: otherCitizen.token })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/notifications/${newest!.id}/read`, { token: officer.token })).status).toBe(404);
    expect((await t.request('POST', '/api/v1/notifications/999999999/read', { token: person.token })).status).toBe(404);
    expect((await inbox(person)).unread).toBe(2);

    const read = await t.request('POST', `/api/v1/notifications/${newest!.id}/read`, { token: person.token });
    expect(read.status).toBe(200);
    expect((await read.json()).unread).toBe(1);
    const after = await inbox(person);
    expect(after.items.find((n) => n.id === newest!.id)!.readAt).not.toBeNull();
    expect(after.items.find((n) => n.id === older!.id)!.readAt).toBeNull();
    expect((await inbox(person, '?unread=true')).items.map((n) => n.id)).toEqual([older!.id]);
    expect((await inbox(person, `?before=${newest!.id}`)).items.map((n) => n.id)).toEqual([older!.id]);

    // Others' read-all does not touch this person's rows.
    await t.request('POST', '/api/v1/notifications/read-all', { token: otherCitizen.token });
    expect((await inbox(person)).unread).toBe(1);
    const all = await t.request('POST', '/api/v1/notifications/read-all', { token: person.token });
    expect(await all.json()).toEqual({ marked: 1, unread: 0 });
    expect((await t.request('GET', '/api/v1/notifications?unread=maybe', { token: person.token })).status).toBe(400);
    expect((await t.request('GET', '/api/v1/notifications', {})).status).toBe(401);
  });

  it('marks inbox items "Mới" until this officer opens them, and when the citizen added information since', async () => {
    const { code } = await file('Cống thoát nước bị tắc trước trường học');
    expect(await listItem(officer, code)).toMatchObject({ isNew: true, citizenReplied: false });
    expect((await t.request('GET', `/api/v1/feedback/${code}`, { token: officer.token })).status).toBe(200);
    expect(await listItem(officer, code)).toMatchObject({ isNew: false, citizenReplied: false });
    // Another officer's opening is theirs alone.
    expect(await listItem(secondOfficer, code)).toMatchObject({ isNew: true });

    await act(officer, code, 'accept');
    await act(officer, code, 'request_info', { note: 'Trường nào?' });
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await act(citizen, code, 'provide_info', { note: 'Trường tiểu học Lê Lợi.' });
    expect(await listItem(officer, code)).toMatchObject({ isNew: false, citizenReplied: true });
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await t.request('GET', `/api/v1/feedback/${code}`, { token: officer.token });
    expect(await listItem(officer, code)).toMatchObject({ isNew: false, citizenReplied: false });
    // A citizen's own list carries no marks.
    const mine = await (await t.request('GET', '/api/v1/feedback', { token: citizen.token })).json();
    expect(mine.items.find((i: { code: string }) => i.code === code)).not.toHaveProperty('isNew');
  });

  it('says how late an item 17 working days overdue is, in the alert sent and in the app, as the inbox does', async () => {
    t.clock.now = new Date('2026-03-02T02:00:00Z');
    await signInAgain();
    const { code, dueAt } = await file('Cây đổ chắn ngang đường Lê Lợi chưa được dọn');
    const cal = await loadCalendar(t.database.db);
    const dueDate = localDateOf(new Date(dueAt));
    const day17 = cal.addWorkingDays(dueDate, 17);
    // The scheduler's first look at it is 17 working days after the due date, at 10:00.
    t.clock.now = localAt(day17, 10);
    await signInAgain();
    await t.runtime!.workers.drain();

    expect((await listItem(officer, code)).deadline.overdueWorkingDays).toBe(17);
    const escalation = (await about(provinceLeader, code)).find((n) => n.kind === 'escalation')!;
    expect(escalation.purpose).toBe('alert');
    expect(escalation.text).toContain(`đã quá hạn từ ${viDate(dueDate)}`);
    expect(escalation.text).toContain(`tính đến ${viDate(day17)} đã quá hạn 17 ngày làm việc`);
    expect(escalation.text).not.toContain('quá hạn 2 ngày');
    const overdue = (await about(officer, code)).find((n) => n.kind === 'overdue')!;
    expect(overdue.text).toContain(`đã quá hạn từ ${viDate(dueDate)}`);
    expect(overdue.text).toContain('17 ngày làm việc');
    // The leader of the unit hears of the overdue item too; the message that goes out says the same.
    expect((await about(leader, code)).map((n) => n.kind)).toEqual(['overdue']);
    const [sent] = await t.database.db
      .select({ text: outbox.text })
      .from(outbox)
      .innerJoin(notifications, eq(notifications.outboxId, outbox.id))
      .where(and(eq(notifications.userId, provinceLeader.userId), eq(notifications.kind, 'escalation'), eq(notifications.text, escalation.text)));
    expect(sent?.text).toBe(escalation.text);
  });

  it('counts at release an alert quiet hours held overnight', async () => {
    t.clock.now = new Date('2026-03-02T02:00:00Z');
    await signInAgain();
    const { code, dueAt } = await file('Nắp hố ga bị mất trên vỉa hè phố Huế');
    const cal = await loadCalendar(t.database.db);
    const dueDate = localDateOf(new Date(dueAt));
    const day17 = cal.addWorkingDays(dueDate, 17);
    t.clock.now = localAt(day17, 22); // quiet hours: created, not sent
    await signInAgain();
    await t.runtime!.workers.drain();
    expect(await about(provinceLeader, code)).toEqual([]);
    const next = cal.nextWorkingDay(day17);
    t.clock.now = localAt(next, 7, 5);
    await signInAgain();
    await t.runtime!.workers.drain();
    const escalation = (await about(provinceLeader, code)).find((n) => n.kind === 'escalation')!;
    expect(escalation.text).toContain(`tính đến ${viDate(next)} đã quá hạn 18 ngày làm việc`);
    expect((await listItem(officer, code)).deadline.overdueWorkingDays).toBe(18);
  });
});
