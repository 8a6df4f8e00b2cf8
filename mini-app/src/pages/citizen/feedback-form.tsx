// "Gửi phản ánh": what happened, where, optional photos and contact. Checked on the phone first (same rules as the
// server), kept as a draft while typing, created once; if only the photos fail, only the photos are retried.
import { charCountText } from '../../lib/char-count';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Button, Checkbox, Input, Progress, Select, Spinner, useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { useSession } from '../../auth/session-context';
import { errorMessage } from '../../components/field-errors';
import { LocationPickerMap } from '../../components/map/location-picker-map';
import { useMapConfig } from '../../components/map/map-config';
import { Screen } from '../../components/screen';
import { useLoad } from '../../components/use-load';
import { paths } from '../../routes';
import { locationToken, ZaloUnavailableError, zaloAccessToken } from '../../zalo';
import { clearDraft, loadDraft, loadDraftPhotos, saveDraft, saveDraftPhotos } from './feedback-draft';
import {
  ADDRESS_MAX,
  CONTENT_MAX,
  CONTENT_MIN,
  contentLength,
  emptyFeedbackValues,
  type FeedbackField,
  type FeedbackFormValues,
  type FieldErrors,
  hasErrors,
  MAX_PHOTOS,
  NAME_MAX,
  serverFieldErrors,
  TITLE_MAX,
  toNewFeedback,
  validateFeedback,
} from './feedback-validation';
import { PhotoPicker, useLocalPhotos } from './photo-picker';
import { SimilarNearby } from './similar-nearby';
import { uploadErrorMessage, uploadPhotos } from './upload-photos';
import './citizen.css';

type Phase = 'editing' | 'creating' | 'uploading';

const formatCoord = (n: number) => n.toFixed(5);

type TextInputField = 'title' | 'address' | 'name' | 'phone';

/** The one-line fields: `name` is what a screen reader says; an optional field's visible label adds "(không bắt buộc)". */
const TEXT_INPUTS: Record<
  TextInputField,
  { name: string; optional?: boolean; placeholder?: string; maxLength?: number; autoComplete?: string; inputMode?: 'tel' }
> = {
  title: { name: 'Tiêu đề', optional: true, placeholder: 'Ví dụ: Đèn đường hỏng trước số 12', maxLength: TITLE_MAX },
  address: { name: 'Địa chỉ', optional: true, placeholder: 'Số nhà, đường, tổ/thôn, phường/xã', maxLength: ADDRESS_MAX },
  name: { name: 'Họ và tên', autoComplete: 'name', maxLength: NAME_MAX },
  phone: { name: 'Số điện thoại', autoComplete: 'tel', inputMode: 'tel', placeholder: 'Ví dụ: 0912345678' },
};

