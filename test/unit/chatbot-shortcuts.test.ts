import { describe, it, expect } from 'vitest';
import { normalizeTrackingCode, normalizeVi, parseShortcut } from '../../bot-server/src/domain/chatbot/shortcuts.js';

describe('parseShortcut', () => {
  it.each([
    ['#phananh Đèn đường hỏng', 'phananh', 'Đèn đường hỏng'],
    ['#PhanAnh Đèn đường hỏng', 'phananh', 'Đèn đường hỏng'],
    ['#PHANANH Đèn đường hỏng', 'phananh', 'Đèn đường hỏng'],
    ['#phản ánh Đèn đường hỏng', 'phananh', 'Đèn đường hỏng'],
    ['#Phản Ánh Đèn đường hỏng', 'phananh', 'Đèn đường hỏng'],
    ['# phan anh Đèn đường hỏng', 'phananh', 'Đèn đường hỏng'],
    ['  #phan_anh   Đèn đường hỏng  ', 'phananh', 'Đèn đường hỏng'],
    ['#phananh: Đèn đường hỏng', 'phananh', 'Đèn đường hỏng'],
    ['#phananh\nDòng 1\nDòng 2', 'phananh', 'Dòng 1\nDòng 2'],
    ['#phananh', 'phananh', ''],
    ['#cuatoi', 'cuatoi', ''],
    ['#của tôi', 'cuatoi', ''],
    ['#CUA TOI', 'cuatoi', ''],
    ['#huy', 'huy', ''],
    ['#Hủy', 'huy', ''],
    ['#hủy bỏ', 'huy', ''],
    ['#trogiup', 'trogiup', ''],
    ['#trợ giúp', 'trogiup', ''],
    ['#help', 'trogiup', ''],
    ['#hướng dẫn', 'trogiup', ''],
  ] as const)('%j → %s', (text, command, arg) => {
    expect(parseShortcut(text)).toEqual({ command, arg });
  });

  it('keeps the citizen’s diacritics and case in the argument', () => {
    const text = '#phan anh Cống thoát nước ở ngõ 12 Đường Trần Phú bị TẮC';
    expect(parseShortcut(text)?.arg).toBe('Cống thoát nước ở ngõ 12 Đường Trần Phú bị TẮC');
  });

  it('handles decomposed (NFD) input and returns the argument in NFC', () => {
    const text = '#phản ánh Đường Lê Lợi ngập nước'.normalize('NFD');
    expect(parseShortcut(text)).toEqual({ command: 'phananh', arg: 'Đường Lê Lợi ngập nước' });
    expect(parseShortcut('#tra cứu pa-2026-000123'.normalize('NFD'))).toEqual({ command: 'tracuu', arg: 'PA-2026-000123' });
  });

  it.each([
    ['#tracuu PA-2026-000123'],
    ['#tracuu pa-2026-000123'],
    ['#tra cứu pa-2026-000123'],
    ['#TRA CỨU   Pa-2026-000123  '],
    ['# tra cuu PA 2026 000123'],
    ['#tracuu PA–2026–000123'],
    ['#tracuu pa2026000123'],
    ['#tracuu PA-2026-123'],
    ['#tracuuPA-2026-000123'],
    ['#tracuu: PA-2026-000123'],
  ])('normalises the code in %j', (text) => {
    expect(parseShortcut(text)).toEqual({ command: 'tracuu', arg: 'PA-2026-000123' });
  });

  it('upper-cases a malformed code without inventing one', () => {
    expect(parseShortcut('#tracuu abc')).toEqual({ command: 'tracuu', arg: 'ABC' });
    expect(parseShortcut('#tracuu')).toEqual({ command: 'tracuu', arg: '' });
  });

  it.each([
    'phananh Đèn đường hỏng',
    'Tôi muốn #phananh',
    '#phananhabc',
    '#tracuux',
    '#huyen',
    '#',
    '',
    'xin chào',
    '#abc',
  ])('is not a shortcut: %j', (text) => {
    expect(parseShortcut(text)).toBeNull();
  });
});

describe('normalizeTrackingCode', () => {
  it('formats recognisable codes and upper-cases the rest', () => {
    expect(normalizeTrackingCode(' pa-2026-000123 ')).toBe('PA-2026-000123');
    expect(normalizeTrackingCode('PA-2026-1234567')).toBe('PA-2026-1234567');
    expect(normalizeTrackingCode('pa_2026.42')).toBe('PA-2026-000042');
    expect(normalizeTrackingCode('hello')).toBe('HELLO');
  });
});

describe('normalizeVi', () => {
  it.each([
    ['Hủy', 'huy'],
    ['HUY', 'huy'],
    ['Đồng ý', 'dong y'],
    ['  đồng   ý  ', 'dong y'],
    ['Xong', 'xong'],
    ['Bỏ qua', 'bo qua'],
    ['Trợ giúp', 'tro giup'],
    ['Trợ giúp'.normalize('NFD'), 'tro giup'],
    ['HELP', 'help'],
    ['?', '?'],
    ['Phản ánh của tôi', 'phan anh cua toi'],
    ['Rất không hài lòng', 'rat khong hai long'],
    ['ĐƯỜNG\tLÊ\nLỢI', 'duong le loi'],
  ])('%j → %j', (text, expected) => {
    expect(normalizeVi(text)).toBe(expected);
  });
});
