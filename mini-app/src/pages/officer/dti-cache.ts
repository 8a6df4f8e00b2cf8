// The last DTI data loaded, kept on the device so an officer without a connection can still open their indicators
// and type an update (which then waits in the outbox). Few entries: Zalo's storage is small and evicts the oldest
// data when full, which must never be the session.
export interface CacheStorage {
  getJson<T>(key: string): T | null;
  setJson(key: string, value: unknown): void;
  remove(key: string): void;
}

const INDEX_KEY = 'pakn.dti.cache.index';
export const MAX_CACHED = 20;

export interface Cached<T> {
  data: T;
  /** Set when the data comes from the device (no connection): when it was loaded. */
  cachedAt?: number;
}

/**
 * Loads fresh data and keeps a copy; when the load fails for want of a connection (`offline(err)`), gives the copy
 * instead, if there is one. Any other failure is thrown as it is.
 */
export async function loadWithCache<T>(
  storage: CacheStorage,
  name: string,
  load: () => Promise<T>,
  offline: (err: unknown) => boolean,
  now: () => number = Date.now,
): Promise<Cached<T>> {
  const key = `pakn.dti.cache.${name}`;
  try {
    const data = await load();
    try {
      storage.setJson(key, { data, at: now() });
      const index = (storage.getJson<string[]>(INDEX_KEY) ?? []).filter((k) => k !== key);
      index.push(key);
      for (const old of index.splice(0, Math.max(0, index.length - MAX_CACHED))) storage.remove(old);
      storage.setJson(INDEX_KEY, index);
    } catch {
      // a full storage only costs the offline copy
    }
    return { data };
  } catch (err) {
    if (offline(err)) {
      const copy = storage.getJson<{ data: T; at: number }>(key);
      if (copy && copy.data !== undefined && copy.data !== null) return { data: copy.data, cachedAt: copy.at };
    }
    throw err;
  }
}
