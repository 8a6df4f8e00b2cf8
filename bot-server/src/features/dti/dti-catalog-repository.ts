// The DTI catalog as versioned data: sets, main indices, indicators and their lead/coordinating units.
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../../db/open-db.js';
import { dtiAssignments, dtiIndicators, dtiIndices, dtiSets, units } from '../../../../db/schema.js';
import type { CatalogSeed } from '../../../../db/seed-data/dti-catalog-ninh-son.js';
import { ImportRejected, type RowError } from '../../lib/row-errors.js';

export interface CatalogIndicatorView {
  code: string;
  name: string;
  lead: string[];
  coordinating: string[];
}

export interface CatalogSetView {
  code: string;
  name: string;
  year: number;
  indices: { code: string; name: string; maxPoints: number | null; indicators: CatalogIndicatorView[] }[];
}

/**
 * Stores a catalog set in one transaction. Every unit code it names must exist: a set is refused whole, with the
 * indicator at fault, rather than stored with missing agencies. Returns the set id; an existing code is left as is.
 */
export async function storeCatalogSet(tx: Tx, seed: CatalogSeed): Promise<{ setId: number; created: boolean }> {
  const [existing] = await tx.select().from(dtiSets).where(eq(dtiSets.code, seed.code));
  if (existing) return { setId: existing.id, created: false };
  const codes = new Set(seed.indices.flatMap((i) => i.indicators.flatMap((ind) => [...ind.lead, ...ind.coordinating])));
  const found = codes.size
    ? await tx.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, [...codes]))
    : [];
  const unitId = new Map(found.map((u) => [u.code, u.id]));
  const errors: RowError[] = [];
  let row = 0;
  for (const index of seed.indices) {
    for (const ind of index.indicators) {
      row++;
      for (const code of [...ind.lead, ...ind.coordinating]) {
        if (!unitId.has(code)) errors.push({ row, field: ind.lead.includes(code) ? 'lead' : 'coordinating', message: `unknown unit code "${code}" (indicator ${ind.code})` });
      }
    }
  }
  if (errors.length) throw new ImportRejected(errors);

  const [set] = await tx
    .insert(dtiSets)
    .values({ code: seed.code, name: seed.name, province: seed.province, year: seed.year, level: seed.level, source: seed.source })
    .returning();
  for (const [i, index] of seed.indices.entries()) {
    const [idx] = await tx
      .insert(dtiIndices)
      .values({ setId: set!.id, code: index.code, name: index.name, maxPoints: index.maxPoints, sort: i })
      .returning();
    for (const [j, ind] of index.indicators.entries()) {
      const [created] = await tx
        .insert(dtiIndicators)
        .values({
          setId: set!.id,
          indexId: idx!.id,
          code: ind.code,
          name: ind.name,
          valueType: ind.valueType,
          unitOfMeasure: ind.unitOfMeasure ?? null,
          guidance: ind.guidance ?? null,
          evidenceRequired: ind.evidenceRequired,
          scoring: (ind.scoring as Record<string, unknown> | undefined) ?? null,
          maxPoints: ind.maxPoints ?? null,
          autoSource: ind.autoSource ?? null,
          sort: j,
        })
        .returning();
      const assignments = [
        ...ind.lead.map((c) => ({ indicatorId: created!.id, unitId: unitId.get(c)!, role: 'lead' as const })),
        ...ind.coordinating
          .filter((c) => !ind.lead.includes(c))
          .map((c) => ({ indicatorId: created!.id, unitId: unitId.get(c)!, role: 'coordinating' as const })),
      ];
      if (assignments.length) await tx.insert(dtiAssignments).values(assignments).onConflictDoNothing();
    }
  }
  return { setId: set!.id, created: true };
}

