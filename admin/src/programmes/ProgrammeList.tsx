import { Datagrid, List, ShowButton, TextField } from 'react-admin';
import { csvExporter } from '../csv';

export const ProgrammeList = () => (
  <List exporter={csvExporter} sort={{ field: 'name', order: 'ASC' }} pagination={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="code" />
      <TextField source="name" />
      <ShowButton />
    </Datagrid>
  </List>
);
