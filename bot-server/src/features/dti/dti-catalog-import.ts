// Import of a DTI indicator set from a spreadsheet laid out like the table of seed 002:
//
//   Stt | Chỉ số/Chỉ số thành phần | Cơ quan chủ trì | Cơ quan phối hợp [| Điểm tối đa | Kiểu giá trị | Đơn vị tính | Hướng dẫn]
//
// A row whose Stt is a whole number ("1") is a main index; a row "1.1" is an indicator of index 1. Agencies are unit
// codes (or exact unit names) separated by commas, semicolons or line breaks. Title rows above the header are
// allowed: the header is the first row with a cell "Stt". A repeat of the header further down (tables copied from a
// document repeat it after each page break) is skipped.
//
// Row numbers: every error names the row as the spreadsheet shows it (sheet row number, 1-based, title and header rows
// included; for a CSV file, the record number, which is the row Excel shows when it opens the file). Errors about the
// file as a whole use row 0. All rows are checked and every problem is reported at once; one problem and nothing is
// stored (422, ImportRejected).
import { isUnsafeText, UNSAFE_TEXT_MESSAGE } from '../../lib/text-safety.js';
import ExcelJS from 'exceljs';
import { CsvError, parse as parseCsvText } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/open-db.js';
import { dtiSets, units } from '../../../../db/schema.js';
import type { CatalogSeed, IndexSeed, IndicatorSeed } from '../../../../db/seed-data/dti-catalog-ninh-son.js';
import { VALUE_TYPES, type ValueType } from '../../domain/dti/scoring.js';
import { ApiError } from '../../lib/api-error.js';
import { ImportRejected, type RowError } from '../../lib/row-errors.js';
import { storeCatalogSet } from './dti-catalog-repository.js';

/** One row of the sheet: its sheet row number and its cells as text (column 1 first). */
export interface SheetRow {
  row: number;
  cells: string[];
}

export type CatalogColumn = 'stt' | 'name' | 'lead' | 'coordinating' | 'maxPoints' | 'valueType' | 'unitOfMeasure' | 'guidance';

/** The heading each column is known by in messages. */
export const COLUMN_HEADINGS: Record<CatalogColumn, string> = {
  stt: 'Stt',
  name: 'Chỉ số/Chỉ số thành phần',
  lead: 'Cơ quan chủ trì',
  coordinating: 'Cơ quan phối hợp',
  maxPoints: 'Điểm tối đa',
  valueType: 'Kiểu giá trị',
  unitOfMeasure: 'Đơn vị tính',
  guidance: 'Hướng dẫn',
};

const REQUIRED_COLUMNS: readonly CatalogColumn[] = ['stt', 'name', 'lead'];

/** Header spellings, compared after fold() (lower case, no diacritics, single spaces, no spaces around "/"). */
const HEADER_ALIASES = new Map<string, CatalogColumn | null>(Object.entries({
  stt: 'stt',
  'so tt': 'stt',
  'chi so/chi so thanh phan': 'name',
  'chi so': 'name',
  'chi so thanh phan': 'name',
  'ten chi so': 'name',
  'tieu chi': 'name',
  'noi dung': 'name',
  'co quan chu tri': 'lead',
  'don vi chu tri': 'lead',
  'chu tri': 'lead',
  'co quan phoi hop': 'coordinating',
  'don vi phoi hop': 'coordinating',
  'phoi hop': 'coordinating',
  'diem toi da': 'maxPoints',
  'diem': 'maxPoints',
  'kieu gia tri': 'valueType',
  'loai gia tri': 'valueType',
  'kieu du lieu': 'valueType',
  'don vi tinh': 'unitOfMeasure',
  dvt: 'unitOfMeasure',
  'huong dan': 'guidance',
  'cach tinh': 'guidance',
  // Notes for the people preparing the file: read and ignored.
  'ghi chu': null,
} satisfies Record<string, CatalogColumn | null>));

/** Value types by their English name or a Vietnamese alias, compared after fold(). */
const VALUE_TYPE_ALIASES = new Map<string, ValueType>([
  ...VALUE_TYPES.map((v) => [v, v] as const),
  ...Object.entries({
  'co/khong': 'boolean',
  'dung/sai': 'boolean',
  'yes/no': 'boolean',
  'so luong': 'count',
  'so dem': 'count',
  'ty le': 'ratio',
  'ti le': 'ratio',
  'phan tram': 'percentage',
  '%': 'percentage',
  'so tien': 'amount',
  'tien': 'amount',
  'van ban': 'text',
  'mo ta': 'text',
  'ngay': 'date',
  'ngay thang': 'date',
  } satisfies Record<string, ValueType>),
]);

