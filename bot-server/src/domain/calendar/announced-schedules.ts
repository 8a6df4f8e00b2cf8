// Days off and worked days announced for civil servants (seed data).
// Source: shared reference feedback-anchors §7.3. Weekend days inside a holiday
// break are not listed: Saturdays and Sundays are rest days anyway.
// For these years the list is the whole truth (mode 'announced').

import type { CalendarDay } from './statutory-holidays.js';
import type { YearSchedule } from './working-calendar.js';

export type AnnouncedSchedule = { year: number; notice: string; days: CalendarDay[] };

const off = (date: string, name: string): CalendarDay => ({ date, kind: 'off', name });
const worked = (date: string, name: string): CalendarDay => ({ date, kind: 'working', name });

export const ANNOUNCED_SCHEDULES: AnnouncedSchedule[] = [
  {
    year: 2025,
    notice: 'Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024',
    days: [
      off('2025-01-01', 'Tết Dương lịch'),
      // Tết Ất Tỵ: Sat 25/1 – Sun 2/2; weekdays Mon 27 – Fri 31/1.
      off('2025-01-27', 'Tết Nguyên đán'),
      off('2025-01-28', 'Tết Nguyên đán'),
      off('2025-01-29', 'Tết Nguyên đán'),
      off('2025-01-30', 'Tết Nguyên đán'),
      off('2025-01-31', 'Tết Nguyên đán'),
      off('2025-04-07', 'Giỗ Tổ Hùng Vương'),
      // Swap: Sat 26/4 is worked so that Fri 2/5 bridges 30/4–1/5 to the weekend.
      worked('2025-04-26', 'Làm bù cho ngày 02/5'),
      off('2025-04-30', 'Ngày Chiến thắng'),
      off('2025-05-01', 'Ngày Quốc tế Lao động'),
      off('2025-05-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)'),
      off('2025-09-01', 'Quốc khánh'),
      off('2025-09-02', 'Quốc khánh'),
    ],
  },
  {
    year: 2026,
    notice: 'Công văn 12729/VPCP-KGVX; Thông báo của Bộ Nội vụ',
    days: [
      off('2026-01-01', 'Tết Dương lịch'),
      // Swap: Fri 2/1 off, worked back on Sat 10/1.
      off('2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1)'),
      worked('2026-01-10', 'Làm bù cho ngày 02/1'),
      // Tết Bính Ngọ: Sat 14/2 – Sun 22/2; weekdays Mon 16 – Fri 20/2.
      off('2026-02-16', 'Tết Nguyên đán'),
      off('2026-02-17', 'Tết Nguyên đán'),
      off('2026-02-18', 'Tết Nguyên đán'),
      off('2026-02-19', 'Tết Nguyên đán'),
      off('2026-02-20', 'Tết Nguyên đán'),
      // Giỗ Tổ 10/3 âm lịch is Sun 26/4: Art. 111(3) moves it to Mon 27/4.
      off('2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)'),
      off('2026-04-30', 'Ngày Chiến thắng'),
      off('2026-05-01', 'Ngày Quốc tế Lao động'),
      off('2026-09-01', 'Quốc khánh'),
      off('2026-09-02', 'Quốc khánh'),
    ],
  },
];

/** The announced schedules as WorkingCalendar input (mode 'announced'). */
export function announcedYearSchedules(): Map<number, YearSchedule> {
  return new Map(
    ANNOUNCED_SCHEDULES.map((s) => [s.year, { mode: 'announced' as const, days: s.days.map((d) => ({ ...d })) }]),
  );
}
