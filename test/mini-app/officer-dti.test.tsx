// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssignedList, DtiKey, DtiValueDetail } from '../../mini-app/src/api/types';
import { buildValue, emptyInput } from '../../mini-app/src/lib/dti-values';
import { loadWithCache, MAX_CACHED } from '../../mini-app/src/pages/officer/dti-cache';
import { formStorageKey, readLocalForm, sameAsServer, withType, writeLocalForm } from '../../mini-app/src/pages/officer/dti-form';
import {
  blobBytes,
  type BlobStore,
  createBlobStore,
  createOutbox,
  type FlushResult,
  type KeyValueStore,
  OUTBOX_STORAGE_KEY,
  type OutboxApi,
  type StoredFile,
} from '../../mini-app/src/pages/officer/dti-outbox';
import { dtiErrorMessage, periodLabel } from '../../mini-app/src/pages/officer/dti-wording';
import { memoryStorage, renderRoute } from './render-helpers';

// ——— Mocks for the screen test: the API module and the one module touching zmp-sdk ———
const mocks = vi.hoisted(() => ({
  mem: new Map<string, string>(),
  api: {
    dti: {
      value: vi.fn(),
      assigned: vi.fn(),
      saveDraft: vi.fn(),
      submit: vi.fn(),
      addEvidence: vi.fn(),
      evidencePath: (_k: unknown, id: number) => `/evidence/${id}`,
    },
  },
}));

vi.mock('../../mini-app/src/zalo', async () => ({
  storage: (await import('./render-helpers')).memoryStorage(mocks.mem),
  pickPhotos: vi.fn(async () => []),
  isInZalo: () => false,
  warmZaloSdk: () => {},
}));
vi.mock('../../mini-app/src/api/endpoints', () => ({ api: mocks.api }));

/** What the mocked src/zalo.ts keeps on the device, read and written through the same Map. */
const deviceStorage = memoryStorage(mocks.mem);

afterEach(cleanup);

const key: DtiKey = { set: 'DTI', period: '2026-Q1', indicator: '3.1', unit: 'XA_A' };

// ——— buildValue (lib/dti-values.ts) ———

describe('buildValue, per value type', () => {
  const input = (patch: Partial<ReturnType<typeof emptyInput>>) => ({ ...emptyInput(), ...patch });

  it('boolean: Có/Không, or every part answered', () => {
    expect(buildValue('boolean', input({ value: 'true' }))).toEqual({ ok: true, value: { type: 'boolean', value: true } });
    expect(buildValue('boolean', input({ value: 'false' }))).toEqual({ ok: true, value: { type: 'boolean', value: false } });
    expect(buildValue('boolean', input({}))).toEqual({ ok: false, errors: { value: 'Vui lòng chọn Có hoặc Không.' } });
    const parts = [{ key: 'a' }, { key: 'b' }];
    expect(buildValue('boolean', input({ parts: { a: true } }), parts)).toEqual({ ok: false, errors: { value: 'Vui lòng trả lời tất cả các mục.' } });
    expect(buildValue('boolean', input({ parts: { a: true, b: false } }), parts)).toEqual({
      ok: true,
      value: { type: 'parts', value: { a: true, b: false } },
    });
  });

  it('count and amount: non-negative whole numbers', () => {
    expect(buildValue('count', input({ value: ' 12 ' }))).toEqual({ ok: true, value: { type: 'count', value: 12 } });
    expect(buildValue('amount', input({ value: '1500000' }))).toEqual({ ok: true, value: { type: 'amount', value: 1500000 } });
    for (const bad of ['', '-1', '1.5', 'abc']) {
      expect(buildValue('count', input({ value: bad }))).toEqual({ ok: false, errors: { value: 'Vui lòng nhập số nguyên không âm.' } });
    }
  });

  it('percentage: 0 to 100, a Vietnamese decimal comma accepted', () => {
    expect(buildValue('percentage', input({ value: '87,5' }))).toEqual({ ok: true, value: { type: 'percentage', value: 87.5 } });
    expect(buildValue('percentage', input({ value: '0' }))).toEqual({ ok: true, value: { type: 'percentage', value: 0 } });
    for (const bad of ['', '101', '-2', 'x']) {
      expect(buildValue('percentage', input({ value: bad }))).toEqual({ ok: false, errors: { value: 'Vui lòng nhập số từ 0 đến 100.' } });
    }
  });

  it('ratio: whole numbers, a positive denominator, numerator not above it', () => {
    expect(buildValue('ratio', input({ numerator: '3', denominator: '4' }))).toEqual({ ok: true, value: { type: 'ratio', numerator: 3, denominator: 4 } });
    expect(buildValue('ratio', input({ numerator: '5', denominator: '3' }))).toEqual({ ok: false, errors: { numerator: 'Tử số không được lớn hơn mẫu số.' } });
    expect(buildValue('ratio', input({ numerator: '0', denominator: '0' }))).toEqual({ ok: false, errors: { denominator: 'Mẫu số phải lớn hơn 0.' } });
    expect(buildValue('ratio', input({ numerator: 'a', denominator: '' }))).toEqual({
      ok: false,
      errors: { numerator: 'Vui lòng nhập tử số là số nguyên không âm.', denominator: 'Vui lòng nhập mẫu số là số nguyên không âm.' },
    });
  });

  it('text: not empty, trimmed', () => {
    expect(buildValue('text', input({ value: '  Đã ban hành kế hoạch  ' }))).toEqual({ ok: true, value: { type: 'text', value: 'Đã ban hành kế hoạch' } });
    expect(buildValue('text', input({ value: '   ' }))).toEqual({ ok: false, errors: { value: 'Vui lòng nhập nội dung.' } });
  });

  it('date: YYYY-MM-DD from a date input', () => {
    expect(buildValue('date', input({ value: '2026-03-15' }))).toEqual({ ok: true, value: { type: 'date', value: '2026-03-15' } });
    expect(buildValue('date', input({ value: '15/03/2026' }))).toEqual({ ok: false, errors: { value: 'Vui lòng chọn ngày hợp lệ.' } });
  });
});

