import type { ReactNode } from 'react';
import { Header, Page } from 'zmp-ui';
import { BackIcon } from './icons';

/** A page with its header; the first screen of each role has no back button. */
export function Screen({ title, back = true, children }: { title: string; back?: boolean; children: ReactNode }) {
  return (
    <Page className="screen">
      <Header title={title} showBackIcon={back} backIcon={<BackIcon />} />
      <main className="screen-body">{children}</main>
    </Page>
  );
}
