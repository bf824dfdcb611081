import type { components } from '@loket/client';
import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import ApartmentIcon from '@mui/icons-material/Apartment';
import BusinessIcon from '@mui/icons-material/Business';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import HandshakeIcon from '@mui/icons-material/Handshake';
import StoreIcon from '@mui/icons-material/Store';
import { Box, Chip, CircularProgress, Collapse, IconButton, List, ListItem, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Link, useCreatePath, useGetList, useTranslate } from 'react-admin';
import { useCan } from '../access';

type Organisation = components['schemas']['Organisation'];

const kindIcons = {
  national: AccountBalanceIcon,
  poi: ApartmentIcon,
  library: BusinessIcon,
  branch: StoreIcon,
  partner: HandshakeIcon,
} as const;

const byName = { field: 'name', order: 'ASC' } as const;

/** A link to a list filtered on this organisation, saying how many records it holds. */
function CountLink({ resource, organisationId, label }: { resource: string; organisationId: string; label: string }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { total, isPending, error } = useGetList(resource, {
    filter: { organisationId },
    pagination: { page: 1, perPage: 1 },
  });
  // A count is a convenience: when it cannot be had, the row goes without rather than spinning.
  if (error) return null;
  if (isPending || total === undefined) return <CircularProgress size={14} aria-hidden />;
  return (
    <Link
      to={{
        pathname: createPath({ resource, type: 'list' }),
        search: `filter=${encodeURIComponent(JSON.stringify({ organisationId }))}`,
      }}
    >
      {translate(label, { smart_count: total })}
    </Link>
  );
}

function OrganisationNode({
  organisation,
  depth,
  initiallyOpen,
}: {
  organisation: Organisation;
  depth: number;
  initiallyOpen: boolean;
}) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const [open, setOpen] = useState(initiallyOpen);
  const canCohorts = useCan('cohorts:read');
  const canParticipants = useCan('participants:read');
  // Branches and partners have nothing under them and run no cohorts; the others load their children when opened.
  const leaf = organisation.kind === 'branch' || organisation.kind === 'partner';
  const Icon = kindIcons[organisation.kind];
  const groupId = `children-${organisation.id}`;
  return (
    <ListItem disablePadding sx={{ display: 'block' }}>
      <Stack
        direction="row"
        spacing={1}
        sx={{
          alignItems: 'center',
          pl: depth * 3,
          py: 0.5,
          borderBottom: 1,
          borderColor: 'divider',
          flexWrap: 'wrap',
          rowGap: 0.5,
        }}
      >
        {leaf ? (
          <Box sx={{ width: 40 }} />
        ) : (
          <IconButton
            size="small"
            onClick={() => setOpen(!open)}
            aria-expanded={open}
            aria-controls={groupId}
            aria-label={translate(open ? 'loket.tree.collapse' : 'loket.tree.expand', { name: organisation.name })}
          >
            {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
          </IconButton>
        )}
        <Icon fontSize="small" color="action" aria-hidden />
        <Link
          to={createPath({ resource: 'organisations', id: organisation.id, type: 'show' })}
          sx={{ fontWeight: 600 }}
        >
          {organisation.name}
        </Link>
        <Chip size="small" variant="outlined" label={translate(`loket.kinds.${organisation.kind}`)} />
        {organisation.city ? (
          <Typography variant="body2" color="text.secondary">
            {organisation.city}
          </Typography>
        ) : null}
        <Box sx={{ flexGrow: 1 }} />
        {canCohorts && !leaf ? (
          <CountLink resource="cohorts" organisationId={organisation.id} label="loket.tree.cohorts" />
        ) : null}
        {canParticipants ? (
          <CountLink resource="participants" organisationId={organisation.id} label="loket.tree.participants" />
        ) : null}
      </Stack>
      {leaf ? null : (
        <Collapse in={open} unmountOnExit id={groupId}>
          <Children parentId={organisation.id} depth={depth + 1} />
        </Collapse>
      )}
    </ListItem>
  );
}

function Children({ parentId, depth }: { parentId: string; depth: number }) {
  const translate = useTranslate();
  const { data, isPending } = useGetList<Organisation>('organisations', {
    filter: { parentId },
    sort: byName,
    pagination: { page: 1, perPage: 500 },
  });
  if (isPending)
    return <CircularProgress size={20} sx={{ ml: depth * 3 + 2, my: 1 }} aria-label={translate('ra.page.loading')} />;
  if (!data?.length) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ pl: depth * 3 + 6, py: 1 }}>
        {translate('loket.tree.empty')}
      </Typography>
    );
  }
  return (
    <List disablePadding>
      {data.map((child) => (
        <OrganisationNode key={child.id} organisation={child} depth={depth} initiallyOpen={false} />
      ))}
    </List>
  );
}

/**
 * The organisations as the country is built: KB, POIs, libraries, branches. The API limits what a
 * caller sees, so the tree starts at the highest level visible: the KB for staff, the province's POI
 * for an adviser, the library for a coordinator.
 */
export function OrganisationTree() {
  const translate = useTranslate();
  const top = { pagination: { page: 1, perPage: 50 }, sort: byName };
  const national = useGetList<Organisation>('organisations', { ...top, filter: { kind: 'national' } });
  const poi = useGetList<Organisation>('organisations', { ...top, filter: { kind: 'poi' } });
  const library = useGetList<Organisation>('organisations', { ...top, filter: { kind: 'library' } });
  if (national.isPending || poi.isPending || library.isPending) return <CircularProgress sx={{ m: 2 }} />;
  const roots = [national.data, poi.data, library.data].find((level) => level && level.length > 0) ?? [];
  if (roots.length === 0) {
    return <Typography sx={{ p: 2 }}>{translate('loket.tree.empty')}</Typography>;
  }
  return (
    <List disablePadding aria-label={translate('loket.tree.label')}>
      {roots.map((root) => (
        <OrganisationNode key={root.id} organisation={root} depth={0} initiallyOpen={roots.length === 1} />
      ))}
    </List>
  );
}
