import { describe, expect, it } from 'vitest';
import { DEMO_UNITS } from '../../db/seed.js';
import {
  AGENCY_TO_UNITS,
  type CatalogSeed,
  NINH_SON_DTI_SET,
  NINH_SON_SEED_ROWS,
  NINH_SON_UNITS,
  PHU_LUC_1_SET,
  unitsForAgencies,
} from '../../db/seed-data/dti-catalog-ninh-son.js';
import { validateRule, VALUE_TYPES } from '../../bot-server/src/domain/dti/scoring.js';

const indicators = (set: CatalogSeed) => set.indices.flatMap((ix) => ix.indicators);
const unitCodes = new Set(NINH_SON_UNITS.map((u) => u.code));
const communes = NINH_SON_UNITS.filter((u) => u.level === 'commune').map((u) => u.code);

describe('Ninh Sơn indicator set (seed 002)', () => {
  it('has the 8 main indices and 81 indicators of the seed', () => {
    expect(NINH_SON_DTI_SET.indices.map((ix) => [ix.code, ix.name, ix.indicators.length])).toEqual([
      ['1', 'Nhận thức số', 6],
      ['2', 'Thể chế số', 10],
      ['3', 'Hạ tầng số', 7],
      ['4', 'Nhân lực số', 7],
      ['5', 'An toàn thông tin mạng', 13],
      ['6', 'Hoạt động chính quyền số', 18],
      ['7', 'Hoạt động kinh tế số', 12],
      ['8', 'Hoạt động xã hội số', 8],
    ]);
    expect(indicators(NINH_SON_DTI_SET)).toHaveLength(81);
  });

  it('numbers the indicators of each index 1, 2, 3 … under the index code', () => {
    for (const ix of NINH_SON_DTI_SET.indices) {
      expect(ix.indicators.map((i) => i.code)).toEqual(ix.indicators.map((_, n) => `${ix.code}.${n + 1}`));
      for (const i of ix.indicators) expect(i.code.startsWith(`${ix.code}.`)).toBe(true);
    }
  });

  it('has unique codes and tidy names', () => {
    const codes = indicators(NINH_SON_DTI_SET).map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(NINH_SON_DTI_SET.indices.map((ix) => ix.code)).size).toBe(8);
    for (const i of indicators(NINH_SON_DTI_SET)) {
      expect(i.name).toBe(i.name.replace(/\s+/g, ' ').trim());
      expect(i.name).not.toMatch(/[<>]/);
      expect(i.name).toBe(i.name.normalize('NFC'));
    }
  });

  it('keeps the seed wording of spot-checked indicators', () => {
    const byCode = new Map(indicators(NINH_SON_DTI_SET).map((i) => [i.code, i]));
    expect(byCode.get('1.4')?.name).toBe('Trang TTĐT của huyện có các bài viết tuyên truyền về chuyển đổi số');
    expect(byCode.get('5.13')?.name).toBe('Kinh phí tuyên truyền nâng cao nhận thức ATTT');
    expect(byCode.get('7.2')?.name).toBe('Số doanh nghiệp công nghệ số (Số lượng doanh nghiệp cung cấp dịch vụ viễn thông – CNTT)');
    expect(byCode.get('8.8')?.name).toBe(
      'Mức độ người dân được tham gia vào cùng cơ quan nhà nước giải quyết vấn đề của địa phương với chính quyền',
    );
  });

  it('takes the maximum points of each main index from seed 003', () => {
    expect(Object.fromEntries(NINH_SON_DTI_SET.indices.map((ix) => [ix.name, ix.maxPoints]))).toEqual({
      'Nhận thức số': 60,
      'Thể chế số': 30,
      'Hạ tầng số': 60,
      'Nhân lực số': 65,
      'An toàn thông tin mạng': 45,
      'Hoạt động chính quyền số': 150,
      'Hoạt động kinh tế số': 100,
      'Hoạt động xã hội số': 90,
    });
  });

  it('leaves indicator points and scoring unknown, and marks no feedback indicator', () => {
    for (const i of indicators(NINH_SON_DTI_SET)) {
      expect(i.maxPoints ?? null).toBeNull();
      expect(i.scoring).toBeUndefined();
      expect(i.autoSource ?? null).toBeNull();
      expect(VALUE_TYPES).toContain(i.valueType);
    }
  });

  it('infers value types from the wording', () => {
    const byCode = new Map(indicators(NINH_SON_DTI_SET).map((i) => [i.code, i]));
    for (const i of byCode.values()) {
      if (i.name.startsWith('Tỷ lệ')) expect(i.valueType, i.code).toBe('ratio');
      if (/^Tổng (kinh phí|chi)|^Kinh phí/.test(i.name)) expect(i.valueType, i.code).toBe('amount');
      if (i.name.startsWith('Số lượng') && i.code !== '8.4') expect(i.valueType, i.code).toBe('count');
    }
    expect(byCode.get('8.4')?.valueType).toBe('ratio'); // "Số lượng … (trên tổng số hộ gia đình)"
    expect(byCode.get('1.6')?.valueType).toBe('count'); // "Tần suất …"
    expect(byCode.get('2.1')?.valueType).toBe('boolean');
    expect(byCode.get('7.1')?.valueType).toBe('percentage'); // "Tỷ trọng … trong GRDP"
  });

  it('assigns every indicator a lead, with units that exist and never both lead and coordinating', () => {
    for (const i of indicators(NINH_SON_DTI_SET)) {
      expect(i.lead.length, i.code).toBeGreaterThanOrEqual(1);
      for (const u of [...i.lead, ...i.coordinating]) expect(unitCodes.has(u), `${i.code} ${u}`).toBe(true);
      expect(new Set(i.lead).size).toBe(i.lead.length);
      expect(new Set(i.coordinating).size).toBe(i.coordinating.length);
      expect(i.coordinating.filter((u) => i.lead.includes(u)), i.code).toEqual([]);
    }
  });

  it('resolves the seed phrases through the mapping table', () => {
    const byCode = new Map(indicators(NINH_SON_DTI_SET).map((i) => [i.code, i]));
    expect(NINH_SON_SEED_ROWS).toHaveLength(81);
    for (const row of NINH_SON_SEED_ROWS) {
      for (const p of [...row.lead, ...row.coordinating]) expect(AGENCY_TO_UNITS[p], p).toBeDefined();
      const i = byCode.get(row.code)!;
      expect(i.lead).toEqual(unitsForAgencies(row.lead));
      expect(i.coordinating).toEqual(unitsForAgencies(row.coordinating, i.lead));
    }
    for (const units of Object.values(AGENCY_TO_UNITS)) for (const u of units) expect(unitCodes.has(u)).toBe(true);
    expect(() => unitsForAgencies(['Sở Thông tin và Truyền thông'])).toThrow(/No unit mapping/);
  });

  it('maps spot-checked rows as the seed assigns them', () => {
    const byCode = new Map(indicators(NINH_SON_DTI_SET).map((i) => [i.code, i]));
    // 1.5: Phòng Văn hóa và Thông tin leads; the centre and every commune coordinate.
    expect(byCode.get('1.5')).toMatchObject({ lead: ['NS-VHTT'], coordinating: ['NS-TTVHTT', ...communes] });
    // 3.1: the telecom companies coordinate.
    expect(byCode.get('3.1')).toMatchObject({ lead: ['NS-VHTT'], coordinating: ['NS-DNVT'] });
    // 4.2: the communes lead; "Văn phòng HĐND-UBND huyện, UBND cấp xã" leaves only the office coordinating.
    expect(byCode.get('4.2')).toMatchObject({ lead: communes, coordinating: ['NS-VP'] });
    // 5.13: no coordinating agency in the seed.
    expect(byCode.get('5.13')).toMatchObject({ lead: ['NS-VHTT'], coordinating: [] });
    // 6.18: "VP HĐND-UBND; Phòng Văn hóa và Thông tin".
    expect(byCode.get('6.18')).toMatchObject({ lead: ['NS-TCKH'], coordinating: ['NS-VP', 'NS-VHTT'] });
    // 7.7, 8.1, 8.2, 8.4: the tax office, police, banks and post office lead.
    expect(byCode.get('7.7')?.lead).toEqual(['NS-CCT']);
    expect(byCode.get('8.1')?.lead).toEqual(['NS-CA']);
    expect(byCode.get('8.2')?.lead).toEqual(['NS-NGANHANG']);
    expect(byCode.get('8.4')?.lead).toEqual(['NS-BUUDIEN']);
    // "Các cơ quan, đơn vị và địa phương" minus the lead: 6 offices and centre + 8 communes.
    const c59 = byCode.get('5.9')!;
    expect(c59.lead).toEqual(['NS-VP']);
    expect(c59.coordinating).toHaveLength(14);
    expect(c59.coordinating).toEqual(expect.arrayContaining(communes));
  });

  it('describes the set', () => {
    expect(NINH_SON_DTI_SET).toMatchObject({ code: 'NINH-SON-DTI-2022', province: 'Ninh Thuận', level: 'district', year: 2022 });
    expect(NINH_SON_DTI_SET.source).toMatch(/852\/QĐ-UBND/);
  });
});