describe('the form kept on the device', () => {
  it('survives a reload and is dropped when the server already has the same', () => {
    const input = { ...emptyInput(), numerator: '3', denominator: '4' };
    writeLocalForm(deviceStorage, key, { input, comment: 'Số liệu quý 1' }, 1000);
    expect(mocks.mem.has(formStorageKey(key))).toBe(true);
    const local = readLocalForm(deviceStorage, key)!;
    expect(local).toEqual({ input, comment: 'Số liệu quý 1', at: 1000 });
    expect(sameAsServer(local, { value: { type: 'ratio', numerator: 3, denominator: 4 }, comment: 'Số liệu quý 1' }, 'ratio')).toBe(true);
    expect(sameAsServer(local, { value: { type: 'ratio', numerator: 2, denominator: 4 }, comment: 'Số liệu quý 1' }, 'ratio')).toBe(false);
    expect(sameAsServer(local, null, 'ratio')).toBe(false);
  });

  it('gives the system\'s computed values (no type) their type', () => {
    expect(withType({ numerator: 1, denominator: 2 }, 'ratio')).toEqual({ type: 'ratio', numerator: 1, denominator: 2 });
    expect(withType({ type: 'ratio', numerator: 1, denominator: 2 }, 'ratio')).toEqual({ type: 'ratio', numerator: 1, denominator: 2 });
    expect(withType(null, 'ratio')).toBeNull();
  });

  it('words periods and refusals', () => {
    expect(periodLabel('2026-Q3')).toBe('Quý 3/2026');
    expect(periodLabel('2026')).toBe('Năm 2026');
    expect(dtiErrorMessage({ status: 409, code: 'period_locked', message: 'x' })).toContain('Kỳ báo cáo đã khóa');
    expect(dtiErrorMessage({ status: 409, code: 'something', message: 'Thông báo tiếng Việt' })).toBe('Thông báo tiếng Việt');
  });
});