/** Value type of an indicator whose row gives none (or when the file has no "Kiểu giá trị" column). */
export const DEFAULT_VALUE_TYPE: ValueType = 'text';
/** Imported indicators ask for evidence (tài liệu kiểm chứng), as every indicator of the seeded set does. */
const EVIDENCE_REQUIRED = true;

const MAX_ROWS = 5000;
const MAX_NAME_CHARS = 2000;
const MAX_TEXT_CHARS = 4000;

/** Lower case, no diacritics (đ → d), single spaces, no spaces around "/", for matching headings and aliases. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/[\s:*]+$/, '')
    .trim();
}

/** NFC, single spaces, trimmed: how names are stored and compared. */
const tidy = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

const shown = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);

function fileError(message: string): ImportRejected {
  return new ImportRejected([{ row: 0, field: '(file)', message }]);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the file

/** Text of an exceljs cell value, whatever its kind (rich text, formula result, hyperlink, date, number). */
function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return valueText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in value) return valueText((value as { text?: ExcelJS.CellValue }).text ?? null);
  if ('error' in value) return String(value.error);
  return '';
}

/**
 * The first worksheet of an .xlsx workbook, or the one named like "Chỉ số" if there is one. The part of a merged
 * range other than its top-left cell reads as empty (a title or an index name merged across columns is not
 * repeated into the agency columns).
 */
export async function readXlsx(bytes: ArrayBuffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes);
  } catch {
    throw new ApiError(400, 'invalid_xlsx', 'The body is not a readable .xlsx workbook (save the file as "Excel Workbook (.xlsx)")');
  }
  const sheet = wb.worksheets.find((ws) => fold(ws.name).includes('chi so')) ?? wb.worksheets[0];
  if (!sheet) throw fileError('the workbook has no worksheet');
  if (sheet.rowCount > MAX_ROWS) throw fileError(`the worksheet has ${sheet.rowCount} rows; at most ${MAX_ROWS} are read`);
  const rows: SheetRow[] = [];
  const columns = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let col = 1; col <= columns; col++) {
      const cell = row.getCell(col);
      cells.push(cell.isMerged && cell.master.address !== cell.address ? '' : valueText(cell.value));
    }
    rows.push({ row: r, cells });
  }
  return rows;
}

/**
 * A UTF-8 CSV file (byte-order mark tolerated). The delimiter is the one the header row uses most: "," or ";" (Excel
 * in a Vietnamese locale) or a tab. Every record counts as a row, blank ones included, as Excel would show them.
 */
