import GroupsIcon from '@mui/icons-material/Groups';
import {
  Alert,
  Box,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  LinearProgress,
  Button as MuiButton,
  Stack,
  Typography,
} from '@mui/material';
import { useEffect, useId, useRef, useState } from 'react';
import { Button, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useCan } from '../access';
import { loket, unwrap } from '../api';
import { describe } from '../i18n/problems';
import { batchProgress } from './progress';

type Job = Awaited<ReturnType<typeof fetchJob>>;

const fetchJob = (id: string) => unwrap(loket.GET('/v1/jobs/{id}', { params: { path: { id } } }));

const pollEvery = 700;

/**
 * Issues the certificates of a whole cohort as a background job (202 + job), following the job until
 * it finishes: a determinate bar, issued and skipped counts, and at the end who was skipped and why.
 */
export function IssueCohortCertificatesButton({ cohortId, onFinished }: { cohortId: string; onFinished?: () => void }) {
  const canIssue = useCan('certificates:issue');
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const titleId = useId();
  const progressId = useId();
  const skippedId = useId();
  const [open, setOpen] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const progress = job ? batchProgress(job) : null;
  const jobId = job?.id;
  const finished = progress?.finished ?? false;

  // Follows the job from its creation until it says it is done.
  useEffect(() => {
    if (!jobId) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await fetchJob(jobId);
        if (cancelled) return;
        setJob(next);
        if (!batchProgress(next).finished) timer = setTimeout(poll, pollEvery);
      } catch (failure) {
        if (!cancelled) setError((failure as Error).message);
      }
    };
    timer = setTimeout(poll, pollEvery);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [jobId]);

  // Once per job: the callers' lists now show the new certificates.
  const whenFinished = useRef(onFinished);
  whenFinished.current = onFinished;
  useEffect(() => {
    if (finished) {
      refresh();
      whenFinished.current?.();
    }
  }, [finished, refresh]);

  if (!canIssue) return null;

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      setJob(await unwrap(loket.POST('/v1/cohorts/{id}/certificates', { params: { path: { id: cohortId } } })));
    } catch (failure) {
      setError((failure as Error).message);
      notify((failure as Error).message, { type: 'error' });
    } finally {
      setStarting(false);
    }
  };
  const close = () => {
    setOpen(false);
    if (finished) setJob(null);
  };

  return (
    <>
      <Button label="loket.certificates.batch.button" onClick={() => setOpen(true)}>
        <GroupsIcon />
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby={titleId} fullWidth maxWidth="sm">
        <DialogTitle id={titleId}>{translate('loket.certificates.batch.title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('loket.certificates.batch.explanation')}</DialogContentText>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error}
            </Alert>
          )}
          {job && progress && (
            <Box>
              <Typography id={progressId} variant="body2" gutterBottom>
                {job.status === 'queued' && progress.total === 0
                  ? translate('loket.certificates.batch.queued')
                  : translate('loket.certificates.batch.progress', {
                      processed: progress.processed,
                      total: progress.total,
                    })}
              </Typography>
              <LinearProgress
                variant="determinate"
                value={progress.percent}
                aria-labelledby={progressId}
                aria-valuetext={`${progress.percent}%`}
                sx={{ height: 10, borderRadius: 1 }}
              />
              <Stack direction="row" spacing={3} sx={{ mt: 1 }} aria-live="polite">
                <Typography variant="body2">
                  {translate('loket.certificates.batch.issued', { count: progress.issued })}
                </Typography>
                <Typography variant="body2">
                  {translate('loket.certificates.batch.skipped', { count: progress.skipped })}
                </Typography>
              </Stack>
              {finished && (
                <Alert severity={job.status === 'failed' ? 'error' : 'success'} sx={{ mt: 2 }} role="status">
                  {job.status === 'failed'
                    ? translate('loket.certificates.batch.failed')
                    : translate('loket.certificates.batch.done', {
                        issued: progress.issued,
                        skipped: progress.skipped,
                      })}
                </Alert>
              )}
              {finished && job.failures.length > 0 && (
                <Box
                  sx={{ mt: 2, maxHeight: 240, overflow: 'auto' }}
                  role="region"
                  aria-labelledby={skippedId}
                  // Scrollable, so reachable by keyboard.
                  tabIndex={0}
                >
                  <Typography id={skippedId} variant="subtitle2" component="h3">
                    {translate('loket.certificates.batch.skipped_list')}
                  </Typography>
                  <ul>
                    {job.failures.map((failure) => (
                      <li key={failure.item}>
                        <strong>{failure.item}</strong>: {describe(failure, 409, translate)}
                        {failure.missing.length > 0 &&
                          ` (${failure.missing.map((m) => describe(m, 409, translate)).join('; ')})`}
                      </li>
                    ))}
                  </ul>
                </Box>
              )}
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={close}>
            {translate(job ? 'loket.certificates.batch.close' : 'loket.certificates.batch.cancel')}
          </MuiButton>
          {!job && (
            <MuiButton variant="contained" onClick={start} disabled={starting}>
              {translate('loket.certificates.batch.start')}
            </MuiButton>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
