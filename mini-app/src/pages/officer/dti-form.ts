// The DTI quick-update form kept on the device as the officer types, so a dropped connection or a closed app loses
// nothing. Pure apart from the injected storage.
import type { DtiKey, DtiValueType } from '../../api/types';
import { buildValue, type DtiFormInput, emptyInput, inputFromValue } from '../../lib/dti-values';
import { keyId } from './dti-wording';

export interface LocalForm {
  input: DtiFormInput;
  comment: string;
  /** When it was typed (ms since epoch). */
  at: number;
}

export const formStorageKey = (k: DtiKey) => `pakn.dti.form.${keyId(k)}`;

export interface FormStorage {
  getJson<T>(key: string): T | null;
  setJson(key: string, value: unknown): void;
  remove(key: string): void;
}

export function readLocalForm(storage: FormStorage, k: DtiKey): LocalForm | null {
  const raw = storage.getJson<Partial<LocalForm>>(formStorageKey(k));
  if (!raw || typeof raw !== 'object' || !raw.input || typeof raw.input !== 'object') return null;
  return {
    input: { ...emptyInput(), ...raw.input, parts: { ...(raw.input.parts ?? {}) } },
    comment: typeof raw.comment === 'string' ? raw.comment : '',
    at: typeof raw.at === 'number' ? raw.at : 0,
  };
}

export function writeLocalForm(storage: FormStorage, k: DtiKey, form: Omit<LocalForm, 'at'>, now = Date.now()): void {
  storage.setJson(formStorageKey(k), { ...form, at: now });
}

export const clearLocalForm = (storage: FormStorage, k: DtiKey) => storage.remove(formStorageKey(k));

/**
 * A value as the server stores it. The system's computed values (assigned → auto.value) come without `type`
 * ({numerator, denominator}), which inputFromValue and describeValue need.
 */
export function withType(value: unknown, type: DtiValueType): unknown {
  if (!value || typeof value !== 'object') return value;
  const v = value as { type?: unknown };
  return v.type === undefined ? { ...(value as object), type } : value;
}

/** The form fields of the server's value. */
export const inputFromServer = (value: unknown, type: DtiValueType) => inputFromValue(withType(value, type));

/** True when what is kept on the device says the same as the server (then it is nothing to restore). */
export function sameAsServer(
  local: Pick<LocalForm, 'input' | 'comment'>,
  server: { value: unknown; comment: string | null } | null,
  type: DtiValueType,
  parts?: { key: string }[] | null,
): boolean {
  const serverInput = inputFromServer(server?.value ?? null, type);
  const a = buildValue(type, local.input, parts);
  const b = buildValue(type, serverInput, parts);
  const sameValue = a.ok && b.ok ? JSON.stringify(a.value) === JSON.stringify(b.value) : JSON.stringify(local.input) === JSON.stringify(serverInput);
  return sameValue && local.comment.trim() === (server?.comment ?? '').trim();
}
