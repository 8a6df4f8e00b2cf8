// The app's one DTI outbox: Zalo storage for the queue, IndexedDB (idb-keyval) for evidence files, the real API,
// and a flush whenever the network comes back or a staff screen opens (useDtiOutboxSync, called by StaffNav).
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { useEffect, useSyncExternalStore } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { storage } from '../../zalo';
import { createBlobStore, createOutbox, type FlushResult, type OutboxEntry } from './dti-outbox';

let idb: UseStore | null = null;
const idbStore = () => (idb ??= createStore('pakn-dti-outbox', 'blobs'));

// Files are kept as bytes (StoredFile), which every WebView can put into IndexedDB; without IndexedDB (rare old
// WebViews) they wait in memory. The calls are async so that a missing indexedDB becomes a rejection.
const blobs = createBlobStore({
  get: async (key) => get<unknown>(key, idbStore()),
  set: async (key, value) => set(key, value, idbStore()),
  del: async (key) => del(key, idbStore()),
});

export const dtiOutbox = createOutbox({
  storage,
  blobs,
  api: {
    saveDraft: (key, body) => api.dti.saveDraft(key, body),
    addEvidence: (key, files) => api.dti.addEvidence(key, files),
    submit: (key) => api.dti.submit(key),
  },
  isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
});

let listening = false;

/** Sends what is waiting now, and again each time the device is back online. Idempotent: one listener, one flush at a time. */
export function startOutboxSync(): Promise<FlushResult> {
  if (!listening && typeof window !== 'undefined') {
    listening = true;
    window.addEventListener('online', () => void dtiOutbox.flush().catch(() => undefined));
  }
  return dtiOutbox.flush();
}

/**
 * Keeps the outbox going for any signed-in staff member, whichever screen opens first after a restart (StaffNav is on
 * every staff screen): sends what waits when the screen opens, and again each time the network comes back. Safe to
 * call any number of times: one 'online' listener, one flush at a time, and a failure only waits for the next try.
 */
export function useDtiOutboxSync(): void {
  useEffect(() => {
    startOutboxSync().catch(() => undefined);
  }, []);
}

/** The queue, re-rendering when it changes. */
export function useOutbox(): OutboxEntry[] {
  return useSyncExternalStore(dtiOutbox.subscribe, dtiOutbox.list, dtiOutbox.list);
}

/** True when the device says it has no network (a failed call says more: ApiError.offline). */
export const deviceOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/** A failure for want of a connection (then the device's copy of the data will do). */
export const isOfflineError = (err: unknown) => (err instanceof ApiError && err.offline) || deviceOffline();
