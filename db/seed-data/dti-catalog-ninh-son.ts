// The default DTI indicator set as typed data: the district-level set of Ninh Thuận (Phụ lục 2 of
// QĐ 852/QĐ-UBND, 08/7/2022) as UBND huyện Ninh Sơn assigned it, indicator by indicator, to a lead agency
// (cơ quan chủ trì) and coordinating agencies (cơ quan phối hợp) — shared/seeds/002. Plus the small
// workstation/anti-malware form "Phụ lục 1" of Bình Sơn (Quảng Ngãi) — shared/seeds/000.
//
// Transcription rules: codes and Vietnamese names are the seed's, with only whitespace tidied and the
// source's <i>…</i> markup dropped; a name split over a page break (7.2) is joined. Spelling slips of the
// source are kept as written (4.3, 4.5, 4.7 "chuyên đổi số"; 7.9 "Vở sò"). Agencies are kept as the seed's
// phrases and resolved through AGENCY_TO_UNITS below, so the assignment can be checked against the seed.
//
// District-level government ended on 1 July 2025 (Nghị quyết 203/2025/QH15): these units are historical;
// the set is kept as the record of how the former district reported.
import type { ScoringRule, ValueType } from '../../bot-server/src/domain/dti/scoring.js';

export type { ScoringRule, ValueType } from '../../bot-server/src/domain/dti/scoring.js';

export interface IndicatorSeed {
  code: string;
  name: string;
  valueType: ValueType;
  unitOfMeasure?: string;
  guidance?: string;
  evidenceRequired: boolean;
  /** Unit codes of the lead agencies (cơ quan chủ trì). */
  lead: string[];
  /** Unit codes of the coordinating agencies (cơ quan phối hợp); never repeats a lead unit. */
  coordinating: string[];
  /** Undefined: no source states how the indicator is scored, so its score is unknown. */
  scoring?: ScoringRule;
  maxPoints?: number | null;
  /** Filled by the system: `feedback:<3.1…3.4 | 4.1 | 4.2>` computes the value from the feedback it holds. */
  autoSource?: `feedback:${'3.1' | '3.2' | '3.3' | '3.4' | '4.1' | '4.2'}` | null;
}

export interface IndexSeed {
  code: string;
  name: string;
  /** null: no source gives the maximum. */
  maxPoints: number | null;
  indicators: IndicatorSeed[];
}

export interface CatalogSeed {
  code: string;
  name: string;
  province: string;
  year: number;
  level: 'province' | 'department' | 'commune' | 'district';
  source: string;
  indices: IndexSeed[];
}

export interface UnitSeed {
  code: string;
  name: string;
  level: 'province' | 'department' | 'commune' | 'district' | 'other';
  /** Code of the parent unit: another NINH_SON_UNITS entry, or 'TINH', the demo province root of db/seed.ts. */
  parent?: string;
}

// ——— Units of the former district ———

/** The communes of Ninh Sơn (7 xã and thị trấn Tân Sơn), in the order the group phrases expand to. */
const COMMUNES: UnitSeed[] = [
  { code: 'NS-XA-LAMSON', name: 'Xã Lâm Sơn', level: 'commune', parent: 'NS' },
  { code: 'NS-XA-LUONGSON', name: 'Xã Lương Sơn', level: 'commune', parent: 'NS' },
  { code: 'NS-XA-QUANGSON', name: 'Xã Quảng Sơn', level: 'commune', parent: 'NS' },
  { code: 'NS-XA-HOASON', name: 'Xã Hòa Sơn', level: 'commune', parent: 'NS' },
  { code: 'NS-XA-MANOI', name: 'Xã Ma Nới', level: 'commune', parent: 'NS' },
  { code: 'NS-XA-MYSON', name: 'Xã Mỹ Sơn', level: 'commune', parent: 'NS' },
  { code: 'NS-XA-NHONSON', name: 'Xã Nhơn Sơn', level: 'commune', parent: 'NS' },
  { code: 'NS-TT-TANSON', name: 'Thị trấn Tân Sơn', level: 'commune', parent: 'NS' },
];

/**
 * Offices and the public-service centre of UBND huyện — the "cơ quan, đơn vị thuộc huyện" the notice is
 * addressed to. Only the ones the seed names: other offices of the district (Tư pháp, Y tế, …) are not in
 * the source; an admin can add them with the org import.
 */
