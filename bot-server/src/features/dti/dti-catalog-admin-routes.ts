// Admin routes for DTI indicator sets, mounted at /api/v1/admin/dti: import a set from an .xlsx or .csv file laid out
// like the seed table, copy a set to a new year, retire or reactivate a set, and list every set.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { ApiError, notFound } from '../../lib/api-error.js';
import { ImportRejected } from '../../lib/row-errors.js';
import { jsonBody, params, query } from '../../lib/validate.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';
import { importCatalog, readCsv, readXlsx, setCodeTaken, type SheetRow } from './dti-catalog-import.js';
import { catalogSetSummaries, catalogView, copyCatalogSet, setCatalogSetActive } from './dti-catalog-repository.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** dti_sets.level. */
const SET_LEVELS = ['province', 'department', 'commune', 'district'] as const;

/** Set codes appear in URLs: letters, digits, ".", "_" and "-". */
const setCode = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-", e.g. NINH-THUAN-DTI-2026');
const year = z.coerce.number({ error: 'must be a year' }).int('must be a year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier');

const importQuery = z.object({
  code: setCode,
  name: z.string().trim().min(1).max(300).optional(),
  province: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
  year,
  level: z.enum(SET_LEVELS).default('province'),
  source: z.string().trim().min(1).max(2000).optional(),
});

const copyBody = z.object({
  code: setCode,
  year: z.number({ error: 'must be a year (a number)' }).int('must be a year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'),
  name: z.string().trim().min(1).max(300).optional(),
});

const codeParam = z.object({ code: setCode });

function unsupported(): never {
  throw new ApiError(415, 'unsupported_media_type', `Send the file as ${XLSX_MEDIA_TYPE} (.xlsx) or text/csv (UTF-8)`);
}

type FileFormat = { format: 'xlsx' } | { format: 'csv'; typeParams: string[] };

/** The file format from the Content-Type header; 415 for anything but .xlsx and CSV. */
function fileFormat(req: Request): FileFormat {
  const [type = '', ...typeParams] = (req.headers.get('content-type') ?? '').split(';');
  const mediaType = type.trim().toLowerCase();
  if (mediaType === XLSX_MEDIA_TYPE) return { format: 'xlsx' };
  if (mediaType === 'text/csv') return { format: 'csv', typeParams };
  unsupported();
}

/** The sheet's rows from the request body. */
async function readBody(req: Request, type: FileFormat): Promise<SheetRow[]> {
  const bytes = await req.arrayBuffer();
  if (bytes.byteLength === 0) throw new ImportRejected([{ row: 0, field: '(file)', message: 'the file is empty' }]);
  if (type.format === 'xlsx') return readXlsx(bytes);
  const charset = type.typeParams
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') unsupported();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_encoding', 'The body is not valid UTF-8; save the file as "CSV UTF-8"');
  }
  return readCsv(text);
}

/** The set in the CONTRACT §9 shape (catalogView shows active sets, as every set is right after import or copy). */
async function viewOf(deps: AppDeps, code: string) {
  const [set] = await catalogView(deps.db, code);
  if (!set) throw notFound(`Indicator set ${code}`);
  return set;
}

/** PostgreSQL's unique_violation, from either driver, possibly wrapped by drizzle. */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export function dtiCatalogAdminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('*', requireAdmin)
    .get('/catalog', async (c) => c.json({ sets: await catalogSetSummaries(deps.db) }))
    .post('/catalog/import', async (c) => {
      const type = fileFormat(c.req.raw);
      const q = query(c, importQuery);
      const rows = await readBody(c.req.raw, type);
      const meta = {
        code: q.code,
        name: q.name ?? `Bộ chỉ số Chuyển đổi số (DTI) ${q.province} ${q.year}`,
        province: q.province,
        year: q.year,
        level: q.level,
        source: q.source ?? `Nhập từ tệp ${type.format === 'csv' ? 'CSV' : 'Excel (.xlsx)'}`,
      };
      try {
        await deps.db.transaction((tx) => importCatalog(tx, rows, meta));
      } catch (err) {
        if (isUniqueViolation(err)) throw setCodeTaken(q.code);
        throw err;
      }
      return c.json({ set: await viewOf(deps, q.code) }, 201);
    })
    .post('/catalog/:code/copy', async (c) => {
      const { code } = params(c, codeParam);
      const body = await jsonBody(c, copyBody);
      let result;
      try {
        result = await deps.db.transaction((tx) => copyCatalogSet(tx, code, body));
      } catch (err) {
        if (isUniqueViolation(err)) throw setCodeTaken(body.code);
        throw err;
      }
      if (!result.ok) throw result.reason === 'source_not_found' ? notFound(`Indicator set ${code}`) : setCodeTaken(body.code);
      return c.json({ set: await viewOf(deps, body.code) }, 201);
    })
    .put('/catalog/:code/active', async (c) => {
      const { code } = params(c, codeParam);
      const body = await jsonBody(c, z.object({ active: z.boolean({ error: 'must be true or false' }) }));
      if (!(await setCatalogSetActive(deps.db, code, body.active))) throw notFound(`Indicator set ${code}`);
      const [set] = await catalogSetSummaries(deps.db, code);
      return c.json({ set });
    });
}
