// Vietnamese lunisolar calendar (âm lịch), computed astronomically.
//
// Rules (same as the Chinese calendar, but evaluated in the Vietnamese time zone,
// which is why Tết differs from China's in some years, e.g. 1985 and 2007):
// - a month starts on the local day that contains a new moon;
// - month 11 is the month containing the December solstice (sun longitude 270°);
// - when 13 months separate two consecutive months 11, the first month after
//   month 11 that contains no major solar term (no 30° sun-longitude boundary)
//   is a leap month and repeats the number of the month before it.
// Astronomy: mean new moon with the main periodic corrections and a low-precision
// solar longitude (Meeus); accurate to minutes, enough to pick the right day.

import { civilFromDays, daysFromCivil, formatDate } from './local-date.js';

export type SolarDate = { year: number; month: number; day: number };
export type LunarDate = { year: number; month: number; day: number; leap: boolean };

const DEG = Math.PI / 180;
const SYNODIC_MONTH = 29.530588853;
/** Julian day (UT) of the new moon with index 0, on 1900-01-01. */
const NEW_MOON_EPOCH = 2415021.076998695;
/** Julian day number of 1970-01-01. */
const JDN_UNIX_EPOCH = 2440588;

/** Julian day number (integer, noon-based) of a Gregorian date. */
function julianDayNumber(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day) + JDN_UNIX_EPOCH;
}

function fromJulianDayNumber(jdn: number): SolarDate {
  return civilFromDays(jdn - JDN_UNIX_EPOCH);
}

/** Julian day (UT, fractional) of new moon number k counted from 1900-01-01. */
function newMoonJulianDay(k: number): number {
  const t = k / 1236.85; // Julian centuries from 1900
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  const latitudeArg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitudeArg) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitudeArg + sunAnomaly) -
    0.0004 * Math.sin(2 * latitudeArg - sunAnomaly) -
    0.0006 * Math.sin(2 * latitudeArg + moonAnomaly) +
    0.001 * Math.sin(2 * latitudeArg - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // The formula yields dynamical time; subtract ΔT (days) to get UT.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + correction - deltaT;
}

/** Local day (Julian day number) on which new moon k falls. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoonJulianDay(k) + 0.5 + timeZone / 24);
}

/** Apparent-ish solar longitude in radians, normalised to [0, 2π), at Julian day jd (UT). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries from J2000
  const t2 = t * t;
  const anomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const center =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) +
    0.00029 * Math.sin(3 * anomaly);
  const longitude = (meanLongitude + center) * DEG;
  return longitude - 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
}

/** 30° sector (0..11) of the sun's longitude at the start (local midnight) of local day jdn. */
function solarTermSector(jdn: number, timeZone: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - timeZone / 24) / Math.PI) * 6);
}

function newMoonIndexNear(jdn: number): number {
  return Math.round((jdn - NEW_MOON_EPOCH) / SYNODIC_MONTH);
}

