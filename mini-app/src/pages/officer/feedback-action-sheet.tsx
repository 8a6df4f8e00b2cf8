// One sheet per action on a feedback: its input (if any), a confirm button, the server's answer in Vietnamese.
// "Trả lời" may carry attachments, uploaded after the answer is saved, one by one with progress.
import { charCounter } from '../../lib/char-count';
import { type ReactNode, useState } from 'react';
import { Button, Checkbox, Input, Progress, Select, Sheet } from 'zmp-ui';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { FeedbackDetail } from '../../api/types';
import { errorMessage } from '../../components/field-errors';
import { LoadState } from '../../components/load-state';
import { useLoad } from '../../components/use-load';
import {
  ACTION_CONFIRM_LABELS,
  ACTION_CONFIRM_TEXT,
  ACTION_DONE,
  ACTION_LABELS,
  ANSWER_MAX,
  type ActionErrors,
  type ActionForm,
  emptyActionForm,
  NOTE_MAX,
  type OfficerAction,
  publishablePhotos,
  serverFieldErrors,
  validateAction,
} from './feedback-actions';
import { FilePicker } from './file-picker';
import { checkFiles, type PickedFile, uploadOneByOne } from './files';
import { LabelledSelect } from '../../components/labelled-select';

const ROLE_NAMES: Record<string, string> = { officer: 'Cán bộ', leader: 'Lãnh đạo', admin: 'Quản trị' };

function uploadErrorMessage(err: unknown): string {
  if (err instanceof ApiError && err.status === 415) return 'Chỉ nhận ảnh hoặc tệp PDF.';
  if (err instanceof ApiError && err.code === 'too_many_files') return 'Mỗi phản ánh có tối đa 10 tệp đính kèm.';
  return errorMessage(err);
}

/** A required choice of the sheet: empty until picked, its error under it. */
function PickOne({
  label,
  placeholder,
  value,
  error,
  onChange,
  children,
}: {
  label: string;
  placeholder: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
  children: ReactNode;
}) {
  return (
    <LabelledSelect
      label={label}
      placeholder={placeholder}
      value={value || undefined}
      closeOnSelect
      errorText={error}
      status={error ? 'error' : undefined}
      onChange={(v) => onChange(String(v ?? ''))}
    >
      {children}
    </LabelledSelect>
  );
}

function StaffSelect({ unitCode, value, error, onChange }: { unitCode: string; value: string; error?: string; onChange: (v: string) => void }) {
  const staff = useLoad(() => api.units.staff(unitCode), [unitCode]);
  return (
    <LoadState state={staff} isEmpty={(d) => d.staff.length === 0} empty={<p>Đơn vị chưa có cán bộ nào trên hệ thống.</p>}>
      {(d) => (
        <PickOne label="Cán bộ xử lý" placeholder="Chọn cán bộ" value={value} error={error} onChange={onChange}>
          {d.staff.map((s) => (
            <Select.Option key={`${s.id}-${s.role}`} value={String(s.id)} title={`${s.name} (${ROLE_NAMES[s.role] ?? s.role})`} />
          ))}
        </PickOne>
      )}
    </LoadState>
  );
}

function UnitSelect({ current, value, error, onChange }: { current: string; value: string; error?: string; onChange: (v: string) => void }) {
  const units = useLoad(() => api.units.list(), []);
  return (
    <LoadState
      state={units}
      isEmpty={(d) => d.units.every((u) => u.code === current)}
      empty={<p>Không có đơn vị nào khác để chuyển.</p>}
    >
      {(d) => (
        <PickOne label="Đơn vị nhận" placeholder="Chọn đơn vị" value={value} error={error} onChange={onChange}>
          {d.units
            .filter((u) => u.code !== current)
            .map((u) => (
              <Select.Option key={u.code} value={u.code} title={u.name} />
            ))}
        </PickOne>
      )}
    </LoadState>
  );
}