const OFFICES: UnitSeed[] = [
  { code: 'NS-VP', name: 'Văn phòng HĐND-UBND huyện Ninh Sơn', level: 'department', parent: 'NS' },
  { code: 'NS-VHTT', name: 'Phòng Văn hóa và Thông tin huyện Ninh Sơn', level: 'department', parent: 'NS' },
  { code: 'NS-TCKH', name: 'Phòng Tài chính - Kế hoạch huyện Ninh Sơn', level: 'department', parent: 'NS' },
  { code: 'NS-NV', name: 'Phòng Nội vụ huyện Ninh Sơn', level: 'department', parent: 'NS' },
  { code: 'NS-GDDT', name: 'Phòng Giáo dục và Đào tạo huyện Ninh Sơn', level: 'department', parent: 'NS' },
  { code: 'NS-KTHT', name: 'Phòng Kinh tế - Hạ tầng huyện Ninh Sơn', level: 'department', parent: 'NS' },
  {
    code: 'NS-TTVHTT',
    name: 'Trung tâm Văn hóa - Thông tin và Truyền thanh huyện Ninh Sơn',
    level: 'department',
    parent: 'NS',
  },
];

/** State agencies in the district that are managed vertically (not offices of UBND huyện). */
const VERTICAL_AGENCIES: UnitSeed[] = [
  { code: 'NS-CA', name: 'Công an huyện Ninh Sơn', level: 'department', parent: 'NS' },
  { code: 'NS-CCT', name: 'Chi cục Thuế (địa bàn huyện Ninh Sơn)', level: 'department', parent: 'NS' },
];

/**
 * Outside parties. The seed names the telecom companies and the banks only as groups, so each group is one
 * unit here; an admin can split it into the actual companies.
 */
const OUTSIDE_PARTIES: UnitSeed[] = [
  { code: 'NS-DNVT', name: 'Các doanh nghiệp viễn thông trên địa bàn huyện Ninh Sơn', level: 'other', parent: 'NS' },
  { code: 'NS-NGANHANG', name: 'Các ngân hàng trên địa bàn huyện Ninh Sơn', level: 'other', parent: 'NS' },
  { code: 'NS-BUUDIEN', name: 'Bưu điện huyện Ninh Sơn', level: 'other', parent: 'NS' },
];

export const NINH_SON_UNITS: UnitSeed[] = [
  { code: 'NS', name: 'UBND huyện Ninh Sơn', level: 'district', parent: 'TINH' },
  ...OFFICES,
  ...VERTICAL_AGENCIES,
  ...COMMUNES,
  ...OUTSIDE_PARTIES,
];

const codes = (units: UnitSeed[]) => units.map((u) => u.code);

// ——— Agency phrase → unit codes ———

/**
 * Every agency phrase of seed 002, spelled exactly as it appears there (variants included), and the units it
 * denotes. Group phrases:
 *   "Các cơ quan, đơn vị và địa phương" = the offices and centre of UBND huyện + the 8 communes
 *     (vertically managed agencies and outside parties are not "cơ quan, đơn vị thuộc huyện");
 *   "UBND các xã, thị trấn", "UBND cấp xã", "Ủy ban nhân dân cấp xã" = the 8 communes.
 */
export const AGENCY_TO_UNITS: Readonly<Record<string, readonly string[]>> = {
  'Văn phòng HĐND-UBND huyện': ['NS-VP'],
  'VP HĐND-UBND': ['NS-VP'],
  'Phòng Văn hóa và Thông tin': ['NS-VHTT'],
  'Phòng Văn hoá và Thông tin': ['NS-VHTT'],
  'Phòng Tài chính-Kế hoạch': ['NS-TCKH'],
  'Phòng Nội vụ': ['NS-NV'],
  'Phòng giáo dục và Đào tạo': ['NS-GDDT'],
  'Phòng Kinh tế - Hạ Tầng': ['NS-KTHT'],
  'Trung tâm VH TT & Truyền thanh huyện': ['NS-TTVHTT'],
  'Công an huyện': ['NS-CA'],
  'Chi Cục thuế': ['NS-CCT'],
  'Các doanh nghiệp viễn thông': ['NS-DNVT'],
  'Các ngân hàng': ['NS-NGANHANG'],
  'Bưu điện huyện': ['NS-BUUDIEN'],
  'UBND các xã, thị trấn': codes(COMMUNES),
  'UBND cấp xã': codes(COMMUNES),
  'Ủy ban nhân dân cấp xã': codes(COMMUNES),
  'Các cơ quan, đơn vị và địa phương': [...codes(OFFICES), ...codes(COMMUNES)],
  'các cơ quan, đơn vị và địa phương': [...codes(OFFICES), ...codes(COMMUNES)],
};

/** Units for a list of seed phrases, in NINH_SON_UNITS order, each once. Throws on a phrase not in the table. */
export function unitsForAgencies(phrases: readonly string[], exclude: readonly string[] = []): string[] {
  const wanted = new Set<string>();
  for (const p of phrases) {
    const units = AGENCY_TO_UNITS[p];
    if (!units) throw new Error(`No unit mapping for agency phrase "${p}"`);
    for (const u of units) wanted.add(u);
  }
  for (const u of exclude) wanted.delete(u);
  return NINH_SON_UNITS.map((u) => u.code).filter((c) => wanted.has(c));
}

// ——— Maximum points per main index ———

