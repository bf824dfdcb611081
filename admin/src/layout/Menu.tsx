import RateReviewIcon from '@mui/icons-material/RateReview';
import SchoolIcon from '@mui/icons-material/School';
import WorkspacePremiumIcon from '@mui/icons-material/WorkspacePremium';
import { Divider, ListSubheader } from '@mui/material';
import { Fragment } from 'react';
import { Menu as RaMenu, usePermissions, useResourceDefinitions, useSidebarState, useTranslate } from 'react-admin';
import { type Access, isParticipant } from '../access';
import { participantPages, visibleSections } from './menuGroups';

/** A participant's menu: their own pages only. */
function ParticipantMenu() {
  const translate = useTranslate();
  return (
    <RaMenu>
      <RaMenu.DashboardItem primaryText={translate('loket.me.menu.track')} leftIcon={<SchoolIcon />} />
      {participantPages.map((page) => (
        <RaMenu.Item
          key={page.to}
          to={page.to}
          primaryText={translate(page.label)}
          leftIcon={page.id === 'evaluations' ? <RateReviewIcon /> : <WorkspacePremiumIcon />}
        />
      ))}
    </RaMenu>
  );
}

/** The menu in sections, showing only what the signed-in role may open. */
export function Menu() {
  const { permissions } = usePermissions<Access>();
  return isParticipant(permissions) ? <ParticipantMenu /> : <StaffMenu permissions={permissions?.permissions ?? []} />;
}

function StaffMenu({ permissions }: { permissions: string[] }) {
  const translate = useTranslate();
  const [open] = useSidebarState();
  const resources = useResourceDefinitions();
  const sections = visibleSections(permissions, new Set(Object.keys(resources)));
  return (
    <RaMenu>
      <RaMenu.DashboardItem primaryText={translate('loket.menu.overview')} />
      {sections.map((section) => (
        <Fragment key={section.id}>
          {open ? (
            <ListSubheader
              component="div"
              disableSticky
              sx={{ lineHeight: 2.5, mt: 1, bgcolor: 'transparent', fontWeight: 600, color: 'text.secondary' }}
            >
              {translate(`loket.menu.${section.id}`)}
            </ListSubheader>
          ) : (
            <Divider sx={{ my: 1 }} />
          )}
          {section.resources.map((name) => (
            <RaMenu.ResourceItem key={name} name={name} />
          ))}
        </Fragment>
      ))}
    </RaMenu>
  );
}
