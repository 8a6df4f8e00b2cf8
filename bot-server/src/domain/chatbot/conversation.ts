// The OA chatbot's guided conversation as a pure state machine: (state, inbound message) → (state, replies,
// effects). The processor stores the state (jsonb), sends the replies in order, and performs the effects
// (filing, lookup, listing, rating), then sends their outcome itself (e.g. the tracking code).
//
// Zalo consultation messages have no reliable buttons, so every choice is a numbered text reply.
import { TRACKING_CODE_RE } from '../feedback/feedback-state.js';
import { chatbotMessages as M, type CategoryOption, type Rating, RATING_LABELS } from './chatbot-messages.js';
import { normalizeTrackingCode, normalizeVi, parseShortcut, type Shortcut } from './shortcuts.js';

export const MIN_CONTENT_LENGTH = 10;
export const MAX_PHOTOS = 5;
/** A guided draft left alone this long is dropped. */
export const SESSION_TIMEOUT_MINUTES = 30;
/** How long the bot waits for a rating after sending an answer. */
export const RATING_WINDOW_DAYS = 7;

export type Photo = { url: string };
export type GeoPoint = { lat: number; lng: number };
export type Draft = { content: string; categoryCode?: string; photos: Photo[]; location?: GeoPoint };

/** JSON-serialisable; stored as is in `zalo_contacts.conversation`. */
export type ConversationState =
  | { step: 'idle' }
  /** Waiting for the description; photos or a location sent first are kept. */
  | { step: 'content'; photos?: Photo[]; location?: GeoPoint }
  | { step: 'category'; draft: Draft }
  | { step: 'media'; draft: Draft }
  | { step: 'confirm'; draft: Draft }
  | { step: 'rating'; feedbackCode: string };
export type ConversationStep = ConversationState['step'];

export type Inbound =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string }
  | { kind: 'location'; lat: number; lng: number }
  | { kind: 'unsupported'; eventName: string };

export type Effect =
  | { type: 'file_feedback'; draft: Draft }
  | { type: 'lookup'; code: string }
  | { type: 'list_mine' }
  | { type: 'rate'; code: string; rating: Rating };

export type DecideContext = {
  /** Categories offered at the category step, in display order. Empty: the step is skipped. */
  categories: CategoryOption[];
  /** The stored state's expiry (see {@link expiresAtFor}) has passed. */
  expired: boolean;
};

export type Decision = { state: ConversationState; replies: string[]; effects: Effect[] };

export const IDLE: { readonly step: 'idle' } = Object.freeze({ step: 'idle' });

/** The state after an answer was sent to the citizen: the next "1".."5" rates it. */
export function startRating(feedbackCode: string): ConversationState {
  return { step: 'rating', feedbackCode };
}

/**
 * When a stored state should be treated as expired: 30 minutes after the last message for a draft,
 * 7 days for a pending rating, never for idle. Pass `expired = expiresAt !== null && expiresAt <= now` to decide.
 */
export function expiresAtFor(state: ConversationState, now: Date): Date | null {
  if (state.step === 'idle') return null;
  const ms = state.step === 'rating' ? RATING_WINDOW_DAYS * 86_400_000 : SESSION_TIMEOUT_MINUTES * 60_000;
  return new Date(now.getTime() + ms);
}

/** Reads a stored state back; anything malformed (including the column default `{}`) is idle. */
export function parseConversationState(value: unknown): ConversationState {
  if (!isRecord(value)) return IDLE;
  switch (value.step) {
    case 'content': {
      const s: { step: 'content'; photos?: Photo[]; location?: GeoPoint } = { step: 'content' };
      if (Array.isArray(value.photos)) {
        s.photos = value.photos.filter(isPhoto).map((p) => ({ url: p.url })).slice(0, MAX_PHOTOS);
      }
      if (isGeoPoint(value.location)) s.location = { lat: value.location.lat, lng: value.location.lng };
      return s;
    }
    case 'category':
    case 'media':
    case 'confirm': {
      const draft = parseDraft(value.draft);
      return draft ? { step: value.step, draft } : IDLE;
    }
    case 'rating':
      return typeof value.feedbackCode === 'string' && value.feedbackCode
        ? startRating(value.feedbackCode)
        : IDLE;
    default:
      return IDLE;
  }
}