/** The active set(s) in the CONTRACT §9 shape, optionally one set by code. Four queries whatever the size. */
export async function catalogView(db: DbOrTx, setCode?: string): Promise<CatalogSetView[]> {
  const sets = await db
    .select()
    .from(dtiSets)
    .where(setCode ? and(eq(dtiSets.code, setCode), eq(dtiSets.active, true)) : eq(dtiSets.active, true))
    .orderBy(asc(dtiSets.year), asc(dtiSets.id));
  if (!sets.length) return [];
  const setIds = sets.map((s) => s.id);
  const [indices, indicators, assignments] = await Promise.all([
    db.select().from(dtiIndices).where(inArray(dtiIndices.setId, setIds)).orderBy(asc(dtiIndices.sort)),
    db.select().from(dtiIndicators).where(inArray(dtiIndicators.setId, setIds)).orderBy(asc(dtiIndicators.sort)),
    db
      .select({ indicatorId: dtiAssignments.indicatorId, role: dtiAssignments.role, code: units.code })
      .from(dtiAssignments)
      .innerJoin(dtiIndicators, eq(dtiIndicators.id, dtiAssignments.indicatorId))
      .innerJoin(units, eq(units.id, dtiAssignments.unitId))
      .where(inArray(dtiIndicators.setId, setIds))
      .orderBy(asc(units.code)),
  ]);
  const byIndicator = new Map<number, { lead: string[]; coordinating: string[] }>();
  for (const a of assignments) {
    const entry = byIndicator.get(a.indicatorId) ?? { lead: [], coordinating: [] };
    entry[a.role].push(a.code);
    byIndicator.set(a.indicatorId, entry);
  }
  return sets.map((s) => ({
    code: s.code,
    name: s.name,
    year: s.year,
    indices: indices
      .filter((i) => i.setId === s.id)
      .map((i) => ({
        code: i.code,
        name: i.name,
        maxPoints: i.maxPoints,
        indicators: indicators
          .filter((ind) => ind.indexId === i.id)
          .map((ind) => ({ code: ind.code, name: ind.name, ...(byIndicator.get(ind.id) ?? { lead: [], coordinating: [] }) })),
      })),
  }));
}

// ——— Set administration: list, copy to a new year, retire ———

/** A set as admins see it: inactive (retired) sets included, with its origin and size. */
export interface CatalogSetSummary {
  code: string;
  name: string;
  province: string;
  year: number;
  level: 'province' | 'department' | 'commune' | 'district';
  source: string | null;
  active: boolean;
  /** Code of the set this one was copied from. */
  copiedFrom: string | null;
  indices: number;
  indicators: number;
}

/** Every set, active or not, by year then creation; or one set by code (empty if there is none). */
export async function catalogSetSummaries(db: DbOrTx, setCode?: string): Promise<CatalogSetSummary[]> {
  const sets = await db
    .select()
    .from(dtiSets)
    .where(setCode ? eq(dtiSets.code, setCode) : undefined)
    .orderBy(asc(dtiSets.year), asc(dtiSets.id));
  if (!sets.length) return [];
  const setIds = sets.map((s) => s.id);
  const originIds = [...new Set(sets.map((s) => s.copiedFromId).filter((id): id is number => id !== null))];
  const [indexCounts, indicatorCounts, origins] = await Promise.all([
    db.select({ setId: dtiIndices.setId, n: count() }).from(dtiIndices).where(inArray(dtiIndices.setId, setIds)).groupBy(dtiIndices.setId),
    db
      .select({ setId: dtiIndicators.setId, n: count() })
      .from(dtiIndicators)
      .where(inArray(dtiIndicators.setId, setIds))
      .groupBy(dtiIndicators.setId),
    originIds.length ? db.select({ id: dtiSets.id, code: dtiSets.code }).from(dtiSets).where(inArray(dtiSets.id, originIds)) : [],
  ]);
  const nIndices = new Map(indexCounts.map((r) => [r.setId, r.n]));
  const nIndicators = new Map(indicatorCounts.map((r) => [r.setId, r.n]));
  const originCode = new Map(origins.map((o) => [o.id, o.code]));
  return sets.map((s) => ({
    code: s.code,
    name: s.name,
    province: s.province,
    year: s.year,
    level: s.level,
    source: s.source,
    active: s.active,
    copiedFrom: s.copiedFromId === null ? null : (originCode.get(s.copiedFromId) ?? null),
    indices: nIndices.get(s.id) ?? 0,
    indicators: nIndicators.get(s.id) ?? 0,
  }));
}

