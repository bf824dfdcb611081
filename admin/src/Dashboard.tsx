import { Box, MenuItem, Stack, Tab, Tabs, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, usePermissions, useTranslate } from 'react-admin';
import { type Access, isParticipant, useCan } from './access';
import { Overview, type Phase } from './dashboard/Overview';
import { PilotComparison } from './dashboard/PilotComparison';
import { ScopeLabel } from './dashboard/Scope';
import { MyTrack } from './me/MyTrack';

type View = 'rollout' | 'pilot';

/** A participant's start page is their own track; staff see the rollout. */
export function Dashboard() {
  const { permissions, isPending } = usePermissions<Access>();
  if (isPending) return null;
  return isParticipant(permissions) ? <MyTrack /> : <RolloutDashboard />;
}

/** The rollout at a glance, and the pilot libraries side by side; always within the caller's scope. */
function RolloutDashboard() {
  const translate = useTranslate();
  const [view, setView] = useState<View>('rollout');
  const [phase, setPhase] = useState<Phase>(undefined);
  const canReport = useCan('reports:read');
  return (
    <Box sx={{ mt: 2, mb: 4 }}>
      <Title title="loket.overview.title" />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { md: 'center' } }}>
        <Box sx={{ flexGrow: 1 }}>
          <Typography variant="h5" component="h1">
            {translate('loket.overview.heading')}
          </Typography>
          <Typography color="text.secondary">{translate('loket.overview.intro')}</Typography>
        </Box>
        <ScopeLabel />
      </Stack>
      {canReport && (
        <>
          <Stack
            direction={{ xs: 'column', sm: 'row' }}
            spacing={{ xs: 0, sm: 2 }}
            sx={{ mb: 2, alignItems: { xs: 'stretch', sm: 'center' }, borderBottom: 1, borderColor: 'divider' }}
          >
            <Tabs value={view} onChange={(_, next: View) => setView(next)} sx={{ flexGrow: 1, minWidth: 0 }}>
              <Tab
                value="rollout"
                label={translate('loket.overview.tabs.rollout')}
                id="tab-rollout"
                aria-controls="panel-rollout"
              />
              <Tab
                value="pilot"
                label={translate('loket.overview.tabs.pilot')}
                id="tab-pilot"
                aria-controls="panel-pilot"
              />
            </Tabs>
            {view === 'rollout' && (
              <TextField
                select
                size="small"
                label={translate('loket.overview.phase.label')}
                value={phase ?? 'all'}
                onChange={(event) => setPhase(event.target.value === 'all' ? undefined : (event.target.value as Phase))}
                sx={{ width: { xs: '100%', sm: 220 }, flexShrink: 0, mb: 1 }}
              >
                {(['all', 'pilot', 'rollout'] as const).map((option) => (
                  <MenuItem key={option} value={option}>
                    {translate(`loket.overview.phase.${option}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
          </Stack>
          <div role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
            {view === 'rollout' ? <Overview phase={phase} /> : <PilotComparison />}
          </div>
        </>
      )}
    </Box>
  );
}
