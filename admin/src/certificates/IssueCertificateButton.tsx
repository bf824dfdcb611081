import type { components } from '@loket/client';
import WorkspacePremiumIcon from '@mui/icons-material/WorkspacePremium';
import {
  Alert,
  AlertTitle,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Button as MuiButton,
} from '@mui/material';
import { useId, useState } from 'react';
import { Button, HttpError, Link, useNotify, useTranslate } from 'react-admin';
import { useCan } from '../access';
import { loket, unwrap } from '../api';

type Certificate = components['schemas']['Certificate'];

interface Refusal {
  detail: string;
  missing: string[];
}

/** The API's refusal in words (http.ts), and the missing items it lists as errors under /missing/n. */
function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof HttpError) || error.status !== 409) return null;
  const body = (error.body ?? {}) as { errors?: Record<string, unknown> };
  const missing = Object.entries(body.errors ?? {})
    .filter(([field]) => field.startsWith('missing.'))
    .map(([, message]) => String(message));
  return { detail: error.message, missing };
}

/**
 * Issues the certificate of one enrolment. The API decides whether the completion rule holds; when it
 * does not, its problem detail and the list of what is missing are shown in a dialog.
 */
export function IssueCertificateButton({ enrolmentId, onIssued }: { enrolmentId: string; onIssued?: () => void }) {
  const canIssue = useCan('certificates:issue');
  const translate = useTranslate();
  const notify = useNotify();
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [issued, setIssued] = useState<Certificate | null>(null);
  if (!canIssue) return null;
  const issue = async () => {
    setBusy(true);
    try {
      const result = await loket.POST('/v1/certificates', { body: { enrolmentId } });
      const certificate = await unwrap(Promise.resolve(result));
      setIssued(certificate);
      notify(result.response.status === 201 ? 'loket.certificates.issue.issued' : 'loket.certificates.issue.existing', {
        type: 'success',
        messageArgs: { number: certificate.number },
      });
      onIssued?.();
    } catch (error) {
      const refused = refusalOf(error);
      if (refused) setRefusal(refused);
      else notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {issued ? (
        <Link to={`/certificates/${issued.id}/show`}>{issued.number}</Link>
      ) : (
        <Button label="loket.certificates.issue.button" onClick={issue} disabled={busy}>
          <WorkspacePremiumIcon />
        </Button>
      )}
      <Dialog open={refusal !== null} onClose={() => setRefusal(null)} aria-labelledby={titleId}>
        <DialogTitle id={titleId}>{translate('loket.certificates.issue.refused')}</DialogTitle>
        <DialogContent>
          <Alert severity="warning">
            <AlertTitle>{refusal?.detail}</AlertTitle>
            {refusal && refusal.missing.length > 0 && (
              <>
                {translate('loket.certificates.issue.missing')}
                <ul>
                  {refusal.missing.map((item) => (
                    <li key={item}>{item}</li>
                  ))}
                </ul>
              </>
            )}
          </Alert>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setRefusal(null)} autoFocus>
            {translate('loket.certificates.issue.close')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
}
