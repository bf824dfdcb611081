import type { components } from '@loket/client';
import { Button, TextField } from '@mui/material';
import { type ReactNode, useState } from 'react';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useApiAction } from '../useApiAction';
import { ConfirmDialog } from './ConfirmDialog';

type EnrolmentDetail = components['schemas']['EnrolmentDetail'];

/**
 * An action on a module of the enrolment in view that asks for a reason (the API wants at least 5
 * characters and keeps it in the audit log). Its words are `loket.enrolments.<action>` and the keys
 * that start with it; `children` are what the dialog asks before the reason.
 */
export function ReasonedActionButton(props: {
  action: 'reset' | 'by_hand';
  moduleTitle: string;
  send: (enrolmentId: string, reason: string) => Promise<unknown>;
  children?: ReactNode;
}) {
  const record = useRecordContext<EnrolmentDetail>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, run } = useApiAction();
  if (!record) return null;
  const words = `loket.enrolments.${props.action}`;
  const send = () =>
    run(async () => {
      await props.send(record.id, reason.trim());
      notify(`${words}_done`, { type: 'success' });
      setOpen(false);
      setReason('');
      refresh();
    });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {translate(words)}
      </Button>
      <ConfirmDialog
        open={open}
        title={translate(`${words}_title`, { title: props.moduleTitle })}
        text={translate(`${words}_text`)}
        confirm={translate(words)}
        onClose={() => setOpen(false)}
        onConfirm={send}
        busy={busy}
        disabled={reason.trim().length < 5}
      >
        {props.children}
        <TextField
          autoFocus={!props.children}
          fullWidth
          multiline
          minRows={2}
          required
          sx={{ mt: 2 }}
          label={translate(`${words}_reason`)}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          slotProps={{ htmlInput: { maxLength: 500 } }}
        />
      </ConfirmDialog>
    </>
  );
}
