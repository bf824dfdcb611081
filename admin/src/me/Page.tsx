import { Alert, Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Loading, Title, useTranslate } from 'react-admin';
import type { Loaded } from '../dashboard/useReport';

/**
 * A participant's page: its title in the app bar and as the one h1, narrow enough for a phone, and
 * what to say while the data loads or when it could not.
 */
export function Page<T>(props: {
  title: string;
  intro?: ReactNode;
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  const translate = useTranslate();
  const { data, error } = props.loaded;
  return (
    <Box sx={{ mt: 2, mb: 4, maxWidth: 880, minWidth: 0 }}>
      <Title title={props.title} />
      <Typography variant="h5" component="h1" gutterBottom>
        {props.title}
      </Typography>
      {props.intro && (
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {props.intro}
        </Typography>
      )}
      {error ? (
        <Alert severity="error">{translate('loket.me.error', { message: error.message })}</Alert>
      ) : data === undefined ? (
        <Loading loadingPrimary="loket.me.loading" loadingSecondary="" />
      ) : (
        props.children(data)
      )}
    </Box>
  );
}