export default function FeedbackForm() {
  const navigate = useNavigate();
  const { me } = useSession();
  const categories = useLoad(() => api.categories(), []);
  const [initialDraft] = useState(() => loadDraft());
  const [values, setValues] = useState<FeedbackFormValues>(() => {
    if (!initialDraft) return emptyFeedbackValues();
    const { createdCode: _code, savedAt: _at, ...rest } = initialDraft;
    return rest;
  });
  const [createdCode, setCreatedCode] = useState<string | null>(initialDraft?.createdCode ?? null);
  const { photos, add, remove } = useLocalPhotos();
  const [restoring, setRestoring] = useState(() => (initialDraft?.photoCount ?? 0) > 0);
  const [restoreNote, setRestoreNote] = useState<string | null>(null);
  const [photosKept, setPhotosKept] = useState(true);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('editing');
  const [progress, setProgress] = useState(0);
  const [locBusy, setLocBusy] = useState(false);
  const [locError, setLocError] = useState<string | null>(null);
  const mapsOn = Boolean(useMapConfig());
  const [mapOpen, setMapOpen] = useState(false);
  const finished = useRef(false);
  const photosRef = useRef(photos);
  photosRef.current = photos;

  const current: FeedbackFormValues = { ...values, photoCount: photos.length };
  const errors: FieldErrors = { ...serverErrors, ...(submitted ? validateFeedback(current) : {}) };
  const busy = phase !== 'editing';

  // Photos of the draft come back from IndexedDB; until then nothing is saved over them.
  useEffect(() => {
    if (!restoring) return;
    let alive = true;
    void loadDraftPhotos().then((stored) => {
      if (!alive) return;
      add(stored.slice(0, MAX_PHOTOS));
      if (stored.length < (initialDraft?.photoCount ?? 0)) {
        setRestoreNote('Không khôi phục được ảnh đã chọn trước đó. Vui lòng thêm lại ảnh nếu cần.');
      }
      setRestoring(false);
    });
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The text is saved 300 ms after the last change, and at once when the app goes to the background or closes.
  const saveNow = useRef(() => {});
  saveNow.current = () => {
    if (!finished.current && !restoring) saveDraft(current, createdCode);
  };
  useEffect(() => {
    if (restoring) return;
    const timer = setTimeout(() => saveNow.current(), 300);
    return () => clearTimeout(timer);
  }, [values, photos.length, createdCode, restoring]);
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') saveNow.current();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      saveNow.current();
    };
  }, []);
  useEffect(() => {
    if (restoring || finished.current) return;
    let alive = true;
    void saveDraftPhotos(photos.map((p) => ({ blob: p.blob, name: p.name }))).then((ok) => alive && setPhotosKept(ok));
    return () => {
      alive = false;
    };
  }, [photos, restoring]);

  // A category of an old draft that no longer exists is dropped rather than refused by the server.
  const categoryList = categories.data?.categories;
  useEffect(() => {
    if (categoryList && values.category && !categoryList.some((c) => c.code === values.category)) {
      setValues((v) => ({ ...v, category: '' }));
    }
  }, [categoryList, values.category]);

  const set = <K extends keyof FeedbackFormValues>(key: K, value: FeedbackFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    const field = key as FeedbackField;
    if (serverErrors[field]) setServerErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const setConsent = (checked: boolean) => {
    setValues((v) => ({ ...v, consent: checked, name: checked && !v.name.trim() && me?.name ? me.name : v.name }));
  };

  /** The device's location through Zalo (getLocation → the server); null, with the reason shown, when it fails. */
  const currentPoint = async (): Promise<{ lat: number; lng: number } | null> => {
    setLocError(null);
    try {
      const accessToken = await zaloAccessToken();
      const token = await locationToken();
      if (!accessToken) throw new ZaloUnavailableError('Lấy vị trí');
      const point = await api.resolveLocation(accessToken, token);
      return { lat: point.lat, lng: point.lng };
    } catch (err) {
      setLocError(errorMessage(err));
      return null;
    }
  };

  const addLocation = async () => {
    setLocBusy(true);
    const point = await currentPoint();
    if (point) set('location', point);
    setLocBusy(false);
  };

  const finish = async (code: string) => {
    finished.current = true;
    await clearDraft();
    navigate(paths.feedbackSent(code), { replace: true });
  };

  /** Uploads the photos still waiting; the feedback itself already exists. */
  const uploadAndFinish = async (code: string) => {
    const pending = photosRef.current;
    if (pending.length) {
      setPhase('uploading');
      setProgress(0);
      setSubmitError(null);
      try {
        await uploadPhotos(code, pending, {
          onProgress: setProgress,
          onSent: (sent) => remove(sent.map((p) => p.id)),
        });
      } catch (err) {
        setSubmitError(`Ảnh chưa tải lên được: ${uploadErrorMessage(err)}`);
        setPhase('editing');
        return;
      }
    }
    await finish(code);
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setSubmitError(null);
    setServerErrors({});
    const found = validateFeedback(current);
    if (hasErrors(found)) {
      setSubmitError('Vui lòng kiểm tra lại các mục được đánh dấu.');
      setTimeout(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    let code = createdCode;
    if (!code) {
      setPhase('creating');
      try {
        code = (await api.feedback.create(toNewFeedback(current))).code;
      } catch (err) {
        setServerErrors(serverFieldErrors(err));
        setSubmitError(errorMessage(err));
        setPhase('editing');
        return;
      }
      setCreatedCode(code);
      // At once, not debounced: a reopened form must never send the same feedback twice.
      saveDraft(current, code);
    }
    await uploadAndFinish(code);
  };

  const pct = Math.round(progress * 100);
  const uploadBar = phase === 'uploading' && (
    <div className="upload-progress" role="status" aria-live="polite">
      <p>{`Đang tải ảnh lên… ${pct}%`}</p>
      <Progress completed={pct} maxCompleted={100} />
    </div>
  );
  const submitAlert = submitError && (
    <p className="error-text" role="alert">
      {submitError}
    </p>
  );
  const photoPicker = (
    <PhotoPicker photos={photos} onAdd={add} onRemove={(id) => remove([id])} disabled={busy} error={errors.photos} />
  );
  const photoNotes = (
    <>
      {restoreNote && <p className="muted">{restoreNote}</p>}
      {!photosKept && photos.length > 0 && (
        <p className="muted">Ảnh chỉ được giữ khi ứng dụng còn mở (điện thoại không cho lưu ảnh vào bản nháp).</p>
      )}
    </>
  );

  if (restoring) {
    return (
      <Screen title="Gửi phản ánh">
        <div className="state" role="status" aria-live="polite">
          <Spinner visible />
          <p>Đang mở bản nháp…</p>
        </div>
      </Screen>
    );
  }

  // Created on the server, photos still to go: only the upload is offered again.
  if (createdCode) {
    return (
      <Screen title="Gửi phản ánh">
        <section className="card" aria-labelledby="created-title">
          <h2 id="created-title">Phản ánh đã được gửi</h2>
          <p>
            Mã phản ánh: <strong>{createdCode}</strong>
          </p>
          <p>{photos.length ? `Còn ${photos.length} ảnh chưa tải lên.` : 'Không còn ảnh nào chờ tải lên.'}</p>
        </section>
        {photoPicker}
        {photoNotes}
        {uploadBar}
        {submitAlert}
        <div className="actions">
          {photos.length > 0 && (
            <Button fullWidth loading={phase === 'uploading'} disabled={busy} onClick={() => void uploadAndFinish(createdCode)}>
              Thử tải ảnh lại
            </Button>
          )}
          <Button fullWidth variant={photos.length ? 'tertiary' : 'primary'} disabled={busy} onClick={() => void finish(createdCode)}>
            {photos.length ? 'Bỏ qua ảnh, xem phản ánh' : 'Xem phản ánh'}
          </Button>
        </div>
      </Screen>
    );
  }

  const n = contentLength(values.content);
  const invalid = (f: FeedbackField) => (errors[f] ? { status: 'error' as const, errorText: errors[f], 'aria-invalid': true } : {});
  const textInput = (field: TextInputField) => {
    const { name, optional, ...rest } = TEXT_INPUTS[field];
    return (
      <Input
        id={`fb-${field}`}
        label={optional ? `${name} (không bắt buộc)` : name}
        aria-label={name}
        {...rest}
        value={values[field]}
        disabled={busy}
        onChange={(e: { target: { value: string } }) => set(field, e.target.value)}
        {...invalid(field)}
      />
    );
  };

  return (
    <Screen title="Gửi phản ánh">
      <form onSubmit={submit} noValidate className="feedback-form">
        <p className="muted">
          Mô tả sự việc bạn muốn phản ánh, kiến nghị. Bản nháp được lưu tự động trên điện thoại cho đến khi bạn gửi.
        </p>

        <div className="form-field">
          <label htmlFor="fb-category" className="visually-hidden">
            Lĩnh vực
          </label>
          <Select
            id="fb-category"
            label="Lĩnh vực (không bắt buộc)"
            placeholder={categories.data ? 'Chọn lĩnh vực' : categories.error ? 'Chưa tải được danh sách' : 'Đang tải lĩnh vực…'}
            value={values.category}
            disabled={!categories.data || busy}
            closeOnSelect
            onChange={(v: unknown) => set('category', typeof v === 'string' ? v : '')}
            {...invalid('category')}
          >
            <Select.Option value="" title="Chưa rõ lĩnh vực" />
            {(categoryList ?? []).map((c) => (
              <Select.Option key={c.code} value={c.code} title={c.name} />
            ))}
          </Select>
          {categories.error && !categories.data && (
            <div className="row">
              <span className="error-text">{categories.error.message}</span>
              <Button size="small" variant="tertiary" onClick={categories.reload}>
                Thử lại
              </Button>
            </div>
          )}
        </div>

        <div className="form-field">{textInput('title')}</div>

        <div className="form-field">
          <Input.TextArea
            rows={6}
            id="fb-content"
            label="Nội dung phản ánh"
            aria-label="Nội dung phản ánh"
            aria-describedby="fb-content-hint"
            placeholder="Sự việc gì, ở đâu, từ khi nào, ảnh hưởng thế nào…"
            value={values.content}
            disabled={busy}
            onChange={(e: { target: { value: string } }) => set('content', e.target.value)}
            {...invalid('content')}
          />
          <div className="field-hint" id="fb-content-hint">
            <span>{`Bắt buộc, ít nhất ${CONTENT_MIN} ký tự.`}</span>
            <span className={n > CONTENT_MAX ? 'over' : undefined} data-testid="content-count">{charCountText(n, CONTENT_MAX)}</span>
          </div>
        </div>

        <div className="form-field">{photoPicker}</div>
        {photoNotes}

        <fieldset className="form-field location-box plain-fieldset">
          <legend className="field-label">Vị trí (không bắt buộc)</legend>
          {values.location ? (
            <div className="row">
              <span role="status">{`Đã lấy vị trí: ${formatCoord(values.location.lat)}, ${formatCoord(values.location.lng)}`}</span>
              <Button size="medium" variant="tertiary" disabled={busy} onClick={() => set('location', null)}>
                Bỏ vị trí
              </Button>
            </div>
          ) : (
            <Button fullWidth variant="secondary" loading={locBusy} disabled={locBusy || busy} onClick={addLocation}>
              Thêm vị trí hiện tại
            </Button>
          )}
          {mapsOn && (
            <Button fullWidth variant="tertiary" disabled={busy} aria-expanded={mapOpen} onClick={() => setMapOpen((o) => !o)}>
              {mapOpen ? 'Đóng bản đồ' : 'Chọn trên bản đồ'}
            </Button>
          )}
          {mapsOn && mapOpen && (
            <LocationPickerMap value={values.location} onChange={(p) => set('location', p)} onLocate={currentPoint} />
          )}
          {(locError || errors.location) && (
            <p className="error-text" role="alert">
              {locError ?? errors.location}
            </p>
          )}
          {textInput('address')}
        </fieldset>

        <SimilarNearby location={values.location} category={values.category} text={values.content} categories={categoryList} />

        <div className="form-field consent">
          <Checkbox
            value="consent"
            checked={values.consent}
            disabled={busy}
            onChange={(e: { target: { checked: boolean } }) => setConsent(e.target.checked)}
            label="Tôi đồng ý để cơ quan xử lý liên hệ lại"
          />
          {values.consent && (
            <div className="stack">
              <p className="muted">Chỉ cán bộ xử lý phản ánh thấy thông tin liên hệ của bạn.</p>
              {textInput('name')}
              {textInput('phone')}
            </div>
          )}
        </div>

        {phase === 'creating' && (
          <p className="muted" role="status">
            Đang gửi phản ánh…
          </p>
        )}
        {uploadBar}
        {submitAlert}
        <div className="actions">
          <Button fullWidth htmlType="submit" loading={busy} disabled={busy}>
            Gửi phản ánh
          </Button>
        </div>
      </form>
    </Screen>
  );
}
