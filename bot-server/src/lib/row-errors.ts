// The 422 shape shared by every all-or-nothing import: {"errors":[{"row","field","message"}]}.
import type { z } from 'zod';
import { ApiError } from './api-error.js';

export interface RowError {
  /** 1-based data row (the header of a CSV is not counted); 0 for the body as a whole. */
  row: number;
  field: string;
  message: string;
}

export class ImportRejected extends ApiError {
  constructor(readonly errors: RowError[]) {
    super(422, 'import_rejected', `Nothing was imported: ${errors.length} error(s)`, { errors });
  }
}

export function rowErrorsFromZod(row: number, error: z.ZodError): RowError[] {
  return error.issues.map((i) => ({ row, field: i.path.map(String).join('.') || '(row)', message: i.message }));
}
