import { Divider, ListSubheader } from '@mui/material';
import { Fragment } from 'react';
import { Menu as RaMenu, usePermissions, useResourceDefinitions, useSidebarState, useTranslate } from 'react-admin';
import { visibleSections } from './menuGroups';

/** The menu in sections, showing only what the signed-in role may open. */
export function Menu() {
  const translate = useTranslate();
  const [open] = useSidebarState();
  const { permissions } = usePermissions<string[]>();
  const resources = useResourceDefinitions();
  const sections = visibleSections(Array.isArray(permissions) ? permissions : [], new Set(Object.keys(resources)));
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