/**
 * Maximum points per main index from seed 003 (Bù Đăng, Bình Phước, DTI 2023: "39.38/60" …), by its own
 * spelling. A main index of this set takes the maximum of the 003 index with the same name; none otherwise.
 * Seed 003 writes "Thẻ chế số" for "Thể chế số" (a typo): the alias below matches them.
 */
export const SEED_003_MAX_POINTS: Readonly<Record<string, number>> = {
  'Nhận thức số': 60,
  'Thẻ chế số': 30,
  'Hạ tầng số': 60,
  'Nhân lực số': 65,
  'An toàn thông tin mạng': 45,
  'Hoạt động chính quyền số': 150,
  'Hoạt động kinh tế số': 100,
  'Hoạt động xã hội số': 90,
  'Trang thông tin điện tử': 100,
};
const SEED_003_ALIASES: Readonly<Record<string, string>> = { 'Thể chế số': 'Thẻ chế số' };

function seed003Max(indexName: string): number | null {
  return SEED_003_MAX_POINTS[SEED_003_ALIASES[indexName] ?? indexName] ?? null;
}

// ——— The indicator list of seed 002 ———

/** One row of the seed's table: the agencies are the seed's phrases, resolved by AGENCY_TO_UNITS. */
export interface SeedRow {
  code: string;
  name: string;
  valueType: ValueType;
  lead: string[];
  coordinating: string[];
  unitOfMeasure?: string;
  guidance?: string;
}

/**
 * The seed lists no evidence per indicator. DTI self-assessments are verified against "tài liệu kiểm chứng"
 * for every component (reference/indicator-anchors.md §6.3; seed 003 §IV.2 asks units for figures together
 * with evidence), so every indicator of the set asks for evidence.
 */
const EVIDENCE_REQUIRED = true;

const VP = 'Văn phòng HĐND-UBND huyện';
const VHTT = 'Phòng Văn hóa và Thông tin';
const TCKH = 'Phòng Tài chính-Kế hoạch';
const ALL = 'Các cơ quan, đơn vị và địa phương';
const XA = 'UBND các xã, thị trấn';
const TTVHTT = 'Trung tâm VH TT & Truyền thanh huyện';
const DNVT = 'Các doanh nghiệp viễn thông';

const ratio = (numerator: string, denominator: string) => `Tử số: ${numerator}. Mẫu số: ${denominator}.`;
const inPeriod = 'trong kỳ báo cáo';

type Row = [code: string, name: string, valueType: ValueType, lead: string[], coordinating: string[], extra?: Partial<SeedRow>];

