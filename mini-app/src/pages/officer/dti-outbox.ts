// DTI updates made without a connection wait here and are sent, in order, when the network is back.
//
// An entry is one press of "Lưu nháp" or "Gửi duyệt": the value and comment to save, the evidence files (their bytes
// in IndexedDB, only references in the entry), and whether to submit. Entries are removed only once the server has
// accepted every step; each finished step is recorded, so a retry never saves twice or uploads a file twice.
// A refusal that retrying cannot fix (409 conflict, 422 invalid, 403…) stops that entry with its message, and later
// entries of the same indicator wait behind it; a network failure (or a server error) stops the flush and keeps
// everything for the next try. Storage, the blob store and the server calls are injected (tests, the real app).
// Evidence goes into IndexedDB as bytes (createBlobStore), not as Blobs, which some WebViews cannot store there.
import type { DtiKey } from '../../api/types';
import { dtiErrorMessage, keyId } from './dti-wording';

export const OUTBOX_STORAGE_KEY = 'pakn.dti.outbox';

export interface OutboxFileRef {
  blobKey: string;
  name: string;
  type: string;
  size: number;
}

export interface OutboxEntry {
  id: string;
  key: DtiKey;
  /** The value to save (built and checked by buildValue); absent when only evidence or a submission waits. */
  value?: unknown;
  comment?: string;
  submit: boolean;
  /** Evidence still to upload; each file leaves the list once uploaded. */
  files: OutboxFileRef[];
  /** The draft (value, comment) has been saved. */
  saved: boolean;
  createdAt: string;
  /** Set when the server refused the entry: it waits for the officer (retry or discard) instead of being retried. */
  error?: string;
  errorStatus?: number;
}

export interface OutboxStorage {
  getJson<T>(key: string): T | null;
  setJson(key: string, value: unknown): void;
}

export interface BlobStore {
  get(key: string): Promise<Blob | undefined>;
  set(key: string, blob: Blob, name: string): Promise<void>;
  del(key: string): Promise<void>;
}

/** A key-value store such as IndexedDB through idb-keyval; any call may reject. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

/**
 * A file as kept in IndexedDB: its bytes and type. Some WebViews cannot put a Blob into IndexedDB, every one can an
 * ArrayBuffer (the same as the citizen's feedback draft, pages/citizen/feedback-draft.ts).
 */
export interface StoredFile {
  type: string;
  name: string;
  data: ArrayBuffer;
}

// By tag, not instanceof: an ArrayBuffer read back from IndexedDB or a FileReader may come from another realm.
const isArrayBuffer = (x: unknown): x is ArrayBuffer => Object.prototype.toString.call(x) === '[object ArrayBuffer]';
const isBlob = (x: unknown): x is Blob => typeof Blob !== 'undefined' && x instanceof Blob;

/** The bytes of a file; FileReader where Blob.arrayBuffer is missing (older WebViews). */
export function blobBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => (isArrayBuffer(reader.result) ? resolve(reader.result) : reject(new Error('Không đọc được tệp.')));
    reader.onerror = () => reject(reader.error ?? new Error('Không đọc được tệp.'));
    reader.readAsArrayBuffer(blob);
  });
}

/** Some WebViews never answer an IndexedDB request: nothing waits for one forever. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The outbox's files over a key-value store (IndexedDB in the app), each kept as a StoredFile and rebuilt as a Blob
 * when read. When the store refuses or does not answer, the file waits in memory instead: it survives a lost
 * connection, not closing the app. Blobs stored by earlier versions of the app are still read.
 */
