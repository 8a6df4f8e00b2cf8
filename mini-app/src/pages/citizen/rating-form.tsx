// "Đánh giá mức độ hài lòng": 1–5 stars and an optional comment, once the feedback has been answered. The ratings
// feed the satisfaction indicator the province reports.
import { charCounter } from '../../lib/char-count';
import { type FormEvent, useState } from 'react';
import { Button, Input } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { Feedback } from '../../api/types';
import { errorMessage } from '../../components/field-errors';
import { RATING_COMMENT_MAX } from './feedback-validation';

export const RATING_WORDS: Record<number, string> = {
  1: 'Rất không hài lòng',
  2: 'Không hài lòng',
  3: 'Bình thường',
  4: 'Hài lòng',
  5: 'Rất hài lòng',
};

const STARS = [1, 2, 3, 4, 5];

export function RatingResult({ rating, comment }: { rating: number; comment: string | null }) {
  return (
    <section className="card" aria-labelledby="rated-title">
      <h2 id="rated-title">Đánh giá của bạn</h2>
      <p>
        {`Bạn đã đánh giá ${rating}/5`}
        {RATING_WORDS[rating] ? ` (${RATING_WORDS[rating]})` : ''}
      </p>
      <p className="stars-value" aria-hidden="true">
        {'★'.repeat(rating)}
        {'☆'.repeat(Math.max(0, 5 - rating))}
      </p>
      {comment && <p className="content-text">{`“${comment}”`}</p>}
    </section>
  );
}

export function RatingForm({ feedback, onDone }: { feedback: Pick<Feedback, 'code'>; onDone: () => void }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if (rating < 1) {
      setError('Vui lòng chọn số sao (từ 1 đến 5).');
      return;
    }
    if (comment.trim().length > RATING_COMMENT_MAX) {
      setError(`Nhận xét không được quá ${RATING_COMMENT_MAX} ký tự.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.feedback.rate(feedback.code, rating, comment.trim() || undefined);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="rate-title">
      <form onSubmit={submit} noValidate className="stack">
        <h2 id="rate-title">Đánh giá mức độ hài lòng</h2>
        <p className="muted">Ý kiến của bạn giúp cơ quan nâng cao chất lượng giải quyết phản ánh, kiến nghị.</p>
        <div className="stars" role="group" aria-label="Chọn số sao">
          {STARS.map((n) => (
            <button
              key={n}
              type="button"
              aria-label={`${n} sao`}
              aria-pressed={n <= rating}
              disabled={busy}
              onClick={() => {
                setRating(n);
                setError(null);
              }}
            >
              ★
            </button>
          ))}
        </div>
        <p aria-live="polite">{rating ? `${rating}/5: ${RATING_WORDS[rating]}` : 'Chạm vào ngôi sao để chọn.'}</p>
        <Input.TextArea
          rows={3}
          label="Nhận xét (không bắt buộc)"
          aria-label="Nhận xét"
          maxLength={RATING_COMMENT_MAX}
          showCount={charCounter()}
          value={comment}
          disabled={busy}
          onChange={(ev: { target: { value: string } }) => setComment(ev.target.value)}
        />
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <Button fullWidth htmlType="submit" loading={busy} disabled={busy}>
          Gửi đánh giá
        </Button>
      </form>
    </section>
  );
}
