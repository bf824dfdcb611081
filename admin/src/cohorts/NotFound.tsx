import { Alert } from '@mui/material';
import { useShowContext, useTranslate } from 'react-admin';

/**
 * Shown instead of a record the API answers 404 for: one that does not exist or lies outside the
 * caller's area (the API does not tell the two apart, and neither does this page).
 */
export function NotFoundNote({ message }: { message: string }) {
  const { error, record, isPending } = useShowContext();
  const translate = useTranslate();
  if (isPending || record || !error) return null;
  return (
    <Alert severity="warning" role="alert" sx={{ m: 2 }}>
      {translate(message)}
    </Alert>
  );
}

/** The 404 stays on the page as a note instead of react-admin's default redirect to the list. */
export const keepNotFound = { onError: () => undefined, retry: false } as const;
