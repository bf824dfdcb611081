import SchoolIcon from '@mui/icons-material/School';
import {
  ArrayField,
  Datagrid,
  DateField,
  List,
  NumberField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  useTranslate,
} from 'react-admin';

function VersionStatus() {
  const translate = useTranslate();
  const choices = ['draft', 'published', 'retired'].map((id) => ({
    id,
    name: translate(`loket.version_status.${id}`),
  }));
  return <SelectField source="status" choices={choices} />;
}

const ProgrammeList = () => (
  <List pagination={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="code" />
      <TextField source="name" />
    </Datagrid>
  </List>
);

const ProgrammeShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="description" />
      <ArrayField source="versions">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <NumberField source="number" />
          <VersionStatus />
          <DateField source="publishedAt" locales="nl-NL" />
        </Datagrid>
      </ArrayField>
    </SimpleShowLayout>
  </Show>
);

export default { list: ProgrammeList, show: ProgrammeShow, icon: SchoolIcon, recordRepresentation: 'name' };
