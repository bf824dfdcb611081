import { Datagrid, List, ShowButton, TextField } from 'react-admin';

export const ProgrammeList = () => (
  <List sort={{ field: 'name', order: 'ASC' }} pagination={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="code" />
      <TextField source="name" />
      <ShowButton />
    </Datagrid>
  </List>
);