export function readCsv(text: string): SheetRow[] {
  const body = text.replace(/^\uFEFF/, '');
  const headerLine = body.split(/\r\n|\n|\r/).find((line) => /(^|[,;\t])\s*"?\s*stt\s*"?\s*([,;\t]|$)/i.test(line)) ?? '';
  const counts = ([',', ';', '\t'] as const).map((d) => [d, headerLine.split(d).length] as const);
  const delimiter = counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
  let records: string[][];
  try {
    records = parseCsvText(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) throw new ApiError(400, 'invalid_csv', `The body is not valid CSV: ${err.message}`);
    throw err;
  }
  if (records.length > MAX_ROWS) throw fileError(`the file has ${records.length} rows; at most ${MAX_ROWS} are read`);
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

// ---------------------------------------------------------------------------------------------------------------
// Checking the rows

export interface DraftIndicator {
  row: number;
  code: string;
  name: string;
  valueType: ValueType;
  unitOfMeasure?: string;
  guidance?: string;
  maxPoints: number | null;
  /** Unit codes or names as written; resolved against the units table later. */
  lead: string[];
  coordinating: string[];
}

export interface DraftIndex {
  row: number;
  code: string;
  name: string;
  maxPoints: number | null;
  indicators: DraftIndicator[];
}

const INDEX_STT = /^(\d+)\.?$/;
const INDICATOR_STT = /^(\d+)\.(\d+)\.?$/;

/** Agencies in one cell: separated by commas, semicolons or line breaks. */
export function splitAgencies(cell: string): string[] {
  const seen = new Set<string>();
  for (const part of cell.split(/[,;\n\r]+/)) {
    const t = tidy(part);
    if (t) seen.add(t);
  }
  return [...seen];
}

function parseMaxPoints(text: string): { value: number | null; error?: string } {
  const t = text.trim().replace(/\s/g, '');
  if (!t) return { value: null };
  // "7,5" (Vietnamese decimal comma) is 7.5; thousands separators do not occur in points.
  const n = /^[+-]?\d+([.,]\d+)?$/.test(t) ? Number(t.replace(',', '.')) : NaN;
  if (!Number.isFinite(n)) return { value: null, error: `must be a number; got ${shown(text.trim())}` };
  if (n < 0) return { value: null, error: `must not be negative; got ${shown(text.trim())}` };
  return { value: n };
}

export interface ParsedCatalog {
  /** The main indices with their indicators, in file order. Agencies are as written. */
  indices: DraftIndex[];
  /** Every indicator row, also those left out of `indices` (duplicate Stt, no index), so all its agencies get checked. */
  indicatorRows: DraftIndicator[];
  /** Problems found in the rows; the agencies are checked against the units table later. */
  errors: RowError[];
}

/**
 * Finds the header and checks every data row on its own and against the others. Throws ImportRejected only when the
 * header is missing or wrong (the cells cannot be read then); row problems are returned with the rows.
 */
export function parseCatalogRows(rows: SheetRow[]): ParsedCatalog {
  const unsafe = rows.flatMap((r) =>
    r.cells.flatMap((c, i) => (isUnsafeText(c) ? [{ row: r.row, field: `(column ${i + 1})`, message: UNSAFE_TEXT_MESSAGE }] : [])),
  );
  if (unsafe.length) throw new ImportRejected(unsafe);
  const headerAt = rows.findIndex((r) => r.cells.some((c) => HEADER_ALIASES.get(fold(c)) === 'stt'));
  if (headerAt < 0) {
    throw fileError('no header row: no row has a cell "Stt" (the columns are Stt | Chỉ số/Chỉ số thành phần | Cơ quan chủ trì | Cơ quan phối hợp)');
  }
  const header = rows[headerAt]!;
  const errors: RowError[] = [];
  const columnOf = new Map<CatalogColumn, number>();
  header.cells.forEach((cell, i) => {
    const heading = tidy(cell);
    if (!heading) return;
    const key = fold(heading);
    if (!HEADER_ALIASES.has(key)) {
      errors.push({
        row: header.row,
        field: heading,
        message: `unknown column ${shown(heading)}; the columns are ${Object.values(COLUMN_HEADINGS).join(', ')} (and Ghi chú, ignored)`,
      });
      return;
    }
    const column = HEADER_ALIASES.get(key);
    if (!column) return;
    if (columnOf.has(column)) {
      errors.push({ row: header.row, field: column, message: `the column ${COLUMN_HEADINGS[column]} appears twice in the header` });
      return;
    }
    columnOf.set(column, i);
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!columnOf.has(column)) errors.push({ row: header.row, field: column, message: `required column ${COLUMN_HEADINGS[column]} is missing from the header` });
  }
  // With a wrong header the cells cannot be read reliably, so only the header is reported.
  if (errors.length) throw new ImportRejected(errors);

  const cell = (r: SheetRow, column: CatalogColumn) => {
    const i = columnOf.get(column);
    return i === undefined ? '' : (r.cells[i] ?? '').normalize('NFC');
  };

  const indices = new Map<string, DraftIndex>();
  const firstRowOf = new Map<string, number>();
  const pending: { indexCode: string; indicator: DraftIndicator }[] = [];
  const indicatorRows: DraftIndicator[] = [];
  for (const r of rows.slice(headerAt + 1)) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    // The header repeated after a page break.
    if (HEADER_ALIASES.get(fold(cell(r, 'stt'))) === 'stt') continue;
    const err = (field: CatalogColumn, message: string) => errors.push({ row: r.row, field, message });

    // "1,1" is how a CSV saved with a Vietnamese locale writes the number 1.1.
    const stt = cell(r, 'stt').replace(/\s/g, '').replace(/^(\d+),(\d+)$/, '$1.$2');
    const name = tidy(cell(r, 'name'));
    const leadText = cell(r, 'lead');
    const coordinatingText = cell(r, 'coordinating');
    const valueTypeText = tidy(cell(r, 'valueType'));
    const unitOfMeasure = tidy(cell(r, 'unitOfMeasure'));
    const guidance = tidy(cell(r, 'guidance'));
    const points = parseMaxPoints(cell(r, 'maxPoints'));
    if (points.error) err('maxPoints', points.error);
    if (!name) err('name', `the name (${COLUMN_HEADINGS.name}) is empty`);
    else if (name.length > MAX_NAME_CHARS) err('name', `must be at most ${MAX_NAME_CHARS} characters`);
    if (guidance.length > MAX_TEXT_CHARS) err('guidance', `must be at most ${MAX_TEXT_CHARS} characters`);
    if (unitOfMeasure.length > 100) err('unitOfMeasure', 'must be at most 100 characters');

    const indexMatch = INDEX_STT.exec(stt);
    const indicatorMatch = INDICATOR_STT.exec(stt);
    let code: string | null = null;
    if (!stt) {
      err('stt', 'Stt is empty: write the number of the main index ("1") or of the indicator ("1.1")');
    } else if (indexMatch) {
      code = indexMatch[1]!;
    } else if (indicatorMatch) {
      code = `${indicatorMatch[1]}.${indicatorMatch[2]}`;
    } else {
      const asDate = /^\d{4}-\d{2}-\d{2}$/.test(stt) ? ' (Excel turned it into a date: type the Stt as text)' : '';
      err('stt', `Stt ${shown(stt)} is neither a main index ("1") nor an indicator ("1.1")${asDate}`);
    }
    if (code !== null) {
      const first = firstRowOf.get(code);
      if (first !== undefined) {
        // Excel reads a typed 1.10 as the number 1.1, so "1.10" may come back as a duplicate of "1.1".
        const hint = indicatorMatch && !code.endsWith('0') ? ` (if this row is ${code}0, type its Stt as text)` : '';
        err('stt', `duplicate Stt ${shown(code)}: already on row ${first}${hint}`);
        code = null;
      } else {
        firstRowOf.set(code, r.row);
      }
    }
    // With an Stt that says neither index nor indicator, the other cells cannot be judged.
    if (!indexMatch && !indicatorMatch) continue;

    if (indexMatch) {
      if (leadText.trim() || coordinatingText.trim()) {
        err(leadText.trim() ? 'lead' : 'coordinating', 'a main index takes no agencies: put them on its indicators (rows "1.1", "1.2", …)');
      }
      if (valueTypeText) err('valueType', 'a main index has no value type: give it on its indicators');
      if (unitOfMeasure) err('unitOfMeasure', 'a main index has no unit of measure: give it on its indicators');
      if (guidance) err('guidance', 'a main index takes no guidance: give it on its indicators');
      if (code !== null) indices.set(code, { row: r.row, code, name, maxPoints: points.value, indicators: [] });
      continue;
    }

    // An indicator.
    let valueType: ValueType = DEFAULT_VALUE_TYPE;
    if (valueTypeText) {
      const found = VALUE_TYPE_ALIASES.get(fold(valueTypeText));
      if (found) valueType = found;
      else {
        err(
          'valueType',
          `unknown value type ${shown(valueTypeText)}; use one of ${VALUE_TYPES.join(', ')} (or có/không, số lượng, tỷ lệ, phần trăm, số tiền, văn bản, ngày)`,
        );
      }
    }
    const lead = splitAgencies(leadText);
    const coordinating = splitAgencies(coordinatingText);
    if (!lead.length) err('lead', `no lead agency (${COLUMN_HEADINGS.lead}): give at least one unit code`);
    for (const c of coordinating) {
      if (lead.includes(c)) err('coordinating', `${shown(c)} is already a lead agency of this indicator; list it once`);
    }
    const indicator: DraftIndicator = { row: r.row, code: code ?? stt, name, valueType, maxPoints: points.value, lead, coordinating };
    if (unitOfMeasure) indicator.unitOfMeasure = unitOfMeasure;
    if (guidance) indicator.guidance = guidance;
    indicatorRows.push(indicator);
    if (code !== null) pending.push({ indexCode: indicatorMatch![1]!, indicator });
  }

  for (const { indexCode, indicator } of pending) {
    const index = indices.get(indexCode);
    if (!index) {
      errors.push({
        row: indicator.row,
        field: 'stt',
        message: `indicator ${indicator.code} has no main index ${indexCode} in the file: add a row with Stt ${indexCode} above it`,
      });
    } else if (index.row > indicator.row) {
      errors.push({
        row: indicator.row,
        field: 'stt',
        message: `indicator ${indicator.code} comes before its main index ${indexCode} (row ${index.row}): move it below that row`,
      });
    } else {
      index.indicators.push(indicator);
    }
  }
  if (indices.size === 0 && !indicatorRows.length && !errors.length) throw fileError('the file has no main index below its header');
  return { indices: [...indices.values()], indicatorRows, errors };
}

