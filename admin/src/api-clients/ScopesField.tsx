import type { components } from '@loket/client';
import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

type ApiClient = components['schemas']['ApiClient'];

/** The scopes as words; `source` names the column for the list's header. */
export function ScopesField(_props: { source: 'scopes'; sortable?: boolean }) {
  const record = useRecordContext<ApiClient>();
  const translate = useTranslate();
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {record?.scopes.map((scope) => (
        <Chip key={scope} size="small" variant="outlined" label={translate(`loket.scopes.${scope}`, { _: scope })} />
      ))}
    </Stack>
  );
}