/** The next state, the replies to send in order, and the effects to perform. */
export function decide(state: ConversationState, inbound: Inbound, ctx: DecideContext): Decision {
  const before: string[] = [];
  let current = state;
  if (ctx.expired && current.step !== 'idle') {
    // A dropped rating loses nothing the citizen typed: no need to mention it.
    if (current.step !== 'rating') before.push(M.expired(SESSION_TIMEOUT_MINUTES));
    current = IDLE;
  }
  if (current.step === 'rating') {
    const rating = inbound.kind === 'text' ? parseRating(inbound.text) : null;
    if (rating) {
      return {
        state: IDLE,
        replies: [...before, M.ratingThanks(rating)],
        effects: [{ type: 'rate', code: current.feedbackCode, rating }],
      };
    }
    current = IDLE; // anything else: leave the rating and handle the message normally
  }
  const d = handle(current, inbound, ctx);
  return { state: d.state, replies: [...before, ...d.replies], effects: d.effects };
}

type Active = Exclude<ConversationState, { step: 'rating' }>;
type DraftState = Extract<ConversationState, { draft: Draft }>;

function handle(state: Active, inbound: Inbound, ctx: DecideContext): Decision {
  switch (inbound.kind) {
    case 'unsupported':
      return reply(state, M.unsupported(inbound.eventName), ...reminder(state, ctx));
    case 'image':
      return addPhoto(state, { url: inbound.url }, ctx);
    case 'location':
      if (!validPoint(inbound.lat, inbound.lng)) return reply(state, M.unsupported('user_send_location'), ...reminder(state, ctx));
      return addLocation(state, { lat: inbound.lat, lng: inbound.lng }, ctx);
    case 'text':
      return handleText(state, inbound.text, ctx);
  }
}

function handleText(state: Active, text: string, ctx: DecideContext): Decision {
  const shortcut = parseShortcut(text);
  if (shortcut) return handleShortcut(state, shortcut, ctx);

  const w = words(text);
  if (CANCEL.has(w)) return cancel(state);
  if (state.step !== 'idle' && HELP.has(w)) return reply(state, M.flowHelp(), ...reminder(state, ctx));

  switch (state.step) {
    case 'idle': {
      if (w === '1' || START.has(w)) return reply(contentState([]), M.askContent());
      if (w === '2' || MINE.has(w)) return effect(state, { type: 'list_mine' });
      if (w === '3' || LOOKUP.has(w)) return reply(state, M.lookupFormat());
      const code = bareTrackingCode(w);
      if (code) return effect(state, { type: 'lookup', code });
      return reply(state, M.help());
    }
    case 'content': {
      if (w === '1' || START.has(w)) return reply(state, M.askContent());
      const content = text.normalize('NFC').trim();
      if (Array.from(content).length < MIN_CONTENT_LENGTH) return reply(state, M.contentTooShort(MIN_CONTENT_LENGTH));
      const draft: Draft = { content, photos: state.photos ?? [] };
      if (state.location) draft.location = state.location;
      if (ctx.categories.length === 0) return reply({ step: 'media', draft }, M.askMedia(draft.photos.length, MAX_PHOTOS));
      return reply({ step: 'category', draft }, M.categoryList(ctx.categories));
    }
    case 'category': {
      const category = matchCategory(w, ctx.categories);
      if (!category) return reply(state, M.categoryInvalid(ctx.categories));
      const draft: Draft = { ...state.draft, categoryCode: category.code };
      return reply({ step: 'media', draft }, M.askMedia(draft.photos.length, MAX_PHOTOS));
    }
    case 'media': {
      if (MEDIA_DONE.has(w)) return toConfirm(state.draft, ctx);
      return reply(state, M.mediaHint());
    }
    case 'confirm': {
      if (w === '1' || CONFIRM.has(w)) return { state: IDLE, replies: [], effects: [{ type: 'file_feedback', draft: state.draft }] };
      if (w === '2' || w === 'khong') return cancel(state);
      return reply(state, `${M.confirmNotUnderstood()}\n\n${summaryOf(state.draft, ctx)}`);
    }
  }
}

