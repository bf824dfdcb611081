import type { components } from '@loket/client';
import { Rating, Typography } from '@mui/material';
import {
  Datagrid,
  DateField,
  FunctionField,
  List,
  ReferenceField,
  SelectInput,
  TextField,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { cohortFilter } from '../cohorts/cohortFilter';
import { csvExporter } from '../csv';
import { EvaluationSummary } from './EvaluationSummary';

type Evaluation = components['schemas']['Evaluation'];

const subjectReference = { module: 'modules', session: 'sessions', cohort: 'cohorts' } as const;

/** The summary first, then every comment, filterable by cohort and kind of subject. */
export function EvaluationList() {
  const translate = useTranslate();
  const canReport = useCan('reports:read');
  const filters = [
    cohortFilter('resources.evaluations.fields.cohortId'),
    <SelectInput
      key="subjectType"
      source="subjectType"
      alwaysOn
      choices={(['module', 'session', 'cohort'] as const).map((id) => ({
        id,
        name: translate(`loket.evaluations.subjects.${id}`),
      }))}
    />,
  ];
  return (
    <>
      {canReport && <EvaluationSummary />}
      <Typography component="h2" variant="h6" sx={{ mt: 3 }}>
        {translate('loket.evaluations.comments')}
      </Typography>
      <List
        exporter={csvExporter}
        filters={filters}
        sort={{ field: 'createdAt', order: 'DESC' }}
        title="loket.evaluations.title"
      >
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <DateField source="createdAt" locales="nl-NL" />
          <FunctionField<Evaluation>
            source="subjectType"
            sortable={false}
            render={(r) => translate(`loket.evaluations.subjects.${r.subjectType}`)}
          />
          {/* The module, meeting or cohort the evaluation is about, by name. */}
          <FunctionField<Evaluation>
            label="resources.evaluations.fields.subjectId"
            render={(record) => (
              <ReferenceField source="subjectId" reference={subjectReference[record.subjectType]} link={false}>
                <TextField source={record.subjectType === 'cohort' ? 'name' : 'title'} />
              </ReferenceField>
            )}
          />
          <FunctionField<Evaluation>
            source="rating"
            render={(r) => (
              <Rating
                value={r.rating}
                readOnly
                size="small"
                aria-label={translate('loket.evaluations.rating_of', { rating: r.rating })}
              />
            )}
          />
          <FunctionField<Evaluation>
            source="comment"
            sortable={false}
            render={(r) => r.comment ?? translate('loket.evaluations.no_comment')}
          />
        </Datagrid>
      </List>
    </>
  );
}
