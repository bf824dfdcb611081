import type { components } from '@loket/client';
import { Datagrid, List, NumberField, SelectInput, ShowButton, SimpleList, TextField, useTranslate } from 'react-admin';
import { csvExporter } from '../csv';
import { usePhone } from '../layout/usePhone';

type Module = components['schemas']['Module'];

const themes = ['sociaal-domein', 'laaggeletterdheid'];

export function ModuleList() {
  const translate = useTranslate();
  const phone = usePhone();
  const filters = [
    <SelectInput
      key="theme"
      source="theme"
      choices={themes.map((id) => ({ id, name: translate(`loket.themes.${id}`) }))}
      alwaysOn
    />,
  ];
  // A programme version has six modules: one page shows them all.
  return (
    <List
      exporter={csvExporter}
      filters={filters}
      sort={{ field: 'position', order: 'ASC' }}
      perPage={100}
      pagination={false}
    >
      {phone ? (
        <SimpleList<Module>
          primaryText={(m) => `${m.position}. ${m.title}`}
          secondaryText={(m) => m.theme.title}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <NumberField source="position" />
          <TextField source="title" />
          <TextField source="theme.title" sortable={false} />
          <NumberField source="estimatedMinutes" sortable={false} />
          <ShowButton />
        </Datagrid>
      )}
    </List>
  );
}
