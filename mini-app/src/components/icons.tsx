// Inline icons for the header and the bottom bar. zmp-ui's icon font is downloaded from Zalo's CDN, which may be
// slow or unreachable (poor connections, browser preview offline): these always draw.
import type { ReactNode } from 'react';

function Svg({ children }: { children: ReactNode }) {
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const BackIcon = () => (
  <Svg>
    <path d="M15 18l-6-6 6-6" />
  </Svg>
);
export const InboxIcon = () => (
  <Svg>
    <path d="M4 13l2.5-8h11L20 13v6H4z" />
    <path d="M4 13h5l1 2h4l1-2h5" />
  </Svg>
);
export const ChartIcon = () => (
  <Svg>
    <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />
  </Svg>
);
export const BellIcon = () => (
  <Svg>
    <path d="M6 16V11a6 6 0 1112 0v5l2 2H4z" />
    <path d="M10 20a2 2 0 004 0" />
  </Svg>
);
export const AlertIcon = () => (
  <Svg>
    <path d="M12 3l10 18H2z" />
    <path d="M12 10v5M12 18h.01" />
  </Svg>
);
export const ListIcon = () => (
  <Svg>
    <path d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01" />
  </Svg>
);
export const CheckIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="9" />
    <path d="M8 12l3 3 5-6" />
  </Svg>
);

/** When the icon font did not load, zmp-ui's own icons would show their ligature names: hide them instead. */
export function watchIconFont(): void {
  if (!('fonts' in document)) return;
  document.fonts
    .load('24px zaui-icons')
    .then((faces) => {
      if (!faces.length) document.documentElement.classList.add('no-icon-font');
    })
    .catch(() => document.documentElement.classList.add('no-icon-font'));
}
