import type { components } from '@loket/client';
import BlockIcon from '@mui/icons-material/Block';
import {
  Alert,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Button as MuiButton,
  TextField,
} from '@mui/material';
import { useId, useState } from 'react';
import { Button, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useCan } from '../access';
import { loket, unwrap } from '../api';

type Certificate = components['schemas']['Certificate'];

const minReason = 5;

/** Revokes with a required reason and an explicit confirmation; only for those allowed, only while valid. */
export function RevokeCertificateButton() {
  const record = useRecordContext<Certificate>();
  const canRevoke = useCan('certificates:revoke');
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!record || !canRevoke || record.status !== 'valid') return null;
  const tooShort = reason.trim().length < minReason;
  const close = () => {
    setOpen(false);
    setReason('');
    setConfirmed(false);
    setTouched(false);
    setError(null);
  };
  const submit = async () => {
    setTouched(true);
    if (tooShort || !confirmed) return;
    setBusy(true);
    try {
      await unwrap(
        loket.POST('/v1/certificates/{id}/revoke', {
          params: { path: { id: record.id }, header: { 'if-match': `"${record.version}"` } },
          body: { reason: reason.trim() },
        }),
      );
      notify('loket.certificates.revoke.done', { type: 'success', messageArgs: { number: record.number } });
      close();
      refresh();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button label="loket.certificates.revoke.button" color="error" onClick={() => setOpen(true)}>
        <BlockIcon />
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby={titleId} fullWidth maxWidth="sm">
        <DialogTitle id={titleId}>
          {translate('loket.certificates.revoke.title', { number: record.number })}
        </DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('loket.certificates.revoke.explanation')}</DialogContentText>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error}
            </Alert>
          )}
          <TextField
            label={translate('loket.certificates.revoke.reason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            onBlur={() => setTouched(true)}
            required
            fullWidth
            multiline
            minRows={2}
            slotProps={{ htmlInput: { maxLength: 500 } }}
            error={touched && tooShort}
            helperText={
              touched && tooShort
                ? translate('loket.certificates.revoke.reason_too_short')
                : translate('loket.certificates.revoke.reason_help')
            }
          />
          <FormControlLabel
            sx={{ mt: 1 }}
            control={<Checkbox checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />}
            label={translate('loket.certificates.revoke.confirm')}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={close}>{translate('loket.certificates.revoke.cancel')}</MuiButton>
          <MuiButton color="error" variant="contained" onClick={submit} disabled={busy || tooShort || !confirmed}>
            {translate('loket.certificates.revoke.submit')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
}
