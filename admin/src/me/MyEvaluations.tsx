import { evaluationSubjectTypeValues } from '@loket/client';
import { Alert, Box, Button, Card, CardContent, Chip, List, ListItem, Stack, Typography } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { type EvaluationForm, type EvaluationFormItem, useEvaluationForms } from './data';
import { useFormats } from './format';
import { Page } from './Page';

/** The form page of one item: /my/evaluations/<enrolment>/<module|session|cohort>/<id>. */
const formPath = (form: Pick<EvaluationForm, 'enrolmentId'>, item: EvaluationFormItem) =>
  `/my/evaluations/${form.enrolmentId}/${item.subjectType}/${item.subjectId}`;

function Item({ form, item }: { form: EvaluationForm; item: EvaluationFormItem }) {
  const translate = useTranslate();
  const f = useFormats();
  const t = (key: string, options?: object) => translate(`loket.me.evaluations.${key}`, options);
  const state = item.evaluation
    ? t('state.done', { rating: item.evaluation.rating })
    : !form.open
      ? t('state.closed')
      : item.due
        ? t('state.due')
        : t(`state.later_${item.subjectType}`);
  const action = item.evaluation ? (form.open ? t('change') : t('view')) : form.open && item.due ? t('fill_in') : null;
  return (
    <ListItem divider disableGutters sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
      <Box sx={{ flex: '1 1 220px', minWidth: 0 }}>
        <Typography component="h4" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
          {item.title}
        </Typography>
        {item.subjectType === 'session' && item.date && (
          <Typography variant="body2" color="text.secondary">
            {f.day(item.date)}
          </Typography>
        )}
      </Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip
          size="small"
          label={state}
          color={item.evaluation ? 'success' : item.due && form.open ? 'primary' : 'default'}
          variant={item.evaluation ? 'filled' : 'outlined'}
        />
        {action && (
          <Button
            size="small"
            variant={item.evaluation ? 'outlined' : 'contained'}
            component={Link}
            to={formPath(form, item)}
            aria-label={t('action_label', { action, title: item.title })}
          >
            {action}
          </Button>
        )}
      </Stack>
    </ListItem>
  );
}

function Form({ form }: { form: EvaluationForm }) {
  const translate = useTranslate();
  const headingId = `evaluations-${form.enrolmentId}`;
  return (
    <Card component="section" aria-labelledby={headingId}>
      <CardContent>
        <Typography variant="h6" component="h2" id={headingId} sx={{ overflowWrap: 'anywhere' }}>
          {form.cohortName}
        </Typography>
        {!form.open && (
          <Alert severity="info" sx={{ my: 1 }}>
            {translate('loket.me.evaluations.closed')}
          </Alert>
        )}
        {evaluationSubjectTypeValues.map((subject) => {
          const items = form.items.filter((item) => item.subjectType === subject);
          if (items.length === 0) return null;
          return (
            <Box key={subject} sx={{ mt: 2 }}>
              <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
                {translate(`loket.me.evaluations.groups.${subject}`)}
              </Typography>
              <List disablePadding>
                {items.map((item) => (
                  <Item key={`${item.subjectType}:${item.subjectId}`} form={form} item={item} />
                ))}
              </List>
            </Box>
          );
        })}
      </CardContent>
    </Card>
  );
}

/** A participant's evaluations: per module, meeting and the whole programme, what to fill in and what they said. */
export function MyEvaluations() {
  const translate = useTranslate();
  const loaded = useEvaluationForms('list');
  return (
    <Page
      title={translate('loket.me.evaluations.title')}
      intro={translate('loket.me.evaluations.intro')}
      loaded={loaded}
    >
      {(forms) =>
        forms.length === 0 ? (
          <Alert severity="info">{translate('loket.me.not_enrolled')}</Alert>
        ) : (
          <Stack spacing={3}>
            {forms.map((form) => (
              <Form key={form.enrolmentId} form={form} />
            ))}
          </Stack>
        )
      }
    </Page>
  );
}
