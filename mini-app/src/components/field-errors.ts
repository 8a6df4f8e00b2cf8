import { ApiError } from '../api/client';

/** Server field errors (English, for developers) become Vietnamese hints next to the field. */
export function fieldError(error: unknown, field: string, hint: string): string | undefined {
  return error instanceof ApiError && error.fields.some((f) => f.field === field || f.field.startsWith(`${field}.`)) ? hint : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Có lỗi xảy ra. Vui lòng thử lại.';
}
