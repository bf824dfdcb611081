import AccountTreeIcon from '@mui/icons-material/AccountTree';
import TableRowsIcon from '@mui/icons-material/TableRows';
import { Card, Stack, ToggleButton, ToggleButtonGroup } from '@mui/material';
import type { ReactNode } from 'react';
import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  DateField,
  EditButton,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  TextField,
  TextInput,
  Title,
  useStore,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { csvExporter } from '../csv';
import { useKindChoices } from './kinds';
import { OrganisationTree } from './OrganisationTree';

type View = 'tree' | 'table';

function ViewSwitch({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  const translate = useTranslate();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={view}
      onChange={(_event, next: View | null) => next && onChange(next)}
      aria-label={translate('loket.tree.view')}
    >
      <ToggleButton value="tree">
        <AccountTreeIcon fontSize="small" sx={{ mr: 1 }} aria-hidden />
        {translate('loket.tree.as_tree')}
      </ToggleButton>
      <ToggleButton value="table">
        <TableRowsIcon fontSize="small" sx={{ mr: 1 }} aria-hidden />
        {translate('loket.tree.as_table')}
      </ToggleButton>
    </ToggleButtonGroup>
  );
}

/** The organisations as a tree (how the country is built) or as a searchable table. */
export function OrganisationList() {
  const [view, setView] = useStore<View>('organisations.view', 'tree');
  const mayCreate = useCan('organisations:write');
  const translate = useTranslate();
  if (view === 'table') return <OrganisationTable switcher={<ViewSwitch view={view} onChange={setView} />} />;
  return (
    <>
      <Title title={translate('resources.organisations.name', { smart_count: 2 })} />
      <Stack direction="row" sx={{ my: 2, justifyContent: 'space-between', alignItems: 'center' }}>
        <ViewSwitch view={view} onChange={setView} />
        {mayCreate ? <CreateButton resource="organisations" /> : null}
      </Stack>
      <Card>
        <OrganisationTree />
      </Card>
    </>
  );
}

function OrganisationTable({ switcher }: { switcher: ReactNode }) {
  const kinds = useKindChoices();
  const filters = [
    <TextInput key="q" source="q" alwaysOn />,
    <SelectInput key="kind" source="kind" choices={kinds} alwaysOn />,
    <ReferenceInput key="within" source="within" reference="organisations" filter={{ kind: 'poi' }}>
      <AutocompleteInput optionText="name" />
    </ReferenceInput>,
  ];
  return (
    <List exporter={csvExporter} filters={filters} sort={{ field: 'name', order: 'ASC' }}>
      <Stack direction="row" sx={{ p: 1 }}>
        {switcher}
      </Stack>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="name" />
        <SelectField source="kind" choices={kinds} />
        <ReferenceField source="parentId" reference="organisations" link={false} sortable={false} />
        <TextField source="city" sortable={false} />
        <TextField source="province" sortable={false} />
        <DateField source="updatedAt" locales="nl-NL" />
        <EditButton />
      </Datagrid>
    </List>
  );
}
