import MenuBookIcon from '@mui/icons-material/MenuBook';
import {
  Datagrid,
  Labeled,
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

function ModuleTitle() {
  const record = useRecordContext<{ position: number; title: string }>();
  return <span>{record ? `Module ${record.position}: ${record.title}` : ''}</span>;
}

const ModuleShow = () => (
  <Show title={<ModuleTitle />}>
    <SimpleShowLayout>
      <TextField source="title" />
      <TextField source="theme.title" />
      <TextField source="summary" />
      <NumberField source="estimatedMinutes" />
      <Labeled label="resources.modules.fields.learningGoals">
        <LearningGoals />
      </Labeled>
      {/* bodyHtml is rendered by the API from the programme's own Markdown in content/. */}
      <RichTextField source="bodyHtml" />
      <TextField source="activityIri" />
    </SimpleShowLayout>
  </Show>
);

export default { list: ModuleList, show: ModuleShow, icon: MenuBookIcon, recordRepresentation: 'title' };