const INDEX_ROWS: { code: string; name: string; rows: Row[] }[] = [
  {
    code: '1',
    name: 'Nhận thức số',
    rows: [
      ['1.1', 'Người đứng đầu huyện có là thành viên của Ban chỉ đạo, điều hành Chuyển đổi số của tỉnh', 'boolean', [VP], [VHTT]],
      ['1.2', 'Người đứng đầu huyện chủ trì, chỉ đạo chuyển đổi số của đơn vị', 'boolean', [VP], [VHTT]],
      [
        '1.3',
        'Văn bản chỉ đạo chuyên đề về chuyển đổi số do người đứng đầu cấp huyện (Chủ tịch cấp huyện) ký',
        'count',
        [VHTT],
        [VP],
        { unitOfMeasure: 'văn bản', guidance: `Số văn bản chỉ đạo chuyên đề về chuyển đổi số do Chủ tịch UBND huyện ký ${inPeriod}.` },
      ],
      [
        '1.4',
        'Trang TTĐT của huyện có các bài viết tuyên truyền về chuyển đổi số',
        'count',
        [VHTT],
        [VP, 'các cơ quan, đơn vị và địa phương'],
        { unitOfMeasure: 'tin, bài', guidance: `Số tin, bài tuyên truyền về chuyển đổi số đăng trên Trang TTĐT của huyện ${inPeriod}.` },
      ],
      ['1.5', 'Hệ thống truyền thanh cơ sở có chuyên mục riêng về chuyển đổi số', 'boolean', [VHTT], [TTVHTT, XA]],
      [
        '1.6',
        'Tần suất hệ thống truyền thanh cơ sở phát sóng chuyên mục riêng về chuyển đổi số',
        'count',
        [VHTT],
        [TTVHTT, XA],
        { unitOfMeasure: 'lần phát sóng', guidance: `Số lần phát sóng chuyên mục riêng về chuyển đổi số ${inPeriod}.` },
      ],
    ],
  },
  {
    code: '2',
    name: 'Thể chế số',
    rows: [
      ['2.1', 'Nghị quyết chuyên đề hoặc văn bản tương đương của cấp ủy về chuyển đổi số của cấp Huyện', 'boolean', [VHTT], [VP]],
      ['2.2', 'Kế hoạch hành động 5 năm của cấp Huyện về chuyển đổi số', 'boolean', [VHTT], [VP]],
      ['2.3', 'Kế hoạch hành động hằng năm của cấp Huyện về chuyển đổi số', 'boolean', [VHTT], [VP]],
      ['2.4', 'Triển khai kiến trúc Chính quyền điện tử theo phiên bản mới nhất do Tỉnh ban hành', 'boolean', [VP], [VHTT]],
      [
        '2.5',
        'Tham gia đầy đủ hội nghị, bồi dưỡng, tập huấn định kỳ hằng năm của tỉnh để phổ biến, quán triệt và giám sát tuân thủ kiến trúc Chính quyền điện tử',
        'boolean',
        [VP],
        [VHTT],
      ],
      ['2.6', 'Thực hiện theo Văn bản định kỳ hằng năm của tỉnh nhắc nhở, chấn chỉnh quản lý chi cho chuyển đổi số', 'boolean', [TCKH], [VHTT]],
      [
        '2.7',
        'Tham gia đầy đủ hội nghị, bồi dưỡng, tập huấn định kỳ hằng năm của tỉnh để phổ biến, quán triệt công tác chi cho chuyển đổi số',
        'boolean',
        [VHTT],
        [TCKH],
      ],
      [
        '2.8',
        'Thực hiện theo chính sách của tỉnh về tỷ lệ chi Ngân sách nhà nước tối thiểu hằng năm cho chuyển đổi số',
        'percentage',
        [TCKH],
        [ALL],
        { unitOfMeasure: '%', guidance: 'Tỷ lệ (%) chi Ngân sách nhà nước cho chuyển đổi số trên tổng chi ngân sách của huyện trong năm.' },
      ],
      [
        '2.9',
        'Thực hiện chính sách của tỉnh hoặc có sáng kiến mới để khuyến khích người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến (DVCTT)',
        'boolean',
        [TCKH],
        [ALL],
      ],
      [
        '2.10',
        'Thực hiện chính sách của tỉnh hoặc có sáng kiến mới để khuyến khích doanh nghiệp nhỏ và vừa chuyển đổi số',
        'boolean',
        [TCKH],
        [ALL],
      ],
    ],
  },
  {
    code: '3',
    name: 'Hạ tầng số',
    rows: [
      [
        '3.1',
        'Tỷ lệ dân số trưởng thành có điện thoại thông minh',
        'ratio',
        [VHTT],
        [DNVT],
        { guidance: ratio('số người trưởng thành có điện thoại thông minh', 'dân số trưởng thành của huyện') },
      ],
      [
        '3.2',
        'Tỷ lệ hộ gia đình có người có điện thoại thông minh',
        'ratio',
        [VHTT],
        [DNVT],
        { guidance: ratio('số hộ gia đình có người có điện thoại thông minh', 'tổng số hộ gia đình') },
      ],
      [
        '3.3',
        'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang',
        'ratio',
        [VHTT],
        [DNVT],
        { guidance: ratio('số hộ gia đình có kết nối Internet băng rộng cáp quang', 'tổng số hộ gia đình') },
      ],
      [
        '3.4',
        'Tỷ lệ UBND cấp huyện kết nối mạng Truyền số liệu chuyên dùng',
        'ratio',
        [VP],
        [DNVT],
        { guidance: ratio('số cơ quan đã kết nối mạng Truyền số liệu chuyên dùng', 'tổng số cơ quan thuộc phạm vi chỉ số') },
      ],
      ['3.5', 'Huyện có các ứng dụng chuyên ngành triển khai trên Trung tâm dữ liệu của tỉnh', 'boolean', [VHTT], [VP]],
      ['3.6', 'Huyện có sử dụng nền tảng số của tỉnh', 'boolean', [VHTT], [VP]],
      [
        '3.7',
        'Mức độ ứng dụng Trí tuệ nhân tạo (AI) trong nền tảng số',
        'text',
        [VHTT],
        [ALL],
        { guidance: 'Bộ chỉ số không nêu thang đo: mô tả mức độ ứng dụng và nêu tài liệu kiểm chứng.' },
      ],
    ],
  },
  {
    code: '4',
    name: 'Nhân lực số',
    rows: [
      [
        '4.1',
        'Tổ công nghệ số cộng đồng đến mức xã',
        'ratio',
        [VHTT],
        [VP, 'UBND cấp xã'],
        { guidance: ratio('số xã, thị trấn đã thành lập Tổ công nghệ số cộng đồng', 'tổng số xã, thị trấn') },
      ],
      [
        '4.2',
        'Tổ công nghệ số cộng đồng đến mức thôn, xóm',
        'ratio',
        ['Ủy ban nhân dân cấp xã'],
        [VP, 'UBND cấp xã'],
        { guidance: ratio('số thôn, xóm đã thành lập Tổ công nghệ số cộng đồng', 'tổng số thôn, xóm') },
      ],
      [
        '4.3',
        'Tỷ lệ công chức, viên chức chuyên trách, kiêm nhiệm về chuyên đổi số',
        'ratio',
        ['Phòng Nội vụ'],
        [ALL],
        { guidance: ratio('số công chức, viên chức chuyên trách, kiêm nhiệm về chuyển đổi số', 'tổng số công chức, viên chức') },
      ],
      [
        '4.4',
        'Tỷ lệ công chức, viên chức chuyên trách, kiêm nhiệm về An toàn thông tin mạng',
        'ratio',
        ['Phòng Nội vụ'],
        [ALL],
        { guidance: ratio('số công chức, viên chức chuyên trách, kiêm nhiệm về an toàn thông tin mạng', 'tổng số công chức, viên chức') },
      ],
      [
        '4.5',
        'Tỷ lệ công chức, viên chức được bồi dưỡng, tập huấn về chuyên đổi số',
        'ratio',
        [VP],
        [ALL],
        { guidance: ratio('số công chức, viên chức được bồi dưỡng, tập huấn về chuyển đổi số', 'tổng số công chức, viên chức') },
      ],
      [
        '4.6',
        'Tỷ lệ người lao động được bồi dưỡng, tập huấn kỹ năng số',
        'ratio',
        [VP],
        [ALL],
        { guidance: ratio('số người lao động được bồi dưỡng, tập huấn kỹ năng số', 'tổng số người trong độ tuổi lao động') },
      ],
      [
        '4.7',
        'Tỷ lệ các cơ sở giáo dục từ tiểu học đến trung học phổ thông thực hiện chuyên đổi số (hoàn thiện được mô hình quản trị số, hoạt động số, chuẩn hóa dữ liệu số, kho học liệu số mở).',
        'ratio',
        ['Phòng giáo dục và Đào tạo'],
        [ALL],
        { guidance: ratio('số cơ sở giáo dục từ tiểu học đến trung học phổ thông thực hiện chuyển đổi số', 'tổng số cơ sở giáo dục từ tiểu học đến trung học phổ thông') },
      ],
    ],
  },
  {
    code: '5',
    name: 'An toàn thông tin mạng',
    rows: [
      ['5.1', 'Số lượng hệ thống thông tin đã được phê duyệt hồ sơ đề xuất cấp độ', 'count', [VP], [ALL], { unitOfMeasure: 'hệ thống' }],
      [
        '5.2',
        'Số lượng hệ thống thông tin triển khai đầy đủ phương án bảo vệ theo Hồ sơ đề xuất cấp độ đã được phê duyệt',
        'count',
        [VP],
        [ALL],
        { unitOfMeasure: 'hệ thống' },
      ],
      ['5.3', 'Số lượng máy chủ của cơ quan nhà nước cài đặt phòng, chống mã độc', 'count', [VP], [ALL], { unitOfMeasure: 'máy chủ' }],
      ['5.4', 'Số lượng máy trạm của cơ quan nhà nước cài đặt phòng, chống mã độc', 'count', [VP], [ALL], { unitOfMeasure: 'máy trạm' }],
      ['5.5', 'Số lượng IP botnet được phát hiện, cảnh báo và xử lý, loại bỏ mã độc', 'count', [VP], [ALL], { unitOfMeasure: 'địa chỉ IP' }],
      [
        '5.6',
        'Số lượng hệ thống thông tin của cơ quan nhà nước được giám sát trực tiếp và kết nối chia sẻ dữ liệu với Trung tâm Giám sát an toàn không gian mạng quốc gia (NCSC)',
        'count',
        [VP],
        [ALL],
        { unitOfMeasure: 'hệ thống' },
      ],
      [
        '5.7',
        'Số lượng hệ thống thông tin của cơ quan nhà nước đã được kiểm tra, đánh giá đầy đủ các nội dung theo quy định tại Thông tư số 03/2017/TT-BTTTT ngày 24/4/2017',
        'count',
        [VP],
        [ALL],
        { unitOfMeasure: 'hệ thống' },
      ],
      ['5.8', 'Số lượng các phương án ứng cứu xử lý sự cố tấn công mạng', 'count', [VP], [ALL], { unitOfMeasure: 'phương án' }],
      ['5.9', 'Số lượng các cuộc diễn tập được triển khai', 'count', [VP], [ALL], { unitOfMeasure: 'cuộc' }],
      ['5.10', 'Số lượng sự cố đã phát hiện trong cơ quan nhà nước', 'count', [VP], [ALL], { unitOfMeasure: 'sự cố' }],
      ['5.11', 'Số lượng sự cố đã xử lý trong cơ quan nhà nước', 'count', [VP], [ALL], { unitOfMeasure: 'sự cố' }],
      ['5.12', 'Tổng kinh phí chi cho an toàn thông tin (ATTT)', 'amount', [TCKH], [ALL], { unitOfMeasure: 'đồng' }],
      ['5.13', 'Kinh phí tuyên truyền nâng cao nhận thức ATTT', 'amount', ['Phòng Văn hoá và Thông tin'], [], { unitOfMeasure: 'đồng' }],
    ],
  },
  {
    code: '6',
    name: 'Hoạt động chính quyền số',
    rows: [
      ['6.1', 'Trang TTĐT của huyện đáp ứng yêu cầu theo quy định', 'boolean', [VHTT], [VP]],
      [
        '6.2',
        'Huyện có tham gia cung cấp dữ liệu mở (gồm 2 ý: 1 là có tham gia, 2: cung cấp trên Cổng dữ liệu mở của tỉnh)',
        'boolean',
        [VP],
        [VHTT],
        { guidance: 'Chỉ số gồm 2 ý: (1) có tham gia cung cấp dữ liệu mở; (2) cung cấp trên Cổng dữ liệu mở của tỉnh.' },
      ],
      ['6.3', 'Huyện có kết nối với LGSP để chia sẻ, khai thác dữ liệu có các CQNN khác sử dụng', 'boolean', [VP], [VHTT]],
      ['6.4', 'Huyện có sử dụng dịch vụ dữ liệu trên Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)', 'boolean', [VP], [VHTT]],
      [
        '6.5',
        'Tỷ lệ DVCTT mức độ 4 hoặc toàn trình',
        'ratio',
        [VP],
        [ALL],
        { guidance: ratio('số DVCTT mức độ 4 hoặc toàn trình', 'tổng số thủ tục hành chính thuộc thẩm quyền giải quyết') },
      ],
      ['6.6', 'Tỷ lệ DVCTT được điền sẵn thông tin', 'ratio', [VP], [ALL], { guidance: ratio('số DVCTT được điền sẵn thông tin', 'tổng số DVCTT') }],
      ['6.7', 'Tỷ lệ DVCTT được cá thể hóa', 'ratio', [VP], [ALL], { guidance: ratio('số DVCTT được cá thể hóa', 'tổng số DVCTT') }],
      [
        '6.8',
        'Tỷ lệ DVCTT phát sinh hồ sơ trực tuyến',
        'ratio',
        [VP],
        [ALL],
        { guidance: ratio('số DVCTT có phát sinh hồ sơ trực tuyến', 'tổng số DVCTT') },
      ],
      ['6.9', 'Tỷ lệ hồ sơ xử lý trực tuyến', 'ratio', [VP], [ALL], { guidance: ratio('số hồ sơ xử lý trực tuyến', 'tổng số hồ sơ đã xử lý') }],
      [
        '6.10',
        'Tỷ lệ tài khoản của người dân, doanh nghiệp có sử dụng DVCTT mức độ 3, 4 trong năm',
        'ratio',
        [VP],
        [ALL],
        { guidance: ratio('số tài khoản có sử dụng DVCTT mức độ 3, 4 trong năm', 'tổng số tài khoản của người dân, doanh nghiệp') },
      ],
      [
        '6.11',
        'Mức độ hài lòng của người dân, doanh nghiệp khi sử dụng DVCTT',
        'percentage',
        [VP],
        [ALL],
        { unitOfMeasure: '%', guidance: 'Tỷ lệ (%) người dân, doanh nghiệp hài lòng khi sử dụng DVCTT.' },
      ],
      ['6.12', 'Sử dụng nền tảng phân tích, xử lý dữ liệu tổng hợp tập trung của tỉnh', 'boolean', [VP], [ALL]],
      ['6.13', 'Sử dụng nền tảng số quản trị tổng thể, thống nhất của tỉnh', 'boolean', [VP], [ALL]],
      ['6.14', 'Huyện, thành phố sử dụng nền tảng hợp trực tuyến của tỉnh', 'boolean', [VP], [ALL]],
      ['6.15', 'Sử dụng nền tảng giám sát trực tuyến của tỉnh để phục vụ công tác quản lý nhà nước', 'boolean', [VP], [VHTT]],
      ['6.16', 'Sử dụng nền tảng trợ lý ảo phục vụ người dân, doanh nghiệp', 'boolean', [VP], [VHTT]],
      ['6.17', 'Sử dụng nền tảng trợ lý ảo phục vụ công chức, viên chức', 'boolean', [VP], [VHTT]],
      ['6.18', 'Tổng chi Ngân sách nhà nước cho chính quyền số', 'amount', [TCKH], ['VP HĐND-UBND', VHTT], { unitOfMeasure: 'đồng' }],
    ],
  },
  {
    code: '7',
    name: 'Hoạt động kinh tế số',
    rows: [
      ['7.1', 'Tỷ trọng kinh tế số trong GRDP', 'percentage', [TCKH], [ALL], { unitOfMeasure: '%' }],
      [
        '7.2',
        'Số doanh nghiệp công nghệ số (Số lượng doanh nghiệp cung cấp dịch vụ viễn thông – CNTT)',
        'count',
        [TCKH],
        [ALL],
        { unitOfMeasure: 'doanh nghiệp' },
      ],
      ['7.3', 'Số lượng doanh nghiệp nền tảng số', 'count', [TCKH], [ALL], { unitOfMeasure: 'doanh nghiệp' }],
      ['7.4', 'Số lượng doanh nghiệp nhỏ và vừa tiếp cận, tham gia chương trình SMEdx', 'count', [TCKH], [ALL], { unitOfMeasure: 'doanh nghiệp' }],
      [
        '7.5',
        'Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số',
        'ratio',
        [TCKH],
        [ALL],
        { guidance: ratio('số doanh nghiệp nhỏ và vừa sử dụng nền tảng số', 'tổng số doanh nghiệp nhỏ và vừa') },
      ],
      [
        '7.6',
        'Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử',
        'ratio',
        [TCKH],
        [ALL],
        { guidance: ratio('số doanh nghiệp sử dụng hợp đồng điện tử', 'tổng số doanh nghiệp') },
      ],
      [
        '7.7',
        'Tỷ lệ doanh nghiệp nộp thuế điện tử',
        'ratio',
        ['Chi Cục thuế'],
        [ALL],
        { guidance: ratio('số doanh nghiệp nộp thuế điện tử', 'tổng số doanh nghiệp') },
      ],
      [
        '7.8',
        'Số điểm phục vụ của mạng bưu chính công cộng có kết nối internet băng rộng cố định',
        'count',
        [VHTT],
        [ALL],
        { unitOfMeasure: 'điểm phục vụ' },
      ],
      ['7.9', 'Số lượng giao dịch trên sàn thương mại điện tử Vở sò và Postmart', 'count', ['Phòng Kinh tế - Hạ Tầng'], [ALL], { unitOfMeasure: 'giao dịch' }],
      ['7.10', 'Số lượng tên miền .vn', 'count', [VP], [ALL], { unitOfMeasure: 'tên miền' }],
      ['7.11', 'Tổng kinh phí đầu tư từ Ngân sách nhà nước cho kinh tế số', 'amount', [TCKH], [ALL], { unitOfMeasure: 'đồng' }],
      ['7.12', 'Tổng kinh phí chi thường xuyên từ Ngân sách nhà nước cho kinh tế số', 'amount', [TCKH], [ALL], { unitOfMeasure: 'đồng' }],
    ],
  },
  {
    code: '8',
    name: 'Hoạt động xã hội số',
    rows: [
      ['8.1', 'Số lượng người dân có danh tính số/tài khoản định danh điện tử', 'count', ['Công an huyện'], [ALL], { unitOfMeasure: 'người' }],
      [
        '8.2',
        'Số lượng người từ 15 tuổi trở lên có tài khoản giao dịch tại ngân hàng hoặc các tổ chức được phép khác',
        'count',
        ['Các ngân hàng'],
        [ALL],
        { unitOfMeasure: 'người' },
      ],
      [
        '8.3',
        'Số lượng dân số ở độ tuổi trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân',
        'count',
        ['Phòng Văn hoá và Thông tin'],
        [ALL],
        { unitOfMeasure: 'người' },
      ],
      [
        '8.4',
        'Số lượng hộ gia đình có địa chỉ số (trên tổng số hộ gia đình)',
        'ratio',
        ['Bưu điện huyện'],
        [ALL],
        { guidance: ratio('số hộ gia đình có địa chỉ số', 'tổng số hộ gia đình') },
      ],
      ['8.5', 'Số lượng người dân biết kỹ năng về công nghệ thông tin và truyền thông', 'count', [VP], [ALL], { unitOfMeasure: 'người' }],
      ['8.6', 'Tổng kinh phí đầu tư từ ngân sách nhà nước cho xã hội số', 'amount', [TCKH], [ALL], { unitOfMeasure: 'đồng' }],
      ['8.7', 'Tổng kinh phí chi thường xuyên từ ngân sách nhà nước cho xã hội số', 'amount', [TCKH], [ALL], { unitOfMeasure: 'đồng' }],
      [
        '8.8',
        'Mức độ người dân được tham gia vào cùng cơ quan nhà nước giải quyết vấn đề của địa phương với chính quyền',
        'text',
        [VP],
        [ALL],
        { guidance: 'Bộ chỉ số không nêu thang đo: mô tả mức độ tham gia của người dân và nêu tài liệu kiểm chứng.' },
      ],
    ],
  },
];