/** Publishing: which photos go public with the item. None is ticked at first: photos may show faces or plates. */
function PhotoChoice({ feedback, value, onChange, disabled }: { feedback: FeedbackDetail; value: number[]; onChange: (ids: number[]) => void; disabled: boolean }) {
  const photos = publishablePhotos(feedback.attachments);
  if (!photos.length) return <p className="muted">Phản ánh không có ảnh để công khai.</p>;
  return (
    <fieldset className="plain-fieldset photo-choice">
      <legend className="field-title">Ảnh công khai cùng phản ánh</legend>
      <p className="muted small">Chỉ chọn ảnh không lộ thông tin cá nhân (khuôn mặt, biển số xe, giấy tờ).</p>
      {photos.map((p, i) => (
        <Checkbox
          key={p.id}
          value={String(p.id)}
          checked={value.includes(p.id)}
          disabled={disabled}
          label={`Ảnh ${i + 1}: ${p.fileName}`}
          onChange={(e: { target: { checked: boolean } }) =>
            onChange(e.target.checked ? [...value, p.id] : value.filter((id) => id !== p.id))
          }
        />
      ))}
    </fieldset>
  );
}

/** The text each action asks for: which field of the form, and how the box is labelled. */
const TEXT_FIELDS: Partial<Record<OfficerAction, { field: 'answer' | 'note' | 'reason'; label: string; placeholder: string; maxLength: number }>> = {
  answer: { field: 'answer', label: 'Nội dung trả lời', placeholder: 'Nội dung trả lời gửi người dân', maxLength: ANSWER_MAX },
  request_info: { field: 'note', label: 'Nội dung cần bổ sung', placeholder: 'Ghi rõ người dân cần bổ sung thông tin, giấy tờ gì', maxLength: NOTE_MAX },
  reject: { field: 'reason', label: 'Lý do từ chối', placeholder: 'Ví dụ: nội dung không thuộc thẩm quyền, đã được trả lời trước đây…', maxLength: NOTE_MAX },
  transfer: { field: 'note', label: 'Lý do chuyển', placeholder: 'Ví dụ: thuộc thẩm quyền giải quyết của đơn vị nhận', maxLength: NOTE_MAX },
};

function ActionFields({
  action,
  feedback,
  form,
  errors,
  set,
  files,
  setFiles,
  disabled,
}: {
  action: OfficerAction;
  feedback: FeedbackDetail;
  form: ActionForm;
  errors: ActionErrors;
  set: (patch: Partial<ActionForm>) => void;
  files: PickedFile[];
  setFiles: (f: PickedFile[]) => void;
  disabled: boolean;
}) {
  const text = TEXT_FIELDS[action];
  const textArea = text && (
    <Input.TextArea
      label={text.label}
      aria-label={text.label}
      placeholder={text.placeholder}
      value={form[text.field]}
      onChange={(e) => set({ [text.field]: e.target.value })}
      rows={4}
      showCount={charCounter()}
      maxLength={text.maxLength}
      disabled={disabled}
      {...(errors[text.field] ? { errorText: errors[text.field], status: 'error' as const } : {})}
    />
  );
  switch (action) {
    case 'answer':
      return (
        <>
          {textArea}
          <div>
            <p className="field-title">Tệp đính kèm (không bắt buộc)</p>
            <FilePicker files={files} onChange={setFiles} already={feedback.attachments.length} disabled={disabled} />
          </div>
        </>
      );
    case 'transfer':
      return (
        <>
          <UnitSelect current={feedback.unit.code} value={form.unitCode} error={errors.unitCode} onChange={(unitCode) => set({ unitCode })} />
          {textArea}
        </>
      );
    case 'assign':
      return (
        <StaffSelect
          unitCode={feedback.unit.code}
          value={form.assigneeUserId}
          error={errors.assigneeUserId}
          onChange={(assigneeUserId) => set({ assigneeUserId })}
        />
      );
    case 'publish':
      return <PhotoChoice feedback={feedback} value={form.photoIds} onChange={(photoIds) => set({ photoIds })} disabled={disabled} />;
    default:
      // request_info and reject: the text alone; accept, start, unpublish, close: nothing to type.
      return textArea ?? null;
  }
}

