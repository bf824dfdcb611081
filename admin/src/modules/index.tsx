import MenuBookIcon from '@mui/icons-material/MenuBook';
import {
  Datagrid,
  List,
  NumberField,
  RichTextField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
} from 'react-admin';

function LearningGoals() {
  const record = useRecordContext<{ learningGoals: string[] }>();
  if (!record) return null;
  return (
    <ul>
      {record.learningGoals.map((goal) => (
        <li key={goal}>{goal}</li>
      ))}
    </ul>
  );
}

const ModuleList = () => (
  <List sort={{ field: 'position', order: 'ASC' }} pagination={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <NumberField source="position" />
      <TextField source="title" />
      <TextField source="theme.title" sortable={false} />
      <NumberField source="estimatedMinutes" sortable={false} />
    </Datagrid>
  </List>
);

const ModuleShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="title" />
      <TextField source="theme.title" />
      <TextField source="summary" />
      <NumberField source="estimatedMinutes" />
      <LearningGoals />
      {/* bodyHtml is rendered by the API from the programme's own Markdown in content/. */}
      <RichTextField source="bodyHtml" />
      <TextField source="activityIri" />
    </SimpleShowLayout>
  </Show>
);

export default { list: ModuleList, show: ModuleShow, icon: MenuBookIcon, recordRepresentation: 'title' };