export function createBlobStore(kv: KeyValueStore, options: { timeoutMs?: number } = {}): BlobStore {
  const ms = options.timeoutMs ?? 10_000;
  const memory = new Map<string, Blob>();
  return {
    async get(key) {
      const kept = memory.get(key);
      if (kept) return kept;
      try {
        const stored = await within(kv.get(key), ms);
        if (isBlob(stored)) return stored;
        const file = stored as Partial<StoredFile> | null | undefined;
        if (file && isArrayBuffer(file.data)) return new Blob([file.data], { type: typeof file.type === 'string' ? file.type : '' });
        return undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, blob, name) {
      try {
        const file: StoredFile = { type: blob.type, name, data: await blobBytes(blob) };
        await within(kv.set(key, file), ms);
      } catch {
        memory.set(key, blob);
      }
    },
    async del(key) {
      memory.delete(key);
      try {
        await within(kv.del(key), ms);
      } catch {
        // nothing stored there
      }
    },
  };
}

export interface OutboxApi {
  saveDraft(key: DtiKey, body: { value?: unknown; comment?: string }): Promise<unknown>;
  addEvidence(key: DtiKey, files: { blob: Blob; name: string }[]): Promise<unknown>;
  submit(key: DtiKey, body?: { value?: unknown; comment?: string }): Promise<unknown>;
}

export interface OutboxDeps {
  storage: OutboxStorage;
  blobs: BlobStore;
  api: OutboxApi;
  /** navigator.onLine in the app; a flush while offline does nothing. */
  isOnline?: () => boolean;
  now?: () => Date;
  newId?: () => string;
}

export interface QueuedOperation {
  key: DtiKey;
  value?: unknown;
  comment?: string;
  submit: boolean;
  files: { blob: Blob; name: string }[];
}

export interface FlushResult {
  /** Entries the server accepted (and that left the queue). */
  sent: number;
  /** Entries the server refused during this flush (they stay, with their error). */
  refused: number;
  /** The flush stopped because the network (or the server) was unavailable. */
  offline: boolean;
  /** Entries still waiting, refused ones included. */
  remaining: number;
}

/** Failures worth retrying later: no connection, the server down or overloaded, the session being renewed. */
export function isTransient(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status !== 'number') return true; // not an ApiError: fetch/XHR failed, or storage hiccup
  return status === 0 || status === 401 || status === 408 || status === 429 || status >= 500;
}

export interface Outbox {
  /** The entries, oldest first (the same array until something changes). */
  list(): OutboxEntry[];
  /** Entries waiting to be sent (not refused). */
  pendingCount(): number;
  enqueue(op: QueuedOperation): Promise<OutboxEntry>;
  flush(): Promise<FlushResult>;
  /** Tries a refused entry again at the next flush. */
  retry(id: string): void;
  /** Drops an entry and its files. */
  discard(id: string): Promise<void>;
  subscribe(listener: () => void): () => void;
}