function handleShortcut(state: Active, sc: Shortcut, ctx: DecideContext): Decision {
  switch (sc.command) {
    case 'phananh': {
      if (Array.from(sc.arg).length < MIN_CONTENT_LENGTH) return reply(state, M.shortcutUsage(MIN_CONTENT_LENGTH));
      // Photos, location and category already given in a guided draft go along with the shortcut's content.
      const draft: Draft = { ...draftParts(state), content: sc.arg };
      return { state: IDLE, replies: [], effects: [{ type: 'file_feedback', draft }] };
    }
    case 'tracuu':
      if (!TRACKING_CODE_RE.test(sc.arg)) return reply(state, M.lookupFormat());
      return effect(state, { type: 'lookup', code: sc.arg });
    case 'cuatoi':
      return effect(state, { type: 'list_mine' });
    case 'huy':
      return cancel(state);
    case 'trogiup':
      return state.step === 'idle' ? reply(state, M.help()) : reply(state, M.flowHelp(), ...reminder(state, ctx));
  }
}

function addPhoto(state: Active, photo: Photo, ctx: DecideContext): Decision {
  if (state.step === 'idle') return reply(contentState([photo]), `${M.photoAdded(1, MAX_PHOTOS)}\n${M.stillNeedContent()}`);
  const photos = state.step === 'content' ? (state.photos ?? []) : state.draft.photos;
  const full = photos.length >= MAX_PHOTOS;
  const ack = full ? M.tooManyPhotos(MAX_PHOTOS) : M.photoAdded(photos.length + 1, MAX_PHOTOS);
  const next = full ? photos : [...photos, photo];
  if (state.step === 'content') return reply(contentState(next, state.location), `${ack}\n${M.stillNeedContent()}`);
  return afterMedia(state, { ...state.draft, photos: next }, ack, ctx);
}

function addLocation(state: Active, location: GeoPoint, ctx: DecideContext): Decision {
  const ack = M.locationAdded();
  if (state.step === 'idle') return reply(contentState([], location), `${ack}\n${M.stillNeedContent()}`);
  if (state.step === 'content') return reply(contentState(state.photos ?? [], location), `${ack}\n${M.stillNeedContent()}`);
  return afterMedia(state, { ...state.draft, location }, ack, ctx);
}

/** A photo or location arrived while a draft exists: keep the step and say what comes next. */
function afterMedia(state: DraftState, draft: Draft, ack: string, ctx: DecideContext): Decision {
  switch (state.step) {
    case 'category':
      return reply({ step: 'category', draft }, `${ack} ${M.categoryReminder()}`);
    case 'media':
      return reply({ step: 'media', draft }, `${ack} ${M.mediaNext()}`);
    case 'confirm':
      return reply({ step: 'confirm', draft }, ack, summaryOf(draft, ctx));
  }
}

function toConfirm(draft: Draft, ctx: DecideContext): Decision {
  return reply({ step: 'confirm', draft }, summaryOf(draft, ctx));
}

function cancel(state: Active): Decision {
  return state.step === 'idle' ? reply(state, M.nothingToCancel()) : reply(IDLE, M.cancelled());
}

/** What the citizen is expected to do at this step, to repeat after a detour. */
function reminder(state: Active, ctx: DecideContext): string[] {
  switch (state.step) {
    case 'idle':
      return [];
    case 'content':
      return [(state.photos?.length ?? 0) > 0 || state.location ? M.stillNeedContent() : M.askContent()];
    case 'category':
      return [M.categoryList(ctx.categories)];
    case 'media':
      return [M.askMedia(state.draft.photos.length, MAX_PHOTOS)];
    case 'confirm':
      return [summaryOf(state.draft, ctx)];
  }
}

function summaryOf(draft: Draft, ctx: DecideContext): string {
  const category = draft.categoryCode
    ? (ctx.categories.find((c) => c.code === draft.categoryCode)?.name ?? draft.categoryCode)
    : null;
  return M.summary({
    content: draft.content,
    categoryName: category,
    photoCount: draft.photos.length,
    hasLocation: draft.location !== undefined,
  });
}

function draftParts(state: Active): Omit<Draft, 'content'> {
  switch (state.step) {
    case 'idle':
      return { photos: [] };
    case 'content': {
      const parts: Omit<Draft, 'content'> = { photos: state.photos ?? [] };
      if (state.location) parts.location = state.location;
      return parts;
    }
    default: {
      const { content: _content, ...rest } = state.draft;
      return rest;
    }
  }
}

