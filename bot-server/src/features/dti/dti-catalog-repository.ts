// The DTI catalog as versioned data: sets, main indices, indicators and their lead/coordinating units.
import { and, asc, eq, inArray } from 'drizzle-orm';
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
