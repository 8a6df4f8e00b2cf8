// @vitest-environment jsdom
// The DTI outbox is sent for any signed-in staff member, whichever screen opens first: useDtiOutboxSync (meant for
// StaffNav, on every staff screen) sends what waits and listens for the network once, however often it is called.
// A file of its own, so that the outbox modules start fresh here (nothing registered by another test).
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DtiKey } from '../../mini-app/src/api/types';

const mocks = vi.hoisted(() => ({
  mem: new Map<string, string>(),
  api: { dti: { saveDraft: vi.fn(async () => undefined), addEvidence: vi.fn(), submit: vi.fn() } },
}));

vi.mock('../../mini-app/src/zalo', async () => ({
  storage: (await import('./render-helpers')).memoryStorage(mocks.mem),
  pickPhotos: vi.fn(async () => []),
  isInZalo: () => false,
  warmZaloSdk: () => {},
}));
vi.mock('../../mini-app/src/api/endpoints', () => ({ api: mocks.api }));

afterEach(cleanup);

const key: DtiKey = { set: 'DTI', period: '2026-Q1', indicator: '3.1', unit: 'XA_A' };

describe('useDtiOutboxSync', () => {
  it('sends what waits when a staff screen opens, listens for the network once, and is safe to call many times', async () => {
    const addListener = vi.spyOn(window, 'addEventListener');
    const onlineListeners = () => addListener.mock.calls.filter(([type]) => type === 'online').length;
    const { dtiOutbox, useDtiOutboxSync } = await import('../../mini-app/src/pages/officer/dti-outbox-store');
    // Queued before the app was closed; nothing has been sent since.
    await dtiOutbox.enqueue({ key, value: { type: 'count', value: 1 }, submit: false, files: [] });
    expect(mocks.api.dti.saveDraft).not.toHaveBeenCalled();

    function Screen() {
      useDtiOutboxSync();
      useDtiOutboxSync();
      return null;
    }
    const first = render(
      <>
        <Screen />
        <Screen />
      </>,
    );
    await waitFor(() => expect(dtiOutbox.list()).toEqual([]));
    expect(mocks.api.dti.saveDraft).toHaveBeenCalledTimes(1);
    expect(mocks.api.dti.saveDraft).toHaveBeenCalledWith(key, { value: { type: 'count', value: 1 } });
    expect(onlineListeners()).toBe(1);

    // Another screen opens later: still one listener, and nothing is sent twice.
    first.unmount();
    render(<Screen />);
    await new Promise((r) => setTimeout(r, 20));
    expect(onlineListeners()).toBe(1);
    expect(mocks.api.dti.saveDraft).toHaveBeenCalledTimes(1);

    // Saved without a connection, sent when the network comes back.
    await dtiOutbox.enqueue({ key, value: { type: 'count', value: 2 }, submit: false, files: [] });
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(dtiOutbox.list()).toEqual([]));
    expect(mocks.api.dti.saveDraft).toHaveBeenCalledTimes(2);
    expect(mocks.api.dti.saveDraft).toHaveBeenLastCalledWith(key, { value: { type: 'count', value: 2 } });
    addListener.mockRestore();
  });
});
