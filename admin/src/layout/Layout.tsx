import type { ReactNode } from 'react';
import {
  AppBar,
  Layout as RaLayout,
  Sidebar,
  type SidebarProps,
  UserMenu,
  useGetIdentity,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { useLocation } from 'react-router-dom';
import { type Access, isParticipant } from '../access';
import { Menu } from './Menu';
import { mayOpen } from './menuGroups';
import { NotFound } from './NotFound';

/** The menu button shows the user's name, so its accessible name says the same (WCAG 2.5.3). */
function LoketUserMenu() {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ?? 'ra.auth.user_menu'} />;
}

function LoketAppBar() {
  return <AppBar userMenu={<LoketUserMenu />} />;
}

/** On a phone the menu opens as a dialog, which needs a name (WCAG 4.1.2). */
function LoketSidebar(props: SidebarProps) {
  const translate = useTranslate();
  return <Sidebar {...props} slotProps={{ paper: { 'aria-label': translate('loket.menu.label') } }} />;
}

/**
 * Participants see only their own pages and staff none of them: any other address shows "not
 * found", and the screen behind it is never mounted, so it asks the API nothing.
 */
function Gate({ children }: { children: ReactNode }) {
  const { permissions, isPending } = usePermissions<Access>();
  const { pathname } = useLocation();
  if (isPending) return null;
  return mayOpen(isParticipant(permissions), pathname) ? children : <NotFound />;
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <RaLayout appBar={LoketAppBar} menu={Menu} sidebar={LoketSidebar}>
      <Gate>{children}</Gate>
    </RaLayout>
  );
}
