// The webhook events we read, validated at the boundary. Zalo ids are strings, always.
import { z } from 'zod';

const zaloId = z.string().regex(/^\d{1,25}$/, 'must be a Zalo id as a string of digits');

const attachment = z.object({
  type: z.string().max(50),
  payload: z
    .object({
      url: z.string().max(2000).optional(),
      thumbnail: z.string().max(2000).optional(),
      coordinates: z
        .object({ latitude: z.union([z.string(), z.number()]), longitude: z.union([z.string(), z.number()]) })
        .optional(),
    })
    .loose()
    .optional(),
});

export const zaloEventSchema = z
  .object({
    app_id: z.string().min(1).max(100),
    event_name: z.string().min(1).max(100),
    timestamp: z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative()]),
    sender: z.object({ id: zaloId, admin_id: z.string().max(100).optional() }).loose().optional(),
    recipient: z.object({ id: zaloId }).loose().optional(),
    follower: z.object({ id: zaloId }).loose().optional(),
    user_id_by_app: z.string().max(30).optional(),
    message: z
      .object({
        msg_id: z.string().max(200).optional(),
        text: z.string().max(10_000).optional(),
        attachments: z.array(attachment).max(20).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export type ZaloEvent = z.infer<typeof zaloEventSchema>;

/** Events the bot acts on. Everything else is stored (for deduplication and audit) and ignored. */
export const HANDLED_EVENTS = new Set([
  'user_send_text',
  'user_send_image',
  'user_send_location',
  'user_send_sticker',
  'user_send_gif',
  'user_send_audio',
  'user_send_video',
  'user_send_file',
  'user_send_link',
  'user_send_business_card',
  'follow',
  'unfollow',
]);

/** The citizen an event is about: the sender of user_* events, the follower of follow events. */
export function eventUserId(e: ZaloEvent): string | null {
  if (e.event_name === 'follow' || e.event_name === 'unfollow') return e.follower?.id ?? null;
  if (e.event_name.startsWith('user_')) return e.sender?.id ?? null;
  return null;
}

/** Zalo retries a delivery with the same content: message events by msg_id, others by name, user and time. */
export function eventKey(e: ZaloEvent): string {
  if (e.message?.msg_id) return `msg:${e.message.msg_id}`;
  return `evt:${e.event_name}:${eventUserId(e) ?? e.sender?.id ?? '-'}:${String(e.timestamp)}`;
}

export function isOaEcho(e: ZaloEvent): boolean {
  return e.event_name.startsWith('oa_send_');
}
