// The app's one DTI outbox: Zalo storage for the queue, IndexedDB (idb-keyval) for evidence files, the real API,
// and a flush whenever the network comes back or a DTI screen opens.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { useSyncExternalStore } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { storage } from '../../zalo';
import { type BlobStore, createOutbox, type FlushResult, type OutboxEntry } from './dti-outbox';

let idb: UseStore | null = null;
// Without IndexedDB (rare old webviews) files wait in memory: they survive a lost connection, not closing the app.
const memoryBlobs = new Map<string, Blob>();
const idbStore = () => (idb ??= createStore('pakn-dti-outbox', 'blobs'));

const blobs: BlobStore = {
  async get(key) {
    if (memoryBlobs.has(key)) return memoryBlobs.get(key);
    try {
      return await get<Blob>(key, idbStore());
    } catch {
      return undefined;
    }
  },
  async set(key, blob) {
    try {
      await set(key, blob, idbStore());
    } catch {
      memoryBlobs.set(key, blob);
    }
  },
  async del(key) {
    memoryBlobs.delete(key);
    try {
      await del(key, idbStore());
    } catch {
      // nothing stored there
    }
  },
};

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

/** Sends what is waiting now, and again each time the device is back online. */
export function startOutboxSync(): Promise<FlushResult> {
  if (!listening && typeof window !== 'undefined') {
    listening = true;
    window.addEventListener('online', () => void dtiOutbox.flush());
  }
  return dtiOutbox.flush();
}

/** The queue, re-rendering when it changes. */
export function useOutbox(): OutboxEntry[] {
  return useSyncExternalStore(dtiOutbox.subscribe, dtiOutbox.list, dtiOutbox.list);
}

/** True when the device says it has no network (a failed call says more: ApiError.offline). */
export const deviceOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/** A failure for want of a connection (then the device's copy of the data will do). */
export const isOfflineError = (err: unknown) => (err instanceof ApiError && err.offline) || deviceOffline();