describe('Ninh Sơn units', () => {
  it('have unique upper-case NS- codes', () => {
    const codes = NINH_SON_UNITS.map((u) => u.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^NS(-[A-Z0-9]+)*$/);
  });

  it('hang under the district, which hangs under the demo province root', () => {
    expect(DEMO_UNITS.some((u) => u.code === 'TINH')).toBe(true);
    const district = NINH_SON_UNITS.find((u) => u.code === 'NS');
    expect(district).toMatchObject({ name: 'UBND huyện Ninh Sơn', level: 'district', parent: 'TINH' });
    for (const u of NINH_SON_UNITS) {
      if (u.code === 'NS') continue;
      expect(u.parent && unitCodes.has(u.parent), u.code).toBe(true);
    }
    // Codes do not clash with the demo units already in the database.
    for (const u of DEMO_UNITS) expect(unitCodes.has(u.code)).toBe(false);
  });

  it('include the 8 communes of Ninh Sơn and the outside parties as other', () => {
    expect(NINH_SON_UNITS.filter((u) => u.level === 'commune').map((u) => u.name)).toEqual([
      'Xã Lâm Sơn',
      'Xã Lương Sơn',
      'Xã Quảng Sơn',
      'Xã Hòa Sơn',
      'Xã Ma Nới',
      'Xã Mỹ Sơn',
      'Xã Nhơn Sơn',
      'Thị trấn Tân Sơn',
    ]);
    expect(NINH_SON_UNITS.filter((u) => u.level === 'other').map((u) => u.code)).toEqual(['NS-DNVT', 'NS-NGANHANG', 'NS-BUUDIEN']);
  });
});

