import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, UserMenu, useGetIdentity } from 'react-admin';
import { Menu } from './Menu';

/** The menu button shows the user's name, so its accessible name says the same (WCAG 2.5.3). */
function LoketUserMenu() {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ?? 'ra.auth.user_menu'} />;
}

function LoketAppBar() {
  return <AppBar userMenu={<LoketUserMenu />} />;
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <RaLayout appBar={LoketAppBar} menu={Menu}>
      {children}
    </RaLayout>
  );
}
