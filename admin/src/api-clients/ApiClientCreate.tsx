import type { components } from '@loket/client';
import { Alert, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  Button,
  CheckboxGroupInput,
  Create,
  type RaRecord,
  ReferenceInput,
  SimpleForm,
  TextInput,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { clientScopes } from './scopes';

type CreatedClient = components['schemas']['ApiClientWithSecret'];

/** The secret exists only in the answer to the creation: shown once, here, to be copied. */
function SecretDialog({ client, onClose }: { client: CreatedClient; onClose: () => void }) {
  const translate = useTranslate();
  return (
    <Dialog open onClose={onClose} aria-labelledby="secret-title" maxWidth="sm" fullWidth>
      <DialogTitle id="secret-title">{translate('loket.api_clients.secret_title', { name: client.name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Alert severity="warning">{translate('loket.api_clients.secret_once')}</Alert>
          <TextField
            label={translate('resources.api-clients.fields.clientId')}
            value={client.clientId}
            slotProps={{ input: { readOnly: true } }}
            fullWidth
          />
          <TextField
            label={translate('loket.api_clients.secret')}
            value={client.clientSecret}
            slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
            fullWidth
          />
          <Typography variant="body2">{translate('loket.api_clients.secret_use')}</Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button label="loket.api_clients.secret_stored" variant="contained" onClick={onClose} />
      </DialogActions>
    </Dialog>
  );
}

export function ApiClientCreate() {
  const translate = useTranslate();
  const redirect = useRedirect();
  const [created, setCreated] = useState<CreatedClient | null>(null);
  return (
    <>
      <Create mutationOptions={{ onSuccess: (client: RaRecord) => setCreated(client as CreatedClient) }}>
        <SimpleForm>
          <TextInput source="name" isRequired fullWidth />
          <CheckboxGroupInput
            source="scopes"
            choices={clientScopes.map((id) => ({ id, name: translate(`loket.scopes.${id}`) }))}
            row={false}
            isRequired
          />
          <ReferenceInput source="organisationId" reference="organisations" sort={{ field: 'name', order: 'ASC' }}>
            <AutocompleteInput optionText="name" helperText="loket.api_clients.organisation_help" />
          </ReferenceInput>
        </SimpleForm>
      </Create>
      {created ? <SecretDialog client={created} onClose={() => redirect('list', 'api-clients')} /> : null}
    </>
  );
}
