// What the map components take and give; no Leaflet here, so screens can import it without loading the map.

export interface MapPoint {
  lat: number;
  lng: number;
}

/** One item on a FeedbackMap: its code, what to call it, and where it is. */
export interface MapItem extends MapPoint {
  code: string;
  title: string;
}

const coord = (n: number) => Math.abs(n).toLocaleString('vi-VN', { minimumFractionDigits: 5, maximumFractionDigits: 5 });

/** "Vĩ độ 22,14712 Bắc, kinh độ 105,83456 Đông": a point in words, for the chosen-location line and screen readers. */
export function pointInWords(p: MapPoint): string {
  return `Vĩ độ ${coord(p.lat)} ${p.lat < 0 ? 'Nam' : 'Bắc'}, kinh độ ${coord(p.lng)} ${p.lng < 0 ? 'Tây' : 'Đông'}`;
}

/** About 10 cm: more digits than a tap can mean are noise in the stored feedback. */
export const roundPoint = (p: MapPoint): MapPoint => ({ lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 });