function contentState(photos: Photo[], location?: GeoPoint): ConversationState & { step: 'content' } {
  const s: { step: 'content'; photos?: Photo[]; location?: GeoPoint } = { step: 'content', photos };
  if (location) s.location = location;
  return s;
}

function reply(state: ConversationState, ...replies: string[]): Decision {
  return { state, replies, effects: [] };
}

function effect(state: ConversationState, e: Effect): Decision {
  return { state, replies: [], effects: [e] };
}

// Word matching, on folded text (lower case, no diacritics, single spaces, trailing punctuation dropped).

function words(text: string): string {
  return normalizeVi(text)
    .replace(/^["'“”‘’]+|["'“”‘’]+$/g, '')
    .replace(/[\s.!,;:…~]+$/u, '')
    .trim();
}

const CANCEL = new Set(['huy', 'huy bo', 'thoi', 'thoat', 'cancel']);
const HELP = new Set(['tro giup', 'help', '?', 'huong dan', 'menu']);
const START = new Set(['gui phan anh', 'phan anh', 'gui kien nghi', 'kien nghi', 'phan anh kien nghi', 'gui pakn']);
const MINE = new Set(['phan anh cua toi', 'cua toi', 'danh sach', 'danh sach phan anh']);
const LOOKUP = new Set(['tra cuu', 'tra cuu phan anh']);
const MEDIA_DONE = new Set(['xong', 'xong roi', 'bo qua', 'tiep', 'tiep tuc', 'ok', 'khong', 'khong co', 'skip', 'done']);
const CONFIRM = new Set(['dong y', 'dong y gui', 'ok', 'gui', 'gui di', 'co', 'xac nhan', 'yes']);

function bareTrackingCode(w: string): string | null {
  const m = /^(?:tra cuu:? ?)?(pa[\s\-‐-―_.]*\d{4}[\s\-‐-―_.]*\d+)$/u.exec(w);
  if (!m) return null;
  const code = normalizeTrackingCode(m[1]!);
  return TRACKING_CODE_RE.test(code) ? code : null;
}

function matchCategory(w: string, categories: CategoryOption[]): CategoryOption | null {
  const num = /^(?:so )?(\d{1,3})[.)]?$/.exec(w);
  if (num) return categories[Number(num[1]) - 1] ?? null;
  if (w.length < 3) return null;
  const names = categories.map((c) => normalizeVi(c.name));
  const exact = names.indexOf(w);
  if (exact >= 0) return categories[exact]!;
  const partial = names.flatMap((n, i) => (n.includes(w) ? [i] : []));
  return partial.length === 1 ? categories[partial[0]!]! : null;
}

const RATING_WORDS = new Map<string, Rating>(
  ([1, 2, 3, 4, 5] as const).map((r) => [normalizeVi(RATING_LABELS[r]), r]),
);

/** "1".."5" (also "5 sao", "4 điểm", or a label such as "hài lòng"); null otherwise. */
export function parseRating(text: string): Rating | null {
  const w = words(text);
  const m = /^([1-5])(?: ?(?:sao|diem|\*|⭐))?$/u.exec(w);
  if (m) return Number(m[1]) as Rating;
  return RATING_WORDS.get(w) ?? null;
}

function validPoint(lat: number, lng: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPhoto(v: unknown): v is Photo {
  return isRecord(v) && typeof v.url === 'string' && v.url.length > 0;
}

function isGeoPoint(v: unknown): v is GeoPoint {
  return isRecord(v) && typeof v.lat === 'number' && typeof v.lng === 'number' && validPoint(v.lat, v.lng);
}

function parseDraft(v: unknown): Draft | null {
  if (!isRecord(v) || typeof v.content !== 'string') return null;
  const draft: Draft = {
    content: v.content,
    photos: Array.isArray(v.photos) ? v.photos.filter(isPhoto).map((p) => ({ url: p.url })).slice(0, MAX_PHOTOS) : [],
  };
  if (typeof v.categoryCode === 'string') draft.categoryCode = v.categoryCode;
  if (isGeoPoint(v.location)) draft.location = { lat: v.location.lat, lng: v.location.lng };
  return draft;
}
