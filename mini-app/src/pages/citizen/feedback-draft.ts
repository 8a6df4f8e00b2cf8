// A feedback being written survives closing Zalo: the text in the app's storage (zalo.ts), the compressed photos in
// IndexedDB (too big for nativeStorage). When IndexedDB is unavailable the photos are simply not kept.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { storage } from '../../zalo';
import type { FeedbackFormValues } from './feedback-validation';

export const DRAFT_KEY = 'pakn.feedback-draft';
const PHOTOS_KEY = 'feedback-draft-photos';

export interface FeedbackDraft extends FeedbackFormValues {
  /** Set once the server has created the feedback, so a reopened form only retries the photo upload. */
  createdCode: string | null;
  savedAt: string;
}

export interface DraftPhoto {
  blob: Blob;
  name: string;
}

export function loadDraft(): FeedbackDraft | null {
  const d = storage.getJson<Partial<FeedbackDraft>>(DRAFT_KEY);
  if (!d || typeof d !== 'object') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const loc = d.location;
  return {
    category: text(d.category),
    title: text(d.title),
    content: text(d.content),
    address: text(d.address),
    location: loc && typeof loc.lat === 'number' && typeof loc.lng === 'number' ? { lat: loc.lat, lng: loc.lng } : null,
    consent: d.consent === true,
    name: text(d.name),
    phone: text(d.phone),
    photoCount: typeof d.photoCount === 'number' ? d.photoCount : 0,
    createdCode: typeof d.createdCode === 'string' && d.createdCode ? d.createdCode : null,
    savedAt: text(d.savedAt),
  };
}

/** Whether a draft holds anything worth offering to continue. */
export function draftHasContent(d: FeedbackDraft | null): d is FeedbackDraft {
  if (!d) return false;
  return Boolean(
    d.createdCode || d.content.trim() || d.title.trim() || d.address.trim() || d.category || d.location || d.photoCount > 0,
  );
}

export function saveDraft(values: FeedbackFormValues, createdCode: string | null): void {
  const draft: FeedbackDraft = { ...values, createdCode, savedAt: new Date().toISOString() };
  if (!draftHasContent(draft)) {
    storage.remove(DRAFT_KEY);
    return;
  }
  storage.setJson(DRAFT_KEY, draft);
}

let store: UseStore | null = null;
function photoStore(): UseStore {
  store ??= createStore('pakn-drafts', 'files');
  return store;
}

/** Stored as bytes and type: some WebViews cannot put a Blob into IndexedDB, every one can an ArrayBuffer. */
interface StoredPhoto {
  type: string;
  name: string;
  data: ArrayBuffer;
}

async function blobBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Response(blob).arrayBuffer();
}

/** Saves the photos; false when IndexedDB is unavailable (private mode, old WebView). */
export async function saveDraftPhotos(photos: DraftPhoto[]): Promise<boolean> {
  try {
    if (!photos.length) {
      await del(PHOTOS_KEY, photoStore());
      return true;
    }
    const stored: StoredPhoto[] = await Promise.all(
      photos.map(async (p) => ({ type: p.blob.type, name: p.name, data: await blobBytes(p.blob) })),
    );
    await set(PHOTOS_KEY, stored, photoStore());
    return true;
  } catch {
    return false;
  }
}

/** Some WebViews never answer an IndexedDB request: the form does not wait for them forever. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

export async function loadDraftPhotos(): Promise<DraftPhoto[]> {
  try {
    const stored = await within(get<StoredPhoto[]>(PHOTOS_KEY, photoStore()), 3000);
    if (!Array.isArray(stored)) return [];
    return stored
      .filter((p) => p && p.data instanceof ArrayBuffer)
      .map((p) => ({ blob: new Blob([p.data], { type: p.type || 'image/jpeg' }), name: p.name || 'anh.jpg' }));
  } catch {
    return [];
  }
}

export async function clearDraft(): Promise<void> {
  storage.remove(DRAFT_KEY);
  try {
    await del(PHOTOS_KEY, photoStore());
  } catch {
    // nothing stored
  }
}