describe('the offline copy of DTI data', () => {
  const store = () => {
    const data = new Map<string, string>();
    return {
      data,
      getJson: <T,>(k: string) => (data.has(k) ? (JSON.parse(data.get(k)!) as T) : null),
      setJson: (k: string, v: unknown) => void data.set(k, JSON.stringify(v)),
      remove: (k: string) => void data.delete(k),
    };
  };
  const offline = (err: unknown) => (err as { status?: number }).status === 0;

  it('gives the last loaded data when there is no connection, and other failures as they are', async () => {
    const s = store();
    expect(await loadWithCache(s, 'list.XA_A', async () => ({ n: 1 }), offline, () => 5)).toEqual({ data: { n: 1 } });
    expect(await loadWithCache(s, 'list.XA_A', () => Promise.reject(apiError(0, 'network')), offline)).toEqual({ data: { n: 1 }, cachedAt: 5 });
    await expect(loadWithCache(s, 'list.XA_A', () => Promise.reject(apiError(403, 'forbidden')), offline)).rejects.toMatchObject({ status: 403 });
    await expect(loadWithCache(s, 'list.XA_B', () => Promise.reject(apiError(0, 'network')), offline)).rejects.toMatchObject({ status: 0 });
  });

  it('keeps only the most recent copies', async () => {
    const s = store();
    for (let i = 0; i < MAX_CACHED + 5; i++) await loadWithCache(s, `edit.${i}`, async () => i, offline);
    expect([...s.data.keys()].filter((k) => k.startsWith('pakn.dti.cache.edit.'))).toHaveLength(MAX_CACHED);
    expect(s.data.has('pakn.dti.cache.edit.0')).toBe(false);
    expect(s.data.has(`pakn.dti.cache.edit.${MAX_CACHED + 4}`)).toBe(true);
  });
});

// ——— The outbox ———

function memoryBlobs(): BlobStore & { data: Map<string, Blob> } {
  const data = new Map<string, Blob>();
  return {
    data,
    get: async (k) => data.get(k),
    set: async (k, b) => void data.set(k, b),
    del: async (k) => void data.delete(k),
  };
}

const apiError = (status: number, code: string, message = 'Lỗi') => Object.assign(new Error(message), { status, code });

function recordingApi() {
  const calls: string[] = [];
  const failures: { match: string; error: Error }[] = [];
  const act = async (what: string) => {
    calls.push(what);
    const i = failures.findIndex((f) => what.startsWith(f.match));
    if (i >= 0) throw failures.splice(i, 1)[0]!.error;
  };
  const api: OutboxApi = {
    saveDraft: (k, body) => act(`save ${k.indicator} ${JSON.stringify(body)}`),
    addEvidence: (k, files) => act(`evidence ${k.indicator} ${files.map((f) => f.name).join(',')}`),
    submit: (k, body) => act(`submit ${k.indicator} ${JSON.stringify(body ?? {})}`),
  };
  return { api, calls, failWith: (match: string, error: Error) => failures.push({ match, error }) };
}

const k = (indicator: string): DtiKey => ({ ...key, indicator });
const value = (n: number) => ({ type: 'count', value: n });