/** By row, then in the order the checks found them. */
function sortErrors(errors: RowError[]): RowError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.row - b.e.row || a.i - b.i)
    .map(({ e }) => e);
}

// ---------------------------------------------------------------------------------------------------------------
// Units and storing

const looksLikeCode = (text: string) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text);
const nameKey = (text: string) => tidy(text).toLowerCase();

/**
 * Turns the agencies as written into unit codes: an exact unit code first, then a code in other case, then a unit's
 * exact name (case-insensitive, spaces tidied). Reports every agency that matches no unit, or several units by name,
 * and a unit named twice for one indicator (once by code and once by name, or as lead and as coordinating).
 */
async function resolveAgencies(tx: Tx, indicators: DraftIndicator[]): Promise<{ resolved: Map<string, string>; errors: RowError[] }> {
  const all = await tx.select({ code: units.code, name: units.name }).from(units);
  const exactCodes = new Set(all.map((u) => u.code));
  const add = (map: Map<string, string[]>, key: string, code: string) => map.set(key, [...(map.get(key) ?? []), code]);
  const byUpperCode = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const u of all) {
    add(byUpperCode, u.code.toUpperCase(), u.code);
    add(byName, nameKey(u.name), u.code);
  }
  const candidatesOf = (written: string): string[] =>
    exactCodes.has(written) ? [written] : (byUpperCode.get(written.toUpperCase()) ?? byName.get(nameKey(written)) ?? []);

  const resolved = new Map<string, string>();
  const errors: RowError[] = [];
  for (const ind of indicators) {
    const seen = new Map<string, string>(); // unit code → how this row wrote it
    for (const field of ['lead', 'coordinating'] as const) {
      for (const written of ind[field]) {
        const err = (message: string) => errors.push({ row: ind.row, field, message });
        const candidates = candidatesOf(written);
        if (candidates.length > 1) {
          err(`${shown(written)} matches several units (${candidates.join(', ')}): give the unit code`);
          continue;
        }
        const code = candidates[0];
        if (code === undefined) {
          err(
            looksLikeCode(written)
              ? `unknown unit code ${shown(written)} (${COLUMN_HEADINGS[field]}): no unit has this code or name`
              : `unknown unit name ${shown(written)} (${COLUMN_HEADINGS[field]}): no unit has this name; give the unit code`,
          );
          continue;
        }
        resolved.set(written, code);
        const before = seen.get(code);
        // The same text twice is reported by parseCatalogRows (lead and coordinating) or merged (within one cell).
        if (before !== undefined && before !== written) err(`${shown(written)} is unit ${code}, already named as ${shown(before)} for this indicator`);
        seen.set(code, written);
      }
    }
  }
  return { resolved, errors };
}

