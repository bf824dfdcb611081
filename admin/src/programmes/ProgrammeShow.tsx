import {
  ArrayField,
  Datagrid,
  DateField,
  NumberField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  useTranslate,
} from 'react-admin';

const statuses = ['draft', 'published', 'retired'];

export function ProgrammeShow() {
  const translate = useTranslate();
  const statusChoices = statuses.map((id) => ({ id, name: translate(`loket.version_status.${id}`) }));
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="name" />
        {/* Markdown from content/programme.md, shown as written. */}
        <TextField source="description" sx={{ whiteSpace: 'pre-line' }} />
        <ArrayField source="versions">
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <NumberField source="number" />
            <SelectField source="status" choices={statusChoices} />
            <DateField source="publishedAt" locales="nl-NL" />
          </Datagrid>
        </ArrayField>
      </SimpleShowLayout>
    </Show>
  );
}
