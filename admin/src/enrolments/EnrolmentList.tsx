import type { components } from '@loket/client';
import {
  AutocompleteInput,
  Datagrid,
  DateField,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  SimpleList,
  useTranslate,
} from 'react-admin';
import { csvExporter } from '../csv';
import { usePhone } from '../layout/usePhone';
import { useEnrolmentStatusChoices } from './choices';

type Enrolment = components['schemas']['Enrolment'];

const personName = (e: Enrolment) =>
  [e.participant.givenName, e.participant.nameInfix, e.participant.familyName].filter(Boolean).join(' ');

/** All enrolments the user may see (the API keeps to their scope), by leergroep and status. */
export function EnrolmentList() {
  const translate = useTranslate();
  const phone = usePhone();
  const statusChoices = useEnrolmentStatusChoices();
  const filters = [
    <ReferenceInput key="cohortId" source="cohortId" reference="cohorts" alwaysOn>
      <AutocompleteInput
        optionText="name"
        label="resources.enrolments.fields.cohortId"
        sx={{ minWidth: { sm: 240 } }}
      />
    </ReferenceInput>,
    <SelectInput key="status" source="status" choices={statusChoices} alwaysOn />,
  ];
  return (
    <List filters={filters} sort={{ field: 'familyName', order: 'ASC' }} exporter={csvExporter}>
      {phone ? (
        <SimpleList<Enrolment>
          primaryText={personName}
          secondaryText={(e) => e.cohortName}
          tertiaryText={(e) => translate(`loket.enrolments.status.${e.status}`)}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <FunctionField<Enrolment> label="loket.enrolments.participant" sortBy="familyName" render={personName} />
          <ReferenceField source="cohortId" reference="cohorts" sortable={false} />
          <SelectField source="status" choices={statusChoices} />
          <DateField source="invitedAt" locales="nl-NL" sortable={false} />
          <DateField source="completedAt" locales="nl-NL" sortable={false} />
        </Datagrid>
      )}
    </List>
  );
}
