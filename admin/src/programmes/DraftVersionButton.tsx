import type { components } from '@loket/client';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import {
  Alert,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  IconButton,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Button, HttpError, useNotify, useRefresh, useTranslate } from 'react-admin';
import { loket, unwrap } from '../api';

type Programme = components['schemas']['Programme'];
type Meeting = components['schemas']['MeetingPlanItem'];

interface ModuleChoice {
  code: string;
  title: string;
  chosen: boolean;
}

interface MeetingChoice {
  sequence: number;
  title: string;
  chosen: boolean;
  weekOffset: string;
  durationMinutes: string;
}

/** The base version's plan first, in its order; then the meetings content/ defines that it leaves out. */
function meetingChoices(plan: Meeting[], plannable: Meeting[]): MeetingChoice[] {
  const row = (m: Meeting, chosen: boolean) => ({
    sequence: m.sequence,
    title: m.title,
    chosen,
    weekOffset: String(m.weekOffset),
    durationMinutes: String(m.durationMinutes),
  });
  return [
    ...plan.map((m) => row(m, true)),
    ...plannable.filter((m) => !plan.some((p) => p.sequence === m.sequence)).map((m) => row(m, false)),
  ];
}

/** The refusal in the user's words: the field errors when the API names them, else the problem. */
function errorText(error: unknown): string[] {
  if (error instanceof HttpError) {
    const fields = (error.body as { errors?: Record<string, unknown> } | undefined)?.errors ?? {};
    const texts = Object.values(fields).map((v) =>
      typeof v === 'string' ? v : String((v as { serverError?: string }).serverError ?? ''),
    );
    return texts.length > 0 ? texts : [error.message];
  }
  return [error instanceof Error ? error.message : String(error)];
}

/**
 * KB staff draft a new version from the published one: which modules it keeps, and which of the
 * programme's meetings new cohorts get, in which order, week and length. The texts stay as content/
 * has them. The draft then waits in the version history for "Publiceren".
 */