/** The sheet of one action; `onDone` gets the message to show once the server accepted it (and files went up). */
export function FeedbackActionSheet({
  action,
  feedback,
  onClose,
  onDone,
}: {
  action: OfficerAction;
  feedback: FeedbackDetail;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [form, setForm] = useState<ActionForm>(emptyActionForm);
  const [errors, setErrors] = useState<ActionErrors>({});
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  /** The answer is saved; only the files remain (a retry must not answer twice). */
  const [answered, setAnswered] = useState(false);

  const set = (patch: Partial<ActionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch) as (keyof ActionForm)[]) delete next[k];
      return next;
    });
  };

  const uploadFiles = async (remaining: PickedFile[]) => {
    setProgress(0);
    await uploadOneByOne(
      remaining,
      (file, onProgress) => api.feedback.attach(feedback.code, [file], onProgress),
      setProgress,
      (done) => setFiles((list) => list.filter((f) => f.id !== done.id)),
    );
  };

  const confirm = async () => {
    setError(null);
    if (answered) {
      setBusy(true);
      try {
        await uploadFiles(files);
        onDone(`${ACTION_DONE.answer}. Đã tải lên tệp đính kèm.`);
      } catch (err) {
        setError(`Đã gửi câu trả lời nhưng chưa tải được tệp đính kèm: ${uploadErrorMessage(err)}`);
      } finally {
        setBusy(false);
      }
      return;
    }
    const checked = validateAction(action, form, { currentUnit: feedback.unit.code });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    if (action === 'answer' && files.length) {
      const problem = checkFiles(files, feedback.attachments.length);
      if (problem) {
        setError(problem);
        return;
      }
    }
    setBusy(true);
    try {
      await api.feedback.act(feedback.code, action, checked.body);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) setErrors(serverFieldErrors(err.fields));
      setError(errorMessage(err));
      setBusy(false);
      return;
    }
    if (action === 'answer' && files.length) {
      setAnswered(true);
      try {
        await uploadFiles(files);
      } catch (err) {
        setError(`Đã gửi câu trả lời nhưng chưa tải được tệp đính kèm: ${uploadErrorMessage(err)}`);
        setBusy(false);
        return;
      }
    }
    setBusy(false);
    onDone(ACTION_DONE[action]);
  };

  return (
    <Sheet visible title={ACTION_LABELS[action]} onClose={() => !busy && (answered ? onDone(ACTION_DONE.answer) : onClose())} autoHeight mask handler swipeToClose={!busy}>
      <div className="sheet-body">
        <p className="muted">{ACTION_CONFIRM_TEXT[action]}</p>
        <ActionFields
          action={action}
          feedback={feedback}
          form={form}
          errors={errors}
          set={set}
          files={files}
          setFiles={setFiles}
          disabled={busy || answered}
        />
        {progress !== null && files.length > 0 && (
          <div role="status" aria-live="polite">
            <p className="small">Đang tải tệp lên… {Math.round(progress * 100)}%</p>
            <Progress completed={Math.round(progress * 100)} maxCompleted={100} />
          </div>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="sheet-buttons">
          <Button variant="secondary" disabled={busy} onClick={() => (answered ? onDone(ACTION_DONE.answer) : onClose())}>
            {answered ? 'Bỏ qua tệp' : 'Hủy'}
          </Button>
          <Button
            variant="primary"
            type={action === 'reject' ? 'danger' : 'highlight'}
            loading={busy}
            onClick={confirm}
          >
            {answered ? 'Thử lại tải tệp' : ACTION_CONFIRM_LABELS[action]}
          </Button>
        </div>
      </div>
    </Sheet>
  );
}
