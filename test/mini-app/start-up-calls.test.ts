// @vitest-environment jsdom
// The calls main.tsx starts before the app's code has arrived (api/client.ts prefetch, first-screen.ts): the screen's
// own identical call takes the reply instead of asking again, once, for the same session, while it is fresh; and the
// person's landing screen gets its first calls started.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prefetch, request, session } from '../../mini-app/src/api/client';
import { api } from '../../mini-app/src/api/endpoints';
import { landingScreen, rememberLandingScreen, startFirstScreen } from '../../mini-app/src/first-screen';
import type { Me } from '../../mini-app/src/api/types';

const calls: string[] = [];
let served = 0;

beforeEach(() => {
  window.localStorage.clear();
  calls.length = 0;
  served = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${url} ${new Headers(init?.headers).get('authorization') ?? '-'}`);
      served++;
      return new Response(JSON.stringify({ served, items: [], unread: 0 }), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('calls started early', () => {
  it('are taken once by the same call, so the screen does not ask again', async () => {
    session.set('tok-a');
    prefetch(() => [api.feedback.list({ due: 'overdue', limit: 5 })]);
    expect(calls).toEqual(['GET /api/v1/feedback?due=overdue&limit=5 Bearer tok-a']);
    await expect(api.feedback.list({ due: 'overdue', limit: 5 })).resolves.toMatchObject({ served: 1 });
    expect(calls).toHaveLength(1);
    // Taken once: the next load (a retry, a refresh) asks the server.
    await expect(api.feedback.list({ due: 'overdue', limit: 5 })).resolves.toMatchObject({ served: 2 });
    // Another query is another call.
    await api.feedback.list({ due: 'due_soon', limit: 5 });
    expect(calls).toHaveLength(3);
  });

  it('are not given to another session, nor after 15 s, nor to a write', async () => {
    session.set('tok-a');
    prefetch(() => [api.auth.me()]);
    session.set('tok-b');
    await expect(api.auth.me()).resolves.toMatchObject({ served: 2 });
    expect(calls[1]).toBe('GET /api/v1/me Bearer tok-b');

    vi.useFakeTimers({ toFake: ['Date'] });
    prefetch(() => [api.auth.me()]);
    vi.setSystemTime(Date.now() + 15_001);
    await expect(api.auth.me()).resolves.toMatchObject({ served: 4 });

    prefetch(() => [request('POST', '/api/v1/notifications/read-all')]);
    await request('POST', '/api/v1/notifications/read-all');
    expect(calls.filter((c) => c.startsWith('POST'))).toHaveLength(2);
  });
});

describe('the landing screen', () => {
  const me = (roles: Me['roles'], work?: Me['work']) => ({ id: 1, name: 'X', roles, work }) as unknown as Me;

  it('is chosen from the roles, as Home sends people', () => {
    expect(landingScreen(me([]))).toBe('citizen');
    expect(landingScreen(me([{ role: 'officer', unit: 'SO-XD' }] as Me['roles']))).toBe('officer');
    expect(landingScreen(me([{ role: 'officer', unit: 'SO-XD' }] as Me['roles'], { feedback: false, dti: true }))).toBe('dti');
    expect(landingScreen(me([{ role: 'leader', unit: 'UBND' }] as Me['roles']))).toBe('leader');
  });

  it("starts the session check and the remembered screen's first calls, with a stored session only", async () => {
    startFirstScreen();
    expect(calls).toEqual([]); // signed out outside Zalo: the sign-in screen needs nothing

    session.set('tok-l');
    rememberLandingScreen('leader');
    startFirstScreen();
    expect(calls.map((c) => c.split(' ')[1])).toEqual([
      '/api/v1/me',
      '/api/v1/feedback?due=overdue&limit=5',
      '/api/v1/feedback?due=due_soon&limit=5',
      '/api/v1/notifications?limit=0',
    ]);
    // The dashboard's own calls take them.
    await Promise.all([api.auth.me(), api.feedback.list({ due: 'overdue', limit: 5 }), api.notifications({ limit: 0 })]);
    expect(calls).toHaveLength(4);
  });

  it('starts nothing of the home screen for a link to one item', () => {
    session.set('tok-c');
    window.history.replaceState(null, '', '/?feedback=PA-2026-000001');
    startFirstScreen();
    expect(calls.map((c) => c.split(' ')[1])).toEqual(['/api/v1/me']);
    window.history.replaceState(null, '', '/');
  });
});