export interface CatalogSetMeta {
  code: string;
  name: string;
  province: string;
  year: number;
  level: 'province' | 'department' | 'commune' | 'district';
  source: string;
}

/** Thrown for a set code already taken (409). */
export function setCodeTaken(code: string): ApiError {
  return new ApiError(409, 'conflict', `An indicator set with code ${code} already exists; choose another code`);
}

/**
 * Checks the sheet whole, resolves its agencies and stores it as a new set in the caller's transaction.
 * Nothing is written if any row is wrong (ImportRejected) or the code is taken (409).
 */
export async function importCatalog(tx: Tx, rows: SheetRow[], meta: CatalogSetMeta): Promise<{ setId: number }> {
  const [taken] = await tx.select({ id: dtiSets.id }).from(dtiSets).where(eq(dtiSets.code, meta.code));
  if (taken) throw setCodeTaken(meta.code);
  const { indices, indicatorRows, errors: rowErrors } = parseCatalogRows(rows);
  const { resolved, errors: unitErrors } = await resolveAgencies(tx, indicatorRows);
  const errors = [...rowErrors, ...unitErrors];
  if (errors.length) throw new ImportRejected(sortErrors(errors));
  const seed: CatalogSeed = {
    ...meta,
    indices: indices.map(
      (ix): IndexSeed => ({
        code: ix.code,
        name: ix.name,
        maxPoints: ix.maxPoints,
        indicators: ix.indicators.map((ind): IndicatorSeed => {
          const out: IndicatorSeed = {
            code: ind.code,
            name: ind.name,
            valueType: ind.valueType,
            evidenceRequired: EVIDENCE_REQUIRED,
            lead: ind.lead.map((w) => resolved.get(w)!),
            coordinating: ind.coordinating.map((w) => resolved.get(w)!),
            maxPoints: ind.maxPoints,
            autoSource: null,
          };
          if (ind.unitOfMeasure !== undefined) out.unitOfMeasure = ind.unitOfMeasure;
          if (ind.guidance !== undefined) out.guidance = ind.guidance;
          return out;
        }),
      }),
    ),
  };
  const stored = await storeCatalogSet(tx, seed);
  // Created by someone else between the check above and the insert.
  if (!stored.created) throw setCodeTaken(meta.code);
  return { setId: stored.setId };
}
