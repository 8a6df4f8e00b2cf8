// @vitest-environment jsdom
// A returning person starts signed in as the server last described them, while /me confirms it: the first screen
// does not wait for a round trip. /me then corrects the person, or ends the session when the server refuses it.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../mini-app/src/api/client';
import type { Me } from '../../mini-app/src/api/types';
import { SessionProvider, useSession } from '../../mini-app/src/auth/session-context';

const person = (name: string, roles: Me['roles'] = []): Me => ({ id: 7, name, roles, oa: { lastInteractionAt: null, needsChat: false } });

function Shows() {
  const { status, me } = useSession();
  return <p data-testid="who">{`${status}:${me?.name ?? '-'}:${me?.roles.map((r) => r.role).join(',') ?? ''}`}</p>;
}

let answer: (() => Response) | null;
let release: () => void;
beforeEach(() => {
  window.localStorage.clear();
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  release = open;
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      await gate;
      return answer!();
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (body: unknown, status = 200) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const who = () => screen.getByTestId('who').textContent;
async function settle() {
  await act(async () => {
    release();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('the remembered session', () => {
  it('shows the remembered person at once, then what /me says, and remembers that', async () => {
    session.set('tok');
    session.setProfile(person('Tên cũ'));
    answer = json(person('Tên mới', [{ unit: 'SO-XD', role: 'officer' }]));
    render(<SessionProvider><Shows /></SessionProvider>);
    expect(who()).toBe('signed-in:Tên cũ:'); // before /me has answered
    await settle();
    expect(who()).toBe('signed-in:Tên mới:officer');
    expect(session.profile()?.name).toBe('Tên mới');
  });

  it('ends the session, the remembered person with it, when the server refuses it', async () => {
    session.set('tok');
    session.setProfile(person('Người cũ', [{ unit: 'SO-XD', role: 'leader' }]));
    answer = json({ error: 'unauthorized' }, 401);
    render(<SessionProvider><Shows /></SessionProvider>);
    await settle();
    expect(who()).toBe('signed-out:-:');
    expect(session.token()).toBeNull();
    expect(session.profile()).toBeNull();
    expect(Object.keys(window.localStorage)).toEqual([]);
  });

  it('stays signed in as known when /me gets no answer (offline); without a remembered person it says so', async () => {
    session.set('tok');
    session.setProfile(person('Ngoại tuyến'));
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    render(<SessionProvider><Shows /></SessionProvider>);
    await settle();
    expect(who()).toBe('signed-in:Ngoại tuyến:');
    cleanup();

    session.set('tok-2'); // a new session forgets the last person
    expect(session.profile()).toBeNull();
    render(<SessionProvider><Shows /></SessionProvider>);
    expect(who()).toBe('loading:-:');
    await settle();
    expect(who()).toBe('error:-:');
  });
});
