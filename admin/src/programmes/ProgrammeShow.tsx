import type { components } from '@loket/client';
import {
  Box,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import {
  Button,
  Confirm,
  Link,
  RichTextField,
  Show,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { loket, unwrap } from '../api';
import { DraftVersionButton } from './DraftVersionButton';

type Programme = components['schemas']['Programme'];
type ProgrammeVersion = components['schemas']['ProgrammeVersionSummary'];

// Outlined for a draft: MUI's filled warning chip has too little contrast for its white text (WCAG AA).
const statusChip = {
  draft: { variant: 'outlined', color: 'warning', sx: { color: 'text.primary', borderWidth: 2 } },
  published: { variant: 'filled', color: 'success', sx: {} },
  retired: { variant: 'outlined', color: 'default', sx: {} },
} as const;
const date = (iso: string) =>
  new Date(iso).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });

/** KB staff publish a draft: it becomes what new cohorts start on, and the version before it retires. */
function PublishButton({ programme, version }: { programme: Programme; version: ProgrammeVersion }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const current = programme.versions.find((v) => v.id === programme.currentVersionId);
  const publish = async () => {
    setBusy(true);
    try {
      await unwrap(
        loket.POST('/v1/programmes/{id}/versions/{versionId}/publish', {
          params: {
            path: { id: programme.id, versionId: version.id },
            header: { 'if-match': `"${programme.version}"` },
          },
        }),
      );
      notify('loket.programme.published', { type: 'success', messageArgs: { number: version.number } });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };
  return (
    <>
      <Button label="loket.programme.publish" onClick={() => setOpen(true)} variant="contained" disabled={busy} />
      <Confirm
        isOpen={open}
        loading={busy}
        title={translate('loket.programme.publish_title', { number: version.number })}
        content={translate(current ? 'loket.programme.publish_content' : 'loket.programme.publish_first', {
          number: version.number,
          current: current?.number ?? '',
        })}
        confirm="loket.programme.publish"
        onConfirm={publish}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

function VersionHistory() {
  const programme = useRecordContext<Programme>();
  const translate = useTranslate();
  const mayPublish = useCan('programmes:publish');
  if (!programme) return null;
  return (
    <Table size="small" aria-labelledby="version-history">
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.programmes.fields.number')}</TableCell>
          <TableCell>{translate('resources.programmes.fields.status')}</TableCell>
          <TableCell>{translate('loket.programme.changes')}</TableCell>
          <TableCell>{translate('resources.programmes.fields.publishedAt')}</TableCell>
          <TableCell>
            <Box
              component="span"
              sx={{
                position: 'absolute',
                width: '1px',
                height: '1px',
                overflow: 'hidden',
                clip: 'rect(0 0 0 0)',
                whiteSpace: 'nowrap',
              }}
            >
              {translate('loket.programme.actions')}
            </Box>
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {programme.versions.map((version) => (
          <TableRow key={version.id}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {translate('loket.programme.version', { number: version.number })}
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                variant={statusChip[version.status].variant}
                color={statusChip[version.status].color}
                sx={statusChip[version.status].sx}
                label={translate(`loket.version_status.${version.status}`)}
              />
            </TableCell>
            <TableCell sx={{ maxWidth: 480 }}>{version.summary}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{version.publishedAt ? date(version.publishedAt) : '—'}</TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end', alignItems: 'center' }}>
                <Link
                  to={{
                    pathname: '/modules',
                    search: `filter=${encodeURIComponent(JSON.stringify({ programmeVersionId: version.id }))}`,
                  }}
                >
                  {translate('loket.programme.modules_of', { number: version.number })}
                </Link>
                {mayPublish && version.status === 'draft' ? (
                  <PublishButton programme={programme} version={version} />
                ) : null}
              </Stack>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ProgrammeDetails() {
  const programme = useRecordContext<Programme>();
  const translate = useTranslate();
  const mayDraft = useCan('programmes:publish');
  if (!programme) return null;
  const current = programme.versions.find((v) => v.id === programme.currentVersionId);
  return (
    <Stack spacing={2}>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>
            {programme.name}
          </Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            {translate('resources.programmes.fields.code')}: {programme.code}
            {current
              ? ` · ${translate('loket.programme.current', { number: current.number, date: current.publishedAt ? date(current.publishedAt) : '' })}`
              : ''}
          </Typography>
          {/* Rendered by the API from content/programme.md, as module texts are; RichTextField still sanitises it. */}
          <RichTextField source="descriptionHtml" sx={{ maxWidth: '75ch', '& h2': { typography: 'h6', mt: 2 } }} />
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" component="h2" id="version-history" gutterBottom>
            {translate('loket.programme.history')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('loket.programme.history_help')}
          </Typography>
          {mayDraft ? (
            <Box sx={{ mb: 1 }}>
              <DraftVersionButton programme={programme} />
            </Box>
          ) : null}
          <VersionHistory />
        </CardContent>
      </Card>
    </Stack>
  );
}

export const ProgrammeShow = () => (
  <Show component="div" actions={false}>
    <ProgrammeDetails />
  </Show>
);
