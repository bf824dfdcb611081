import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

/** The dialog an enrolment's actions confirm in, with room for what they ask (a reason). */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  text: string;
  confirm: string;
  onClose: () => void;
  onConfirm: () => void;
  busy: boolean;
  children?: ReactNode;
  disabled?: boolean;
}) {
  const translate = useTranslate();
  return (
    <Dialog open={props.open} onClose={props.onClose} aria-labelledby="enrolment-dialog-title" fullWidth maxWidth="sm">
      <DialogTitle id="enrolment-dialog-title">{props.title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{props.text}</DialogContentText>
        {props.children}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={props.onConfirm} disabled={props.busy || props.disabled}>
          {props.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
