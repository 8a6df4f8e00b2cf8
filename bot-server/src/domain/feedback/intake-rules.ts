// Who may set what on a new feedback (issue 10, point 4). Pure, unit-tested.
//
// The indicators (CONTRACT §6) are official figures: the channel decides 3.1–3.4 and 4.1–4.2, and the time of
// receipt decides the cohort and the due time. So they come from the surface that received the item, never from
// the caller: the mini app (a citizen's session) → zalo_mini_app; an officer recording what came by phone or at the
// desk → other; an Open311 key → its integration's channel; the OA → zalo_oa (the bot, not this route). The unit
// comes from the category's routing, and staff move an item only by a transfer. Administrators (and the admin
// token) are the import path: they may set all of it, one item here or many through /feedback/import.

export type IntakeField = 'channel' | 'receivedAt' | 'externalId' | 'unit' | 'urgency';

export type IntakeCaller =
  | { kind: 'citizen' }
  | { kind: 'staff' }
  | { kind: 'integration'; channel: string }
  | { kind: 'admin' };

export interface IntakeRequest {
  channel?: string | undefined;
  receivedAt?: unknown;
  externalId?: string | undefined;
  unit?: string | undefined;
  urgency?: string | undefined;
}

export interface IntakeDecision {
  /** The channel the item is stored with. */
  channel: string;
  /** 422 issues, one per field the caller may not set. */
  refused: { field: IntakeField; message: string }[];
}

const ALLOWED: Record<IntakeCaller['kind'], ReadonlySet<IntakeField>> = {
  citizen: new Set(),
  staff: new Set(['urgency']),
  // Not externalId: a repeated one answers with the item already filed, and an integration shares its channel with
  // the administrator's imports, so it could read items it did not file by guessing their portal ids.
  integration: new Set(['urgency']),
  admin: new Set(['channel', 'receivedAt', 'externalId', 'unit', 'urgency']),
};

const WHY: Record<IntakeField, string> = {
  channel: 'is set by the channel that received the feedback, not by the sender',
  receivedAt: 'is the time the server received the feedback; only an administrator import may set it',
  externalId: 'may be set only by an administrator import',
  unit: 'comes from the category; staff move a feedback to another unit with the transfer action',
  urgency: 'is decided by the officers handling the feedback',
};

export function surfaceChannel(caller: IntakeCaller): string {
  if (caller.kind === 'citizen') return 'zalo_mini_app';
  if (caller.kind === 'integration') return caller.channel;
  return 'other';
}

export function decideIntake(caller: IntakeCaller, req: IntakeRequest): IntakeDecision {
  const surface = surfaceChannel(caller);
  const allowed = ALLOWED[caller.kind];
  const refused: IntakeDecision['refused'] = [];
  for (const field of ['channel', 'receivedAt', 'externalId', 'unit', 'urgency'] as const) {
    if (req[field] === undefined || allowed.has(field)) continue;
    // Naming the channel the item arrives through anyway is harmless (older mini app builds send it).
    if (field === 'channel' && req.channel === surface) continue;
    refused.push({ field, message: WHY[field] });
  }
  const channel = allowed.has('channel') && req.channel ? req.channel : surface;
  return { channel, refused };
}