describe('DTI outbox', () => {
  let storage: ReturnType<typeof memoryStorage>;
  let blobs: ReturnType<typeof memoryBlobs>;

  beforeEach(() => {
    storage = memoryStorage();
    blobs = memoryBlobs();
  });

  it('keeps the queue in storage and the files in the blob store, across app restarts', async () => {
    const { api } = recordingApi();
    const first = createOutbox({ storage, blobs, api });
    await first.enqueue({ key: k('1.1'), value: value(3), comment: 'Ghi chú', submit: true, files: [{ blob: new Blob(['%PDF-1'], { type: 'application/pdf' }), name: 'qd.pdf' }] });
    expect(storage.data.has(OUTBOX_STORAGE_KEY)).toBe(true);
    expect(blobs.data.size).toBe(1);

    const reopened = createOutbox({ storage, blobs, api });
    const [entry] = reopened.list();
    expect(entry).toMatchObject({ key: k('1.1'), value: value(3), comment: 'Ghi chú', submit: true, saved: false });
    expect(entry!.files).toEqual([expect.objectContaining({ name: 'qd.pdf', type: 'application/pdf' })]);
    expect(reopened.pendingCount()).toBe(1);
  });

  it('sends entries in order (a draft: save then evidence; a submit: evidence then the value with the submit) and removes each once accepted', async () => {
    const { api, calls } = recordingApi();
    const outbox = createOutbox({ storage, blobs, api });
    await outbox.enqueue({ key: k('1.1'), value: value(1), comment: 'a', submit: false, files: [] });
    await outbox.enqueue({ key: k('2.4'), value: value(2), comment: 'b', submit: true, files: [{ blob: new Blob(['x'], { type: 'image/jpeg' }), name: 'anh.jpg' }] });
    await outbox.enqueue({ key: k('1.1'), value: value(5), comment: 'c', submit: true, files: [] });

    const result = await outbox.flush();
    expect(result).toEqual({ sent: 3, refused: 0, offline: false, remaining: 0 });
    expect(calls).toEqual([
      'save 1.1 {"value":{"type":"count","value":1},"comment":"a"}',
      'evidence 2.4 anh.jpg',
      // One request, so the history says "Gửi duyệt" once and no "Lưu nháp" before it.
      'submit 2.4 {"value":{"type":"count","value":2},"comment":"b"}',
      'submit 1.1 {"value":{"type":"count","value":5},"comment":"c"}',
    ]);
    expect(outbox.list()).toEqual([]);
    expect(blobs.data.size).toBe(0);
    expect(JSON.parse(storage.data.get(OUTBOX_STORAGE_KEY)!)).toEqual([]);
  });

  it('keeps every entry when the network fails, and resumes without repeating finished steps', async () => {
    const { api, calls, failWith } = recordingApi();
    const outbox = createOutbox({ storage, blobs, api });
    await outbox.enqueue({
      key: k('1.1'),
      value: value(1),
      submit: true,
      files: [
        { blob: new Blob(['1'], { type: 'image/jpeg' }), name: 'a.jpg' },
        { blob: new Blob(['2'], { type: 'image/jpeg' }), name: 'b.jpg' },
      ],
    });
    await outbox.enqueue({ key: k('2.4'), value: value(2), submit: false, files: [] });
    failWith('evidence 1.1 b.jpg', apiError(0, 'network'));

    expect(await outbox.flush()).toEqual({ sent: 0, refused: 0, offline: true, remaining: 2 });
    expect(calls).toEqual(['evidence 1.1 a.jpg', 'evidence 1.1 b.jpg']);
    const [stuck] = outbox.list();
    expect(stuck).toMatchObject({ value: value(1), files: [expect.objectContaining({ name: 'b.jpg' })] });
    expect(stuck!.error).toBeUndefined();

    calls.length = 0;
    expect(await outbox.flush()).toEqual({ sent: 2, refused: 0, offline: false, remaining: 0 });
    expect(calls).toEqual(['evidence 1.1 b.jpg', 'submit 1.1 {"value":{"type":"count","value":1}}', 'save 2.4 {"value":{"type":"count","value":2}}']);
  });

  it('treats a server outage or a thrown TypeError like no network', async () => {
    const { api, failWith } = recordingApi();
    const outbox = createOutbox({ storage, blobs, api });
    await outbox.enqueue({ key: k('1.1'), value: value(1), submit: false, files: [] });
    failWith('save', apiError(503, 'http_503'));
    expect((await outbox.flush()).offline).toBe(true);
    failWith('save', new TypeError('Failed to fetch'));
    expect((await outbox.flush()).offline).toBe(true);
    expect(outbox.list()[0]!.error).toBeUndefined();
    expect((await outbox.flush()).sent).toBe(1);
  });

  it('does nothing while the device is offline', async () => {
    const { api, calls } = recordingApi();
    const outbox = createOutbox({ storage, blobs, api, isOnline: () => false });
    await outbox.enqueue({ key: k('1.1'), value: value(1), submit: false, files: [] });
    expect(await outbox.flush()).toEqual({ sent: 0, refused: 0, offline: true, remaining: 1 });
    expect(calls).toEqual([]);
  });

  it('stops an entry on a conflict with its error, holds back later updates of that indicator, sends the others', async () => {
    const { api, calls, failWith } = recordingApi();
    const outbox = createOutbox({ storage, blobs, api });
    await outbox.enqueue({ key: k('1.1'), value: value(1), submit: true, files: [] });
    await outbox.enqueue({ key: k('1.1'), value: value(2), submit: false, files: [] });
    await outbox.enqueue({ key: k('2.4'), value: value(3), submit: false, files: [] });
    failWith('submit 1.1', apiError(409, 'under_review'));

    const result = await outbox.flush();
    expect(result).toEqual({ sent: 1, refused: 1, offline: false, remaining: 2 });
    const [refused, waiting] = outbox.list();
    expect(refused).toMatchObject({ key: k('1.1'), value: value(1), errorStatus: 409, error: 'Chỉ số đã gửi và đang chờ duyệt nên chưa sửa được.' });
    expect(waiting).toMatchObject({ key: k('1.1'), value: value(2) });
    expect(waiting!.error).toBeUndefined();
    expect(outbox.pendingCount()).toBe(1);

    // Not retried forever: the next flush leaves the refused entry (and what waits behind it) alone.
    calls.length = 0;
    expect(await outbox.flush()).toEqual({ sent: 0, refused: 0, offline: false, remaining: 2 });
    expect(calls).toEqual([]);

    // The officer drops it: the held-back update goes.
    await outbox.discard(refused!.id);
    expect(await outbox.flush()).toMatchObject({ sent: 1, remaining: 0 });
    expect(calls).toEqual(['save 1.1 {"value":{"type":"count","value":2}}']);
  });

  it('stops on an invalid value (422) and can be retried on request', async () => {
    const { api, failWith } = recordingApi();
    const outbox = createOutbox({ storage, blobs, api });
    await outbox.enqueue({ key: k('1.1'), value: value(1), submit: false, files: [] });
    failWith('save', apiError(422, 'invalid_value'));
    expect(await outbox.flush()).toMatchObject({ refused: 1, remaining: 1 });
    expect(outbox.list()[0]).toMatchObject({ errorStatus: 422, error: 'Giá trị chưa hợp lệ. Vui lòng kiểm tra lại.' });
    outbox.retry(outbox.list()[0]!.id);
    expect(outbox.list()[0]!.error).toBeUndefined();
    expect(await outbox.flush()).toMatchObject({ sent: 1, remaining: 0 });
  });

  it('sends an entry added just as a flush ends with a new flush, not with the one that ended', async () => {
    const { api, calls } = recordingApi();
    const outbox = createOutbox({ storage, blobs, api });
    await outbox.enqueue({ key: k('1.1'), value: value(1), submit: false, files: [] });
    let late: Promise<FlushResult> | undefined;
    // Runs after the flush has looked at the queue for the last time, before its promise has settled.
    outbox.subscribe(() => {
      if (outbox.list().length === 0 && !late) {
        queueMicrotask(() => {
          void outbox.enqueue({ key: k('1.1'), value: value(2), submit: false, files: [] });
          late = outbox.flush();
        });
      }
    });
    expect(await outbox.flush()).toMatchObject({ sent: 1 });
    expect(await late).toEqual({ sent: 1, refused: 0, offline: false, remaining: 0 });
    expect(calls).toEqual(['save 1.1 {"value":{"type":"count","value":1}}', 'save 1.1 {"value":{"type":"count","value":2}}']);
  });

  it('runs one flush at a time and tells subscribers about changes', async () => {
    const { api, calls } = recordingApi();
    const outbox = createOutbox({ storage, blobs, api });
    const seen: number[] = [];
    outbox.subscribe(() => seen.push(outbox.list().length));
    await outbox.enqueue({ key: k('1.1'), value: value(1), submit: false, files: [] });
    const [a, b] = await Promise.all([outbox.flush(), outbox.flush()]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(0);
  });
});

// ——— Evidence files in IndexedDB ———

/** IndexedDB as in the WebViews that cannot store a Blob: anything holding one is refused, the rest is cloned. */
function webViewIdb(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const holdsBlob = (v: unknown): boolean =>
    v instanceof Blob || (!!v && typeof v === 'object' && Object.values(v).some(holdsBlob));
  return {
    data,
    get: async (key) => data.get(key),
    set: async (key, value) => {
      if (holdsBlob(value)) throw new DOMException('The object can not be cloned.', 'DataCloneError');
      data.set(key, structuredClone(value));
    },
    del: async (key) => void data.delete(key),
  };
}

const textOf = async (blob: Blob) => new TextDecoder().decode(await blobBytes(blob));

describe('the outbox\'s evidence store', () => {
  it('keeps a file as its type, name and bytes (never a Blob) and gives it back as a Blob', async () => {
    const idb = webViewIdb();
    const store = createBlobStore(idb);
    await store.set('e1/0', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 'qd.pdf');
    const stored = idb.data.get('e1/0') as StoredFile;
    expect(stored).toMatchObject({ type: 'application/pdf', name: 'qd.pdf' });
    // By tag: the ArrayBuffer may come from another realm (jsdom's FileReader, structuredClone).
    expect(Object.prototype.toString.call(stored.data)).toBe('[object ArrayBuffer]');
    expect(stored.data.byteLength).toBe(8);

    // A new store over the same IndexedDB: the app was closed, nothing is left in memory.
    const blob = await createBlobStore(idb).get('e1/0');
    expect(blob).toBeInstanceOf(Blob);
    expect(blob!.type).toBe('application/pdf');
    expect(await textOf(blob!)).toBe('%PDF-1.7');

    await store.del('e1/0');
    expect(idb.data.size).toBe(0);
    expect(await store.get('e1/0')).toBeUndefined();
  });

  it('still reads a Blob stored by an earlier version of the app', async () => {
    const idb = webViewIdb();
    const old = new Blob(['cũ'], { type: 'image/jpeg' });
    idb.data.set('old/0', old);
    expect(await createBlobStore(idb).get('old/0')).toBe(old);
  });

  it('keeps files in memory when IndexedDB refuses or never answers', async () => {
    const broken: KeyValueStore = {
      get: () => Promise.reject(new Error('no indexedDB')),
      set: () => Promise.reject(new Error('no indexedDB')),
      del: () => Promise.reject(new Error('no indexedDB')),
    };
    const silent: KeyValueStore = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), del: () => new Promise(() => {}) };
    for (const kv of [broken, silent]) {
      const store = createBlobStore(kv, { timeoutMs: 20 });
      const photo = new Blob(['jpeg'], { type: 'image/jpeg' });
      await store.set('m/0', photo, 'anh.jpg');
      expect(await store.get('m/0')).toBe(photo);
      await store.del('m/0');
      expect(await store.get('m/0')).toBeUndefined();
    }
  });

  it('sends evidence kept across a restart with its bytes and type', async () => {
    const storage = memoryStorage();
    const idb = webViewIdb();
    const sent: { name: string; type: string; text: string }[] = [];
    const api: OutboxApi = {
      saveDraft: async () => undefined,
      addEvidence: async (_k, files) => {
        for (const f of files) sent.push({ name: f.name, type: f.blob.type, text: await textOf(f.blob) });
      },
      submit: async () => undefined,
    };
    const first = createOutbox({ storage, blobs: createBlobStore(idb), api });
    await first.enqueue({
      key: k('1.1'),
      submit: false,
      files: [
        { blob: new Blob(['ảnh 1'], { type: 'image/png' }), name: 'a.png' },
        { blob: new Blob(['%PDF'], { type: 'application/pdf' }), name: 'b.pdf' },
      ],
    });
    expect([...idb.data.values()].every((v) => !(v instanceof Blob))).toBe(true);

    const reopened = createOutbox({ storage, blobs: createBlobStore(idb), api });
    expect(await reopened.flush()).toMatchObject({ sent: 1, remaining: 0 });
    expect(sent).toEqual([
      { name: 'a.png', type: 'image/png', text: 'ảnh 1' },
      { name: 'b.pdf', type: 'application/pdf', text: '%PDF' },
    ]);
    expect(idb.data.size).toBe(0);
  });
});