/** Rows per multi-row INSERT, well below the protocol's limit on bind parameters. */
const INSERT_CHUNK = 500;

function chunked<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += INSERT_CHUNK) out.push(items.slice(i, i + INSERT_CHUNK));
  return out;
}

export type CopySetResult = { ok: true; setId: number } | { ok: false; reason: 'source_not_found' | 'code_taken' };

/**
 * Copies a set — its main indices, its indicators with every field (value type, unit of measure, guidance, evidence,
 * scoring rule, points, automatic source, order) and their lead and coordinating units — to a new active set with
 * another code and year, in the caller's transaction. The new set records the set it was copied from. Reporting
 * periods and values are not copied: they belong to the source's year.
 */
export async function copyCatalogSet(
  tx: Tx,
  sourceCode: string,
  target: { code: string; year: number; name?: string | undefined },
): Promise<CopySetResult> {
  const [source] = await tx.select().from(dtiSets).where(eq(dtiSets.code, sourceCode));
  if (!source) return { ok: false, reason: 'source_not_found' };
  const [taken] = await tx.select({ id: dtiSets.id }).from(dtiSets).where(eq(dtiSets.code, target.code));
  if (taken) return { ok: false, reason: 'code_taken' };

  const [set] = await tx
    .insert(dtiSets)
    .values({
      code: target.code,
      name: target.name ?? source.name,
      province: source.province,
      year: target.year,
      level: source.level,
      source: source.source,
      active: true,
      copiedFromId: source.id,
    })
    .returning({ id: dtiSets.id });
  const setId = set!.id;

  const indices = await tx.select().from(dtiIndices).where(eq(dtiIndices.setId, source.id));
  const newIndexId = new Map<number, number>();
  if (indices.length) {
    const inserted = await tx
      .insert(dtiIndices)
      .values(indices.map(({ id: _id, setId: _setId, ...rest }) => ({ ...rest, setId })))
      .returning({ id: dtiIndices.id, code: dtiIndices.code });
    // Codes are unique within a set, so they pair the copies with their originals.
    const byCode = new Map(inserted.map((r) => [r.code, r.id]));
    for (const i of indices) newIndexId.set(i.id, byCode.get(i.code)!);
  }

  const indicators = await tx.select().from(dtiIndicators).where(eq(dtiIndicators.setId, source.id));
  const newIndicatorId = new Map<number, number>();
  const indicatorIdByCode = new Map<string, number>();
  for (const part of chunked(indicators)) {
    const inserted = await tx
      .insert(dtiIndicators)
      .values(part.map(({ id: _id, setId: _setId, indexId, ...rest }) => ({ ...rest, setId, indexId: newIndexId.get(indexId)! })))
      .returning({ id: dtiIndicators.id, code: dtiIndicators.code });
    for (const r of inserted) indicatorIdByCode.set(r.code, r.id);
  }
  for (const ind of indicators) newIndicatorId.set(ind.id, indicatorIdByCode.get(ind.code)!);

  const assignments = await tx
    .select({ indicatorId: dtiAssignments.indicatorId, unitId: dtiAssignments.unitId, role: dtiAssignments.role })
    .from(dtiAssignments)
    .innerJoin(dtiIndicators, eq(dtiIndicators.id, dtiAssignments.indicatorId))
    .where(eq(dtiIndicators.setId, source.id));
  for (const part of chunked(assignments)) {
    await tx.insert(dtiAssignments).values(part.map((a) => ({ ...a, indicatorId: newIndicatorId.get(a.indicatorId)! })));
  }
  return { ok: true, setId };
}

/** Retires (hides from the public catalog) or reactivates a set. False if there is no set with this code. */
export async function setCatalogSetActive(db: DbOrTx, code: string, active: boolean): Promise<boolean> {
  const updated = await db.update(dtiSets).set({ active }).where(eq(dtiSets.code, code)).returning({ id: dtiSets.id });
  return updated.length > 0;
}