describe('Phụ lục 1 set (seed 000)', () => {
  it('holds the four workstation figures as counts, reported by every office and commune', () => {
    expect(PHU_LUC_1_SET.indices).toHaveLength(1);
    const list = indicators(PHU_LUC_1_SET);
    expect(list.map((i) => [i.code, i.valueType])).toEqual([
      ['PL1.1', 'count'],
      ['PL1.2', 'count'],
      ['PL1.3', 'count'],
      ['PL1.4', 'count'],
    ]);
    expect(list[2]?.name).toMatch(/NCSC/);
    for (const i of list) {
      expect(i.code.startsWith(`${PHU_LUC_1_SET.indices[0]!.code}.`)).toBe(true);
      expect(i.lead).toHaveLength(15);
      expect(i.lead).toEqual(expect.arrayContaining(['NS-VHTT', ...communes]));
      for (const u of i.lead) expect(unitCodes.has(u)).toBe(true);
      expect(i.coordinating).toEqual([]);
      expect(i.scoring).toBeUndefined();
    }
    expect(PHU_LUC_1_SET.code).not.toBe(NINH_SON_DTI_SET.code);
  });
});

describe('catalog rules', () => {
  it('any rule present in a seeded set is valid for its indicator', () => {
    for (const set of [NINH_SON_DTI_SET, PHU_LUC_1_SET]) {
      for (const i of indicators(set)) {
        if (i.scoring) expect(validateRule(i.scoring, i.valueType, i.maxPoints), i.code).toEqual([]);
      }
    }
  });
});
