import type { components } from '@loket/client';
import { Box, Typography } from '@mui/material';
import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  DateField,
  DateInput,
  ExportButton,
  FunctionField,
  List,
  ReferenceInput,
  SelectInput,
  SimpleList,
  TextField,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { cohortFilter } from '../cohorts/cohortFilter';
import { csvExporter } from '../csv';
import { usePhone } from '../layout/usePhone';
import { CertificateStatus } from './CertificateStatus';
import { endOfDay, startOfDay } from './progress';

type Row = components['schemas']['Certificate'];

function ListActions() {
  const canIssue = useCan('certificates:issue');
  return (
    <TopToolbar>
      {canIssue && <CreateButton label="loket.certificates.issue_page" />}
      <ExportButton />
    </TopToolbar>
  );
}

/**
 * No certificates yet: say how one comes about (the API issues it once the completion rule holds),
 * rather than react-admin's invitation to add one as if it were typed in.
 */
function NoCertificates() {
  const translate = useTranslate();
  const canIssue = useCan('certificates:issue');
  return (
    <Box sx={{ p: 3, textAlign: 'center' }}>
      <Typography variant="h6" component="p">
        {translate('loket.certificates.empty')}
      </Typography>
      <Typography sx={{ mt: 1, mb: 2 }}>{translate('loket.certificates.empty_hint')}</Typography>
      {canIssue && <CreateButton variant="outlined" label="loket.certificates.issue_page" />}
    </Box>
  );
}

export function CertificateList() {
  const translate = useTranslate();
  const phone = usePhone();
  const filters = [
    cohortFilter('resources.certificates.fields.cohortId'),
    <ReferenceInput
      key="libraryId"
      source="libraryId"
      reference="organisations"
      filter={{ kind: 'library' }}
      sort={{ field: 'name', order: 'ASC' }}
      alwaysOn
    >
      <AutocompleteInput optionText="name" label="resources.certificates.fields.libraryId" />
    </ReferenceInput>,
    <SelectInput
      key="revoked"
      source="revoked"
      alwaysOn
      choices={[
        { id: 'false', name: translate('loket.certificates.status.valid') },
        { id: 'true', name: translate('loket.certificates.status.revoked') },
      ]}
    />,
    <DateInput key="issuedFrom" source="issuedFrom" parse={startOfDay} format={(v) => v?.slice(0, 10) ?? ''} />,
    <DateInput key="issuedTo" source="issuedTo" parse={endOfDay} format={(v) => v?.slice(0, 10) ?? ''} />,
  ];
  return (
    <List
      exporter={csvExporter}
      filters={filters}
      sort={{ field: 'issuedAt', order: 'DESC' }}
      actions={<ListActions />}
      empty={<NoCertificates />}
    >
      {phone ? (
        <SimpleList<Row & { id: string; number: string; libraryName: string }>
          primaryText={(r) => r.participantName ?? translate('loket.certificates.withheld')}
          secondaryText={(r) => r.libraryName}
          tertiaryText={(r) => r.number}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="number" />
          <FunctionField<Row>
            source="participantName"
            sortable={false}
            render={(r) => r.participantName ?? translate('loket.certificates.withheld')}
          />
          <TextField source="libraryName" sortable={false} />
          <FunctionField<Row>
            source="programme"
            sortable={false}
            render={(r) =>
              translate('loket.certificates.version', { name: r.programme.name, version: r.programme.version })
            }
          />
          <DateField source="issuedOn" sortBy="issuedAt" locales="nl-NL" />
          <FunctionField source="status" sortable={false} render={() => <CertificateStatus />} />
        </Datagrid>
      )}
    </List>
  );
}
