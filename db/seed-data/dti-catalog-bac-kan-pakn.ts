// The feedback (PAKN) indicators of the Bắc Kạn city DTI duties (seed 004, "Hoạt động xã hội số", items 3 and 4):
// on-time handling per channel (3.1–3.4) and satisfaction per channel (4.1 Zalo, 4.2 other electronic channels;
// the seed numbers both "4.1", CONTRACT §6 calls the second 4.2). The system computes them from its own feedback.
import type { CatalogSeed, IndicatorSeed } from './dti-catalog-ninh-son.js';

// "Các phòng, ban, ngành thành phố; UBND các xã, phường" lead, "Văn phòng HĐND-UBND" coordinates; mapped onto the
// demo province's departments and communes.
const LEAD = ['SO-KHCN', 'SO-XD', 'SO-NNMT', 'PHUONG-TT', 'XA-NAMSON', 'XA-BACSON'];
const COORDINATING = ['VP-UBND'];

const onTime = (code: '3.1' | '3.2' | '3.3' | '3.4', channel: string): IndicatorSeed => ({
  code,
  name: `Tỷ lệ phản ánh được xử lý đúng hạn qua ${channel}`,
  valueType: 'ratio',
  unitOfMeasure: '%',
  guidance: 'Hệ thống tự tính: số phản ánh trả lời đúng hạn / (đúng hạn + quá hạn) của đơn vị trong kỳ.',
  evidenceRequired: false,
  lead: LEAD,
  coordinating: COORDINATING,
  autoSource: `feedback:${code}`,
});

const satisfaction = (code: '4.1' | '4.2', channel: string): IndicatorSeed => ({
  code,
  name: `Mức độ hài lòng với việc xử lý phản ánh qua ${channel}`,
  valueType: 'ratio',
  unitOfMeasure: '%',
  guidance: 'Hệ thống tự tính: số đánh giá hài lòng (4–5 sao) / số đánh giá của phản ánh trong kỳ.',
  evidenceRequired: false,
  lead: LEAD,
  coordinating: COORDINATING,
  autoSource: `feedback:${code}`,
});

export const BAC_KAN_PAKN_SET: CatalogSeed = {
  code: 'BAC-KAN-PAKN-2023',
  name: 'DTI thành phố Bắc Kạn – xử lý phản ánh, kiến nghị (Hoạt động xã hội số, mục 3–4)',
  province: 'Bắc Kạn',
  year: 2023,
  level: 'district',
  source: 'seeds/004: phân công nhiệm vụ theo chỉ số DTI, thành phố Bắc Kạn',
  indices: [
    {
      code: '3',
      name: 'Tỷ lệ phản ánh được xử lý đúng hạn',
      maxPoints: null,
      indicators: [
        onTime('3.1', 'Cổng DVC'),
        onTime('3.2', 'App di động'),
        onTime('3.3', 'Tin nhắn trên các nền tảng liên lạc Zalo'),
        onTime('3.4', 'Kênh khác (sử dụng hình thức điện tử)'),
      ],
    },
    {
      code: '4',
      name: 'Mức độ hài lòng với việc xử lý phản ánh',
      maxPoints: null,
      indicators: [
        satisfaction('4.1', 'Tin nhắn trên các nền tảng liên lạc (Zalo)'),
        satisfaction('4.2', 'Kênh khác (sử dụng hình thức điện tử)'),
      ],
    },
  ],
};
