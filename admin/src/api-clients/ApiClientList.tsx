import type { components } from '@loket/client';
import { useState } from 'react';
import {
  BooleanField,
  Button,
  Confirm,
  Datagrid,
  DateField,
  List,
  ReferenceField,
  TextField,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { loket, unwrap } from '../api';
import { csvExporter } from '../csv';
import { ScopesField } from './ScopesField';

type ApiClient = components['schemas']['ApiClient'];

/** Revoking is for good: the client gets no new tokens; the ones it has run out within their lifetime. */
function RevokeButton() {
  const client = useRecordContext<ApiClient>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  if (!client || client.revoked) return null;
  const revoke = async () => {
    try {
      await unwrap(
        loket.POST('/v1/api-clients/{id}/revoke', {
          params: { path: { id: client.id }, header: { 'if-match': `"${client.version}"` } },
        }),
      );
      notify('loket.api_clients.revoked', { type: 'success', messageArgs: { name: client.name } });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setOpen(false);
    }
  };
  return (
    <>
      <Button
        label="loket.api_clients.revoke"
        color="error"
        onClick={(click) => {
          click.stopPropagation();
          setOpen(true);
        }}
      />
      <Confirm
        isOpen={open}
        title={translate('loket.api_clients.revoke_title', { name: client.name })}
        content="loket.api_clients.revoke_content"
        confirm="loket.api_clients.revoke"
        onConfirm={revoke}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

export const ApiClientList = () => (
  <List exporter={csvExporter} sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="clientId" sortable={false} />
      <ScopesField source="scopes" sortable={false} />
      <ReferenceField source="organisationId" reference="organisations" link={false} sortable={false} emptyText="—" />
      <BooleanField source="revoked" sortable={false} />
      <DateField source="createdAt" locales="nl-NL" />
      <RevokeButton />
    </Datagrid>
  </List>
);