/** The seed's rows with the agency phrases as written, for checking the mapping. */
export const NINH_SON_SEED_ROWS: SeedRow[] = INDEX_ROWS.flatMap((ix) => ix.rows.map(toSeedRow));

function toSeedRow([code, name, valueType, lead, coordinating, extra]: Row): SeedRow {
  return { ...extra, code, name, valueType, lead, coordinating };
}

function toIndicator(row: SeedRow): IndicatorSeed {
  const lead = unitsForAgencies(row.lead);
  const indicator: IndicatorSeed = {
    code: row.code,
    name: row.name,
    valueType: row.valueType,
    evidenceRequired: EVIDENCE_REQUIRED,
    lead,
    // A unit is either lead or coordinating for an indicator (dti_assignments is keyed by indicator and unit).
    coordinating: unitsForAgencies(row.coordinating, lead),
    // No sentence of seed 002 states a threshold or points for an indicator: scores stay unknown.
    maxPoints: null,
    // No indicator of this set is a feedback (PAKN) indicator: 6.11 measures satisfaction with online public
    // services (DVCTT), not with the handling of feedback.
    autoSource: null,
  };
  if (row.unitOfMeasure !== undefined) indicator.unitOfMeasure = row.unitOfMeasure;
  if (row.guidance !== undefined) indicator.guidance = row.guidance;
  return indicator;
}

