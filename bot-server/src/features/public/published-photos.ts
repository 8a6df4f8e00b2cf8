// Which attachments of a feedback the public sees: the photos the officer picked when publishing, nothing else.
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Tx } from '../../../../db/open-db.js';
import { attachments } from '../../../../db/schema.js';
import { ApiError } from '../../lib/api-error.js';

/** The photo types whose metadata lib/image-metadata.ts can remove; only these are ever served to the public. */
export const PUBLIC_PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;

/**
 * Marks exactly `ids` of the feedback's attachments as published (an empty list withdraws them all). An id that is
 * not a JPEG or PNG photo of this feedback is a 422 naming photoIds, and nothing changes.
 */
export async function setPublishedPhotos(tx: Tx, feedbackId: number, ids: number[]): Promise<number[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length) {
    const found = await tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(
        and(
          eq(attachments.feedbackId, feedbackId),
          inArray(attachments.id, wanted),
          inArray(attachments.mimeType, [...PUBLIC_PHOTO_TYPES]),
        ),
      );
    if (found.length !== wanted.length) {
      const message = 'must name JPEG or PNG photos of this feedback';
      throw new ApiError(422, 'unprocessable', `photoIds ${message}`, { errors: [{ field: 'photoIds', message }] });
    }
    await tx
      .update(attachments)
      .set({ published: true })
      .where(and(eq(attachments.feedbackId, feedbackId), inArray(attachments.id, wanted)));
  }
  await tx
    .update(attachments)
    .set({ published: false })
    .where(
      wanted.length
        ? and(eq(attachments.feedbackId, feedbackId), notInArray(attachments.id, wanted))
        : eq(attachments.feedbackId, feedbackId),
    );
  return wanted.sort((a, b) => a - b);
}
