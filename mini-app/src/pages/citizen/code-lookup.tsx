// "Tra cứu" by tracking code: the citizen's own item opens its detail, a published one its public page.
import { type FormEvent, useState } from 'react';
import { Button, Input, useNavigate } from 'zmp-ui';
import { TRACKING_CODE_RE } from '../../../../bot-server/src/domain/feedback/feedback-state';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { errorMessage } from '../../components/field-errors';
import { paths } from '../../routes';

const notFound = (err: unknown) => err instanceof ApiError && err.status === 404;

export function CodeLookup() {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const lookUp = async (e: FormEvent) => {
    e.preventDefault();
    const wanted = code.trim().toUpperCase();
    if (!TRACKING_CODE_RE.test(wanted)) {
      setError('Mã phản ánh có dạng PA-2026-000123.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      try {
        await api.feedback.get(wanted);
        navigate(paths.feedback(wanted));
        return;
      } catch (err) {
        if (!notFound(err)) throw err;
      }
      await api.public.get(wanted);
      navigate(paths.publicFeedback(wanted));
    } catch (err) {
      setError(notFound(err) ? 'Không tìm thấy phản ánh với mã này' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="lookup-title">
      <h2 id="lookup-title">Tra cứu</h2>
      <form className="search-form" onSubmit={lookUp}>
        <Input
          label="Mã phản ánh"
          aria-label="Mã phản ánh"
          placeholder="PA-2026-000123"
          value={code}
          maxLength={20}
          onChange={(e) => setCode(e.target.value)}
          {...(error ? { status: 'error' as const } : {})}
        />
        <Button htmlType="submit" loading={busy}>
          Tra cứu
        </Button>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