export function DraftVersionButton({ programme }: { programme: Programme }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const base = programme.versions.find((v) => v.id === programme.currentVersionId);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [modules, setModules] = useState<ModuleChoice[]>([]);
  const [meetings, setMeetings] = useState<MeetingChoice[]>([]);
  const [summary, setSummary] = useState('');
  if (!base) return null;

  const start = async () => {
    setErrors([]);
    setMeetings(meetingChoices(base.meetingPlan, programme.plannableMeetings));
    setModules([]);
    setSummary('');
    setOpen(true);
    try {
      const list = await unwrap(
        loket.GET('/v1/modules', { params: { query: { programmeVersionId: base.id, limit: 200 } } }),
      );
      setModules(list.data.map((m) => ({ code: m.code, title: m.title, chosen: true })));
    } catch (error) {
      setErrors(errorText(error));
    }
  };

  const move = (index: number, by: -1 | 1) =>
    setMeetings((rows) => {
      const next = [...rows];
      const [row] = next.splice(index, 1);
      if (row) next.splice(index + by, 0, row);
      return next;
    });
  const update = (index: number, change: Partial<MeetingChoice>) =>
    setMeetings((rows) => rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  const save = async () => {
    setBusy(true);
    setErrors([]);
    try {
      // No Idempotency-Key needed: the same choices answer the same draft.
      const draft = await unwrap(
        loket.POST('/v1/programmes/{id}/versions', {
          params: { path: { id: programme.id } },
          body: {
            basedOnVersionId: base.id,
            ...(summary.trim() ? { summary: summary.trim() } : {}),
            moduleCodes: modules.filter((m) => m.chosen).map((m) => m.code),
            meetingPlan: meetings
              .filter((m) => m.chosen)
              .map((m) => ({
                sequence: m.sequence,
                weekOffset: Number(m.weekOffset),
                durationMinutes: Number(m.durationMinutes),
              })),
          },
        }),
      );
      notify('loket.programme.drafted', { type: 'success', messageArgs: { number: draft.number } });
      setOpen(false);
      refresh();
    } catch (error) {
      setErrors(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button label="loket.programme.draft" onClick={start} variant="outlined" />
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="md" aria-labelledby="draft-version-title">
        <DialogTitle id="draft-version-title">{translate('loket.programme.draft')}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            {translate('loket.programme.draft_help', { number: base.number })}
          </Typography>
          <TextField
            label={translate('loket.programme.draft_summary')}
            helperText={translate('loket.programme.draft_summary_help')}
            value={summary}
            onChange={(event) => setSummary(event.target.value)}
            multiline
            fullWidth
            slotProps={{ htmlInput: { maxLength: 1000 } }}
            sx={{ mt: 1 }}
          />
          <Typography variant="h6" component="h3" id="draft-modules" sx={{ mt: 2 }}>
            {translate('loket.programme.draft_modules')}
          </Typography>
          <FormGroup role="group" aria-labelledby="draft-modules">
            {modules.map((m) => (
              <FormControlLabel
                key={m.code}
                label={m.title}
                control={
                  <Checkbox
                    checked={m.chosen}
                    onChange={(event) =>
                      setModules((rows) =>
                        rows.map((row) => (row.code === m.code ? { ...row, chosen: event.target.checked } : row)),
                      )
                    }
                  />
                }
              />
            ))}
          </FormGroup>
          <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
            {translate('loket.programme.draft_meetings')}
          </Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            {translate('loket.programme.draft_meetings_help')}
          </Typography>
          <Stack spacing={1}>
            {meetings.map((m, index) => (
              <Stack
                key={m.sequence}
                direction={{ xs: 'column', sm: 'row' }}
                spacing={1}
                sx={{ alignItems: { sm: 'center' } }}
                data-meeting={m.title}
              >
                <FormControlLabel
                  sx={{ flex: 1 }}
                  label={m.title}
                  control={
                    <Checkbox
                      checked={m.chosen}
                      onChange={(event) => update(index, { chosen: event.target.checked })}
                    />
                  }
                />
                <TextField
                  label={translate('loket.programme.draft_week_short')}
                  type="number"
                  size="small"
                  disabled={!m.chosen}
                  value={m.weekOffset}
                  onChange={(event) => update(index, { weekOffset: event.target.value })}
                  // The visible label is short; the accessible name says which meeting.
                  slotProps={{
                    htmlInput: {
                      min: 0,
                      max: 52,
                      'aria-label': translate('loket.programme.draft_week', { title: m.title }),
                    },
                  }}
                  sx={{ width: 160 }}
                />
                <TextField
                  label={translate('loket.programme.draft_duration_short')}
                  type="number"
                  size="small"
                  disabled={!m.chosen}
                  value={m.durationMinutes}
                  onChange={(event) => update(index, { durationMinutes: event.target.value })}
                  slotProps={{
                    htmlInput: {
                      min: 15,
                      max: 480,
                      step: 15,
                      'aria-label': translate('loket.programme.draft_duration', { title: m.title }),
                    },
                  }}
                  sx={{ width: 180 }}
                />
                <Stack direction="row">
                  <IconButton
                    aria-label={translate('loket.programme.draft_up', { title: m.title })}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    <ArrowUpwardIcon />
                  </IconButton>
                  <IconButton
                    aria-label={translate('loket.programme.draft_down', { title: m.title })}
                    disabled={index === meetings.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    <ArrowDownwardIcon />
                  </IconButton>
                </Stack>
              </Stack>
            ))}
          </Stack>
          {errors.length > 0 ? (
            <Alert severity="error" sx={{ mt: 2 }}>
              {errors.map((text) => (
                <div key={text}>{text}</div>
              ))}
            </Alert>
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button label="loket.programme.draft_save" onClick={save} variant="contained" disabled={busy} />
        </DialogActions>
      </Dialog>
    </>
  );
}
