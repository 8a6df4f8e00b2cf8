// The counter under a text box, in one format everywhere: "12/4.000 ký tự" (vi-VN digit grouping).
import { formatNumber } from './format';

export function charCountText(count: number, max: number): string {
  return `${formatNumber(count)}/${formatNumber(max)} ký tự`;
}

/** zmp-ui's `showCount` with our format (its own reads "0/ 20000"). */
export function charCounter(): { formatter: (info: { count: number; maxLength?: number }) => string } {
  return { formatter: ({ count, maxLength }) => (maxLength ? charCountText(count, maxLength) : `${formatNumber(count)} ký tự`) };
}