export const NINH_SON_DTI_SET: CatalogSeed = {
  code: 'NINH-SON-DTI-2022',
  name: 'Bộ chỉ số đánh giá Chuyển đổi số cấp huyện — huyện Ninh Sơn',
  province: 'Ninh Thuận',
  year: 2022,
  level: 'district',
  source:
    'Thông báo của UBND huyện Ninh Sơn phân công trách nhiệm triển khai thực hiện từng chỉ số của Bộ chỉ số đánh giá Chuyển đổi số cấp huyện ' +
    '(Phụ lục 2, Quyết định số 852/QĐ-UBND ngày 08/7/2022 của UBND tỉnh Ninh Thuận). Điểm tối đa của chỉ số chính: theo kết quả DTI 2023 của huyện Bù Đăng (Bình Phước).',
  indices: INDEX_ROWS.map((ix) => ({
    code: ix.code,
    name: ix.name,
    maxPoints: seed003Max(ix.name),
    indicators: ix.rows.map((row) => toIndicator(toSeedRow(row))),
  })),
};

// ——— Phụ lục 1 of Bình Sơn (seed 000) ———

/**
 * The units that fill in Phụ lục 1: the form is sent to "các phòng, ban thuộc huyện", the district centre and
 * "UBND các xã, thị trấn", and each of them reports its own machines. The demo holds one district tree, so
 * those addressees are Ninh Sơn's offices, centre and communes. Phòng Văn hóa và Thông tin collects the forms
 * but also fills in its own, so it is a lead like the others and nobody is coordinating.
 */
