import type { components } from '@loket/client';
import { Typography } from '@mui/material';
import {
  Labeled,
  NumberField,
  RichTextField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';

type Module = components['schemas']['Module'];

function ModuleTitle() {
  const record = useRecordContext<Module>();
  const translate = useTranslate();
  return <span>{record ? translate('loket.module', { position: record.position, title: record.title }) : ''}</span>;
}

function LearningGoals() {
  const record = useRecordContext<Module>();
  return (
    <Typography component="ul" variant="body2" sx={{ m: 0, pl: 3 }}>
      {record?.learningGoals.map((goal) => (
        <li key={goal}>{goal}</li>
      ))}
    </Typography>
  );
}

export const ModuleShow = () => (
  <Show title={<ModuleTitle />}>
    <SimpleShowLayout>
      <TextField source="title" />
      <TextField source="theme.title" />
      <TextField source="summary" />
      <NumberField source="estimatedMinutes" />
      <Labeled label="resources.modules.fields.learningGoals">
        <LearningGoals />
      </Labeled>
      {/* The API renders bodyHtml from the programme's Markdown in content/; RichTextField still passes it
          through DOMPurify, so a mistake in content can never run script in the admin. */}
      <RichTextField source="bodyHtml" sx={{ maxWidth: '70ch', '& h2, & h3': { mt: 2, mb: 1 }, '& p': { my: 1 } }} />
      <TextField source="activityIri" />
    </SimpleShowLayout>
  </Show>
);
