// Reference data for a first start: a demo province, feedback categories, deadline policies,
// the announced 2025–2026 calendars and one administrator. Idempotent: existing rows are never overwritten,
// so an admin's later edits survive restarts.
import { eq, sql } from 'drizzle-orm';
import { ANNOUNCED_SCHEDULES } from '../bot-server/src/domain/calendar/announced-schedules.js';
import { localDateOf } from '../bot-server/src/domain/calendar/local-date.js';
import { defaultPeriods } from '../bot-server/src/domain/dti/reporting-periods.js';
import { loadCalendar } from '../bot-server/src/features/calendar/calendar-repository.js';
import { storeCatalogSet } from '../bot-server/src/features/dti/dti-catalog-repository.js';
import { ImportRejected } from '../bot-server/src/lib/row-errors.js';
import type { Db, Tx } from './open-db.js';
import { BAC_KAN_PAKN_SET } from './seed-data/dti-catalog-bac-kan-pakn.js';
import { NINH_SON_DTI_SET, NINH_SON_UNITS, PHU_LUC_1_SET } from './seed-data/dti-catalog-ninh-son.js';
import { calendarDays, calendarYears, categories, deadlinePolicies, dtiPeriods, dtiSets, units, userRoles, users, type UnitLevel } from './schema.js';

export const DEMO_UNITS: { code: string; name: string; level: UnitLevel; parent?: string }[] = [
  { code: 'TINH', name: 'UBND tỉnh (dữ liệu mẫu)', level: 'province' },
  { code: 'VP-UBND', name: 'Văn phòng UBND tỉnh', level: 'department', parent: 'TINH' },
  { code: 'SO-KHCN', name: 'Sở Khoa học và Công nghệ', level: 'department', parent: 'TINH' },
  { code: 'SO-XD', name: 'Sở Xây dựng', level: 'department', parent: 'TINH' },
  { code: 'SO-NNMT', name: 'Sở Nông nghiệp và Môi trường', level: 'department', parent: 'TINH' },
  { code: 'PHUONG-TT', name: 'Phường Trung Tâm', level: 'commune', parent: 'TINH' },
  { code: 'XA-NAMSON', name: 'Xã Nam Sơn', level: 'commune', parent: 'TINH' },
  { code: 'XA-BACSON', name: 'Xã Bắc Sơn', level: 'commune', parent: 'TINH' },
];

export const DEMO_CATEGORIES: { code: string; name: string; unit: string }[] = [
  { code: 'ha-tang', name: 'Hạ tầng, giao thông', unit: 'SO-XD' },
  { code: 'moi-truong', name: 'Môi trường, vệ sinh', unit: 'SO-NNMT' },
  { code: 'trat-tu-xay-dung', name: 'Trật tự đô thị, xây dựng', unit: 'SO-XD' },
  { code: 'dat-dai', name: 'Đất đai', unit: 'SO-NNMT' },
  { code: 'thu-tuc-hanh-chinh', name: 'Thủ tục hành chính, dịch vụ công', unit: 'VP-UBND' },
  { code: 'chuyen-doi-so', name: 'Chuyển đổi số, dịch vụ trực tuyến', unit: 'SO-KHCN' },
  { code: 'khac', name: 'Khác', unit: 'VP-UBND' },
];

export const SEED_ADMIN = { phone: '84900000000', name: 'Quản trị hệ thống' };

/** Inserts units that do not exist yet, parents first, with their materialised paths. */
async function insertUnits(tx: Tx, list: { code: string; name: string; level: UnitLevel; parent?: string }[]) {
  for (const u of list) {
    const [parent] = u.parent ? await tx.select().from(units).where(eq(units.code, u.parent)) : [];
    const [row] = await tx
      .insert(units)
      .values({ code: u.code, name: u.name, level: u.level, parentId: parent?.id ?? null, path: '/' })
      .onConflictDoNothing({ target: units.code })
      .returning();
    if (row) await tx.update(units).set({ path: `${parent?.path ?? '/'}${row.id}/` }).where(eq(units.id, row.id));
  }
}

export async function seedReferenceData(db: Db, now: Date = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    // Instances starting together seed one at a time; the second then sees the rows and adds nothing.
    await tx.execute(sql`select pg_advisory_xact_lock(727140002)`);
    // Units only when the tree is empty: a province that imported its own tree keeps it.
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(units);
    if (n === 0) {
      await insertUnits(tx, DEMO_UNITS);
      const [root] = await tx.select().from(units).where(eq(units.code, 'TINH'));
      const [admin] = await tx.insert(users).values(SEED_ADMIN).onConflictDoNothing().returning();
      if (admin) await tx.insert(userRoles).values({ userId: admin.id, unitId: root!.id, role: 'admin' });
    }
    // The former Ninh Sơn district and its agencies, which the default DTI catalog names (seed 002).
    const [demoRoot] = await tx.select().from(units).where(eq(units.code, 'TINH'));
    if (demoRoot) await insertUnits(tx, NINH_SON_UNITS);
    for (const set of [NINH_SON_DTI_SET, PHU_LUC_1_SET, BAC_KAN_PAKN_SET]) {
      try {
        await storeCatalogSet(tx, set);
      } catch (err) {
        // A province with its own unit tree imports its own catalog instead.
        if (!(err instanceof ImportRejected)) throw err;
      }
    }
    for (const c of DEMO_CATEGORIES) {
      const [unit] = await tx.select().from(units).where(eq(units.code, c.unit));
      await tx.insert(categories).values({ code: c.code, name: c.name, defaultUnitId: unit?.id ?? null }).onConflictDoNothing();
    }
    // Province default 15 working days (766 rule); urgent field reports 8 working hours.
    await tx
      .insert(deadlinePolicies)
      .values([
        { categoryId: null, urgency: 'normal', unit: 'working_days', amount: 15 },
        { categoryId: null, urgency: 'urgent', unit: 'working_hours', amount: 8 },
      ])
      .onConflictDoNothing();
    for (const s of ANNOUNCED_SCHEDULES) {
      const [created] = await tx
        .insert(calendarYears)
        .values({ year: s.year, mode: 'announced', notice: s.notice })
        .onConflictDoNothing()
        .returning();
      if (created) await tx.insert(calendarDays).values(s.days).onConflictDoNothing();
    }
  });
  await seedReportingPeriods(db, now);
}

/** This year's reporting periods for every set that has none yet, so officers can report from the first start. */
async function seedReportingPeriods(db: Db, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const cal = await loadCalendar(tx);
    const year = Number(localDateOf(now).slice(0, 4));
    const sets = await tx.select({ id: dtiSets.id }).from(dtiSets);
    for (const set of sets) {
      const [existing] = await tx.select({ id: dtiPeriods.id }).from(dtiPeriods).where(eq(dtiPeriods.setId, set.id)).limit(1);
      if (existing) continue;
      await tx.insert(dtiPeriods).values(defaultPeriods(year, cal).map((p) => ({ setId: set.id, ...p }))).onConflictDoNothing();
    }
  });
}