// ——— The quick-update screen ———

const assigned = (valueType: 'ratio' | 'count'): AssignedList => ({
  set: key.set,
  period: { code: key.period, dueOn: '2026-03-19', locked: false },
  unit: key.unit,
  indicators: [
    {
      code: key.indicator,
      name: 'Tỷ lệ phản ánh được xử lý đúng hạn',
      role: 'lead',
      valueType,
      unitOfMeasure: null,
      guidance: null,
      evidenceRequired: true,
      status: 'missing',
      value: null,
      auto: null,
    },
  ],
});

const detail: DtiValueDetail = { ...key, role: 'lead', dueOn: '2026-03-19', value: null, evidence: [], history: [] };

async function renderEditor() {
  const { default: DtiEdit } = await import('../../mini-app/src/pages/officer/dti-edit');
  renderRoute(`/officer/dti/${key.set}/${key.period}/${key.indicator}/${key.unit}`, '/officer/dti/:set/:period/:indicator/:unit', <DtiEdit />);
  return screen.findByLabelText('Tử số');
}

const outboxStore = () => import('../../mini-app/src/pages/officer/dti-outbox-store');

describe('DTI quick-update screen', () => {
  beforeEach(async () => {
    // The app's outbox is one per module: empty it (its queue is cached in memory, not only in the device storage).
    const { dtiOutbox } = await outboxStore();
    for (const e of dtiOutbox.list()) await dtiOutbox.discard(e.id);
    mocks.mem.clear();
    vi.clearAllMocks();
    mocks.api.dti.value.mockResolvedValue(detail);
    mocks.api.dti.assigned.mockResolvedValue(assigned('ratio'));
  });

  it('shows the Vietnamese error for a ratio whose numerator exceeds the denominator, and sends nothing', async () => {
    const numerator = await renderEditor();
    fireEvent.change(numerator, { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Mẫu số'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu nháp' }));
    expect(await screen.findByText('Tử số không được lớn hơn mẫu số.')).toBeTruthy();
    expect(mocks.api.dti.saveDraft).not.toHaveBeenCalled();
    // What was typed is kept on the device.
    expect(readLocalForm(deviceStorage, key)?.input).toMatchObject({ numerator: '5', denominator: '3' });
  });

  it('refuses "Gửi duyệt" without evidence when the indicator requires it', async () => {
    const numerator = await renderEditor();
    fireEvent.change(numerator, { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Mẫu số'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi duyệt' }));
    expect(await screen.findByText('Chỉ số này cần minh chứng. Vui lòng chụp ảnh hoặc chọn tệp trước khi gửi duyệt.')).toBeTruthy();
    expect(mocks.api.dti.saveDraft).not.toHaveBeenCalled();
  });

  it('keeps a draft on the device when the connection fails', async () => {
    const { ApiError } = await import('../../mini-app/src/api/client');
    mocks.api.dti.saveDraft.mockRejectedValue(new ApiError(0, 'network', 'Không kết nối được máy chủ.'));
    const numerator = await renderEditor();
    fireEvent.change(numerator, { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Mẫu số'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu nháp' }));
    expect(await screen.findByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('1 cập nhật đang chờ gửi khi có mạng')).toBeTruthy());
    const queued = deviceStorage.getJson<{ key: DtiKey; value: unknown; submit: boolean }[]>(OUTBOX_STORAGE_KEY);
    expect(queued).toEqual([expect.objectContaining({ key, value: { type: 'ratio', numerator: 3, denominator: 4 }, submit: false })]);
  });

  it('sends a save made while older updates of the indicator wait in the outbox after them, so the newest value stays', async () => {
    const { ApiError } = await import('../../mini-app/src/api/client');
    const { dtiOutbox } = await outboxStore();
    const offline = () => new ApiError(0, 'network', 'Không kết nối được máy chủ.');
    let onServer: unknown = null;
    mocks.api.dti.saveDraft.mockImplementation(async (_k: DtiKey, body: { value?: unknown }) => {
      onServer = body.value;
    });
    const A = { type: 'ratio', numerator: 3, denominator: 4 };
    const B = { type: 'ratio', numerator: 5, denominator: 6 };

    // A is saved without a connection: it waits in the outbox.
    mocks.api.dti.saveDraft.mockRejectedValueOnce(offline());
    const numerator = await renderEditor();
    fireEvent.change(numerator, { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Mẫu số'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu nháp' }));
    expect(await screen.findByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.')).toBeTruthy();
    // A flush fails once: A still waits.
    mocks.api.dti.saveDraft.mockRejectedValueOnce(offline());
    expect(await act(() => dtiOutbox.flush())).toMatchObject({ offline: true, remaining: 1 });

    // Back online, the officer saves B: it goes behind A, and both are sent in order.
    fireEvent.change(screen.getByLabelText('Tử số'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Mẫu số'), { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu nháp' }));
    await waitFor(() => expect(dtiOutbox.list()).toEqual([]));
    const values = mocks.api.dti.saveDraft.mock.calls.map(([, body]) => (body as { value: unknown }).value);
    expect(values).toEqual([A, A, A, B]);
    expect(onServer).toEqual(B);
    // Nothing is left to send later that could bring A back.
    expect(await act(() => dtiOutbox.flush())).toEqual({ sent: 0, refused: 0, offline: false, remaining: 0 });
    expect(mocks.api.dti.saveDraft).toHaveBeenCalledTimes(4);
    expect(onServer).toEqual(B);
  });

  it('saves directly when nothing of the indicator waits in the outbox', async () => {
    mocks.api.dti.saveDraft.mockResolvedValue(undefined);
    const numerator = await renderEditor();
    fireEvent.change(numerator, { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Mẫu số'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu nháp' }));
    await waitFor(() => expect(mocks.api.dti.saveDraft).toHaveBeenCalledWith(key, { value: { type: 'ratio', numerator: 1, denominator: 2 }, comment: '' }));
    expect(deviceStorage.getJson(OUTBOX_STORAGE_KEY) ?? []).toEqual([]);
  });
});
