import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  DateField,
  FilterButton,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  SimpleList,
  TextField,
  TextInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { csvExporter } from '../csv';
import { usePhone } from '../layout/usePhone';
import { type CohortRecord, useCohortChoices } from './choices';
import { StatusChip } from './StatusChip';

function Actions() {
  const canWrite = useCan('cohorts:write');
  return (
    <TopToolbar>
      <FilterButton />
      {canWrite && <CreateButton />}
    </TopToolbar>
  );
}

export function CohortList() {
  const translate = useTranslate();
  const phone = usePhone();
  const { statusChoices, phaseChoices } = useCohortChoices();
  const filters = [
    <TextInput key="q" source="q" alwaysOn />,
    <SelectInput key="status" source="status" choices={statusChoices} alwaysOn />,
    <SelectInput key="phase" source="phase" choices={phaseChoices} alwaysOn />,
    <ReferenceInput
      key="organisationId"
      source="organisationId"
      reference="organisations"
      filter={{ kind: 'library' }}
      alwaysOn
    >
      <AutocompleteInput
        optionText="name"
        label="resources.cohorts.fields.organisationId"
        sx={{ minWidth: { sm: 280 } }}
      />
    </ReferenceInput>,
  ];
  return (
    <List exporter={csvExporter} filters={filters} actions={<Actions />} sort={{ field: 'startsOn', order: 'DESC' }}>
      {phone ? (
        <SimpleList<CohortRecord>
          primaryText={(c) => c.name}
          secondaryText={<ReferenceField source="organisationId" reference="organisations" link={false} />}
          tertiaryText={(c) => translate(`loket.cohorts.status.${c.status}`)}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="name" />
          <ReferenceField source="organisationId" reference="organisations" link={false} sortable={false} />
          <SelectField source="phase" choices={phaseChoices} sortable={false} />
          <StatusChip label="resources.cohorts.fields.status" source="status" />
          <DateField source="startsOn" locales="nl-NL" />
          <DateField source="endsOn" locales="nl-NL" sortable={false} />
          <FunctionField<CohortRecord>
            source="modules"
            sortable={false}
            render={(record) => translate('loket.cohorts.module_count', { smart_count: record.modules.length })}
          />
        </Datagrid>
      )}
    </List>
  );
}