function isEntry(x: unknown): x is OutboxEntry {
  const e = x as OutboxEntry | null;
  return !!e && typeof e.id === 'string' && !!e.key && typeof e.key.indicator === 'string' && Array.isArray(e.files);
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const now = deps.now ?? (() => new Date());
  let seq = 0;
  const newId = deps.newId ?? (() => `${now().getTime().toString(36)}-${(++seq).toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
  const listeners = new Set<() => void>();
  let cache: OutboxEntry[] | null = null;
  let running: Promise<FlushResult> | null = null;
  // True until run() has looked at the queue for the last time. It is cleared in the same tick as that last look, so
  // an entry added afterwards starts a new flush instead of joining one that will no longer see it.
  let active = false;

  const read = (): OutboxEntry[] => {
    if (cache) return cache;
    const stored = deps.storage.getJson<unknown>(OUTBOX_STORAGE_KEY);
    cache = Array.isArray(stored) ? stored.filter(isEntry) : [];
    return cache;
  };
  const write = (entries: OutboxEntry[]) => {
    cache = entries;
    deps.storage.setJson(OUTBOX_STORAGE_KEY, entries);
    for (const l of [...listeners]) l();
  };
  const update = (id: string, patch: Partial<OutboxEntry>) => write(read().map((e) => (e.id === id ? { ...e, ...patch } : e)));
  const remove = (id: string) => write(read().filter((e) => e.id !== id));
  const dropBlob = (key: string) => deps.blobs.del(key).catch(() => undefined);

  async function send(entry: OutboxEntry): Promise<void> {
    let current = entry;
    const typed = {
      ...(current.value !== undefined ? { value: current.value } : {}),
      ...(current.comment !== undefined ? { comment: current.comment } : {}),
    };
    // A submit sends the files first and then the value with the submit itself: one "Gửi duyệt" in the history, no
    // "Lưu nháp" in front of it. A draft saves the value first, so the files join a value that is on the server.
    if (!current.submit && !current.saved && (current.value !== undefined || current.comment !== undefined)) {
      await deps.api.saveDraft(current.key, {
        ...(current.value !== undefined ? { value: current.value } : {}),
        ...(current.comment !== undefined ? { comment: current.comment } : {}),
      });
      current = { ...current, saved: true };
      update(current.id, { saved: true });
    }
    for (const file of [...current.files]) {
      const blob = await deps.blobs.get(file.blobKey);
      if (!blob) {
        throw Object.assign(new Error(`Tệp “${file.name}” không còn trên máy. Vui lòng chọn lại tệp rồi gửi.`), { status: 410 });
      }
      await deps.api.addEvidence(current.key, [{ blob, name: file.name }]);
      current = { ...current, files: current.files.filter((f) => f.blobKey !== file.blobKey) };
      update(current.id, { files: current.files });
      await dropBlob(file.blobKey);
    }
    if (current.submit) await deps.api.submit(current.key, current.saved ? {} : typed);
  }

  async function run(): Promise<FlushResult> {
    let sent = 0;
    let refused = 0;
    const tried = new Set<string>();
    const blocked = new Set<string>();
    try {
      if (deps.isOnline && !deps.isOnline()) return { sent, refused, offline: true, remaining: read().length };
      for (;;) {
        // Re-read each time: entries may be added while a flush runs.
        let next: OutboxEntry | undefined;
        for (const e of read()) {
          if (tried.has(e.id)) continue;
          if (e.error || blocked.has(keyId(e.key))) {
            // A refused entry holds back later updates of the same indicator, so they never overtake it.
            blocked.add(keyId(e.key));
            tried.add(e.id);
            continue;
          }
          next = e;
          break;
        }
        if (!next) break;
        tried.add(next.id);
        try {
          await send(next);
          remove(next.id);
          sent += 1;
        } catch (err) {
          if (isTransient(err)) return { sent, refused, offline: true, remaining: read().length };
          const status = (err as { status?: unknown }).status;
          update(next.id, { error: dtiErrorMessage(err), ...(typeof status === 'number' ? { errorStatus: status } : {}) });
          blocked.add(keyId(next.key));
          refused += 1;
        }
      }
      return { sent, refused, offline: false, remaining: read().length };
    } finally {
      // In the same tick as the last look at the queue (no await in between): see `active`.
      active = false;
    }
  }

  return {
    list: read,
    pendingCount: () => read().filter((e) => !e.error).length,
    async enqueue(op) {
      const id = newId();
      const files: OutboxFileRef[] = [];
      for (const [i, f] of op.files.entries()) {
        const blobKey = `${id}/${i}`;
        await deps.blobs.set(blobKey, f.blob, f.name);
        files.push({ blobKey, name: f.name, type: f.blob.type, size: f.blob.size });
      }
      const entry: OutboxEntry = {
        id,
        key: { set: op.key.set, period: op.key.period, indicator: op.key.indicator, unit: op.key.unit },
        ...(op.value !== undefined ? { value: op.value } : {}),
        ...(op.comment !== undefined ? { comment: op.comment } : {}),
        submit: op.submit,
        files,
        saved: false,
        createdAt: now().toISOString(),
      };
      write([...read(), entry]);
      return entry;
    },
    flush() {
      if (!active || !running) {
        active = true;
        running = run();
      }
      return running;
    },
    retry(id) {
      const entry = read().find((e) => e.id === id);
      if (!entry?.error) return;
      const { error: _e, errorStatus: _s, ...rest } = entry;
      write(read().map((e) => (e.id === id ? rest : e)));
    },
    async discard(id) {
      const entry = read().find((e) => e.id === id);
      if (!entry) return;
      remove(id);
      await Promise.all(entry.files.map((f) => dropBlob(f.blobKey)));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

