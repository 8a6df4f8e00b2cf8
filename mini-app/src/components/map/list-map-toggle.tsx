// "Danh sách / Bản đồ": the same items as a list or on the map (the officer's inbox, the public results).
import { Button } from 'zmp-ui';

export type ListOrMap = 'list' | 'map';

export function ListMapToggle({ view, onChange }: { view: ListOrMap; onChange: (v: ListOrMap) => void }) {
  return (
    <div className="map-toggle" role="group" aria-label="Cách xem">
      {(['list', 'map'] as const).map((v) => (
        <Button key={v} size="medium" variant={view === v ? 'primary' : 'tertiary'} aria-pressed={view === v} onClick={() => onChange(v)}>
          {v === 'list' ? 'Danh sách' : 'Bản đồ'}
        </Button>
      ))}
    </div>
  );
}