/** First day (JDN) of lunar month 11, the month containing the December solstice of `year`. */
function month11Start(year: number, timeZone: number): number {
  const dec31 = julianDayNumber(year, 12, 31);
  const k = Math.floor((dec31 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let start = newMoonDay(k, timeZone);
  // Sector ≥ 9 (≥ 270°) at the start of that month: the solstice came before it.
  if (start > dec31 || solarTermSector(start, timeZone) >= 9) start = newMoonDay(k - 1, timeZone);
  return start;
}

type MonthEntry = { start: number; month: number; leap: boolean; lunarYear: number };

/**
 * The months from month 11 of lunar year `year - 1` up to, not including,
 * month 11 of lunar year `year` (a "suì"), each with its number and lunar year.
 */
function monthsOfSui(year: number, timeZone: number): MonthEntry[] {
  const from = month11Start(year - 1, timeZone);
  const to = month11Start(year, timeZone);
  const k0 = newMoonIndexNear(from);
  const starts: number[] = [];
  for (let i = 0; ; i++) {
    const start = newMoonDay(k0 + i, timeZone);
    if (start >= to) break;
    starts.push(start);
  }
  // 13 months: the first one (after month 11) without a major term is the leap month.
  let leapIndex = -1;
  if (starts.length === 13) {
    for (let i = 1; i < 13; i++) {
      const next = i + 1 < starts.length ? (starts[i + 1] as number) : to;
      if (solarTermSector(starts[i] as number, timeZone) === solarTermSector(next, timeZone)) {
        leapIndex = i;
        break;
      }
    }
  }
  const entries: MonthEntry[] = [];
  let month = 10;
  let lunarYear = year - 1;
  for (let i = 0; i < starts.length; i++) {
    const leap = i === leapIndex;
    if (!leap) {
      month = (month % 12) + 1;
      if (month === 1) lunarYear = year;
    }
    entries.push({ start: starts[i] as number, month, leap, lunarYear });
  }
  return entries;
}

// Months of a suì never change; cache them per (time zone, year).
const suiCache = new Map<string, { entries: MonthEntry[]; end: number }>();

function sui(year: number, timeZone: number): { entries: MonthEntry[]; end: number } {
  const key = `${timeZone}:${year}`;
  let hit = suiCache.get(key);
  if (!hit) {
    hit = { entries: monthsOfSui(year, timeZone), end: month11Start(year, timeZone) };
    if (suiCache.size > 2000) suiCache.clear();
    suiCache.set(key, hit);
  }
  return hit;
}

function assertInteger(name: string, value: number): void {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

/** Gregorian date of a Vietnamese lunar date. Throws RangeError if that lunar date does not exist. */
export function lunarToSolar(day: number, month: number, year: number, leap = false, timeZone = 7): SolarDate {
  assertInteger('day', day);
  assertInteger('month', month);
  assertInteger('year', year);
  if (month < 1 || month > 12 || day < 1 || day > 30) throw new RangeError(`Invalid lunar date ${day}/${month}/${year}`);
  // Months 11 and 12 of lunar year Y start in the suì that ends in Gregorian year Y + 1.
  const { entries, end } = sui(month >= 11 ? year + 1 : year, timeZone);
  const index = entries.findIndex((e) => e.month === month && e.leap === leap && e.lunarYear === year);
  const entry = entries[index];
  if (!entry) throw new RangeError(`Lunar month ${month}${leap ? ' (leap)' : ''} does not exist in ${year}`);
  const next = entries[index + 1]?.start ?? end;
  if (entry.start + day - 1 >= next) throw new RangeError(`Lunar month ${month}/${year} has only ${next - entry.start} days`);
  return fromJulianDayNumber(entry.start + day - 1);
}

/** Vietnamese lunar date of a Gregorian date. */
export function solarToLunar(year: number, month: number, day: number, timeZone = 7): LunarDate {
  assertInteger('year', year);
  assertInteger('month', month);
  assertInteger('day', day);
  const jdn = julianDayNumber(year, month, day);
  // Before month 11 of this Gregorian year the date lies in the suì ending this year.
  const { entries } = sui(jdn >= month11Start(year, timeZone) ? year + 1 : year, timeZone);
  let found: MonthEntry | undefined;
  for (const e of entries) {
    if (e.start > jdn) break;
    found = e;
  }
  if (!found) throw new RangeError(`Cannot place ${formatDate(year, month, day)} in the lunar calendar`);
  return { year: found.lunarYear, month: found.month, day: jdn - found.start + 1, leap: found.leap };
}

/** Gregorian date ('YYYY-MM-DD') of Tết (mùng 1 tháng Giêng) falling in the given Gregorian year. */
export function lunarNewYear(year: number, timeZone = 7): string {
  const d = lunarToSolar(1, 1, year, false, timeZone);
  return formatDate(d.year, d.month, d.day);
}