const PHU_LUC_1_REPORTERS = [...codes(OFFICES), ...codes(COMMUNES)];

const pl1 = (code: string, name: string, guidance?: string): IndicatorSeed => ({
  code,
  name,
  valueType: 'count',
  unitOfMeasure: 'máy',
  ...(guidance === undefined ? {} : { guidance }),
  evidenceRequired: false,
  lead: [...PHU_LUC_1_REPORTERS],
  coordinating: [],
  maxPoints: null,
  autoSource: null,
});

export const PHU_LUC_1_SET: CatalogSeed = {
  code: 'BINH-SON-PL1-2023',
  name: 'Mẫu báo cáo số liệu máy trạm (Phụ lục 1)',
  province: 'Quảng Ngãi',
  year: 2023,
  level: 'district',
  source:
    'Phụ lục 1 "Mẫu báo cáo số liệu máy trạm" kèm Công văn của UBND huyện Bình Sơn (Quảng Ngãi) năm 2023 về triển khai nhiệm vụ nâng cao chỉ số Chuyển đổi số (DTI); ' +
    'giao cho các đơn vị của huyện Ninh Sơn trong dữ liệu mẫu.',
  indices: [
    {
      code: 'PL1',
      name: 'Số liệu máy trạm',
      maxPoints: null,
      indicators: [
        pl1(
          'PL1.1',
          'Số máy tính (gồm máy bàn và máy xách tay còn đang sử dụng) của đơn vị đang sử dụng (bao gồm máy tính của các đơn vị trực thuộc)',
        ),
        pl1(
          'PL1.2',
          'Số máy tính của đơn vị đang được cài đặt phần mềm chống mã độc (phần mềm diệt virus) bản quyền',
          'Ghi rõ phần mềm tên gì (ghi trong phần ghi chú).',
        ),
        pl1(
          'PL1.3',
          'Số máy trạm của đơn vị đang được cài đặt phần mềm chống mã độc (phần mềm diệt virus) và đã kết nối đến Trung tâm Giám sát an toàn không gian mạng quốc gia (NCSC)',
          'Các phần mềm phòng chống mã độc thuộc Danh sách sản phẩm phòng chống mã độc có khả năng kết nối chia sẻ dữ liệu về mã độc theo hướng dẫn tại văn bản số 2290/BTTTT-CATTT năm 17/7/2018 (Phụ lục 3 kèm theo).',
        ),
        pl1('PL1.4', 'Số máy trạm của đơn vị đang được cài đặt phần mềm chống mã độc (phần mềm diệt virus) bản miễn phí'),
      ],
    },
  ],
};
