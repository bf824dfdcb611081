import type { components } from '@loket/client';
import { Alert, Typography } from '@mui/material';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  CheckboxGroupInput,
  DateInput,
  FormDataConsumer,
  RadioButtonGroupInput,
  ReferenceArrayInput,
  ReferenceInput,
  required,
  SimpleForm,
  TextInput,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { type CohortRecord, useCohortChoices } from './choices';
import { useMe } from './useMe';

type ModuleSummary = components['schemas']['Module'];

/** The modules to choose from: the cohort's own programme version, or the newest published one. */
function ModuleChoices({ programmeVersionId, disabled }: { programmeVersionId?: string; disabled: boolean }) {
  const translate = useTranslate();
  const { data = [] } = useGetList<ModuleSummary & { id: string }>('modules', {
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'position', order: 'ASC' },
    filter: programmeVersionId ? { programmeVersionId } : {},
  });
  const choices = data.map((module) => ({
    id: module.code,
    name: translate('loket.module', { position: module.position, title: module.title }),
  }));
  return (
    <CheckboxGroupInput
      source="moduleCodes"
      choices={choices}
      row={false}
      disabled={disabled}
      helperText={disabled ? 'loket.cohorts.modules_locked' : 'loket.cohorts.modules_helper'}
      validate={required()}
    />
  );
}

/** KB staff choose the adviser; an adviser plans their own cohorts. Both choose the library's facilitators. */
function PeopleInputs({ organisationId, adviserUserId }: { organisationId?: string; adviserUserId?: string | null }) {
  const translate = useTranslate();
  const canManageUsers = useCan('users:manage');
  const canReadUsers = useCan('users:read');
  const me = useMe();
  const adviserNote =
    me && adviserUserId === me.id ? 'loket.cohorts.adviser_self' : adviserUserId ? null : 'loket.cohorts.adviser_none';
  return (
    <>
      {canManageUsers ? (
        <ReferenceInput source="adviserUserId" reference="users" filter={{ role: 'adviser' }}>
          <AutocompleteInput optionText="displayName" sx={{ minWidth: { sm: 320 } }} />
        </ReferenceInput>
      ) : (
        adviserNote && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate(adviserNote)}
          </Alert>
        )
      )}
      {canReadUsers && organisationId && (
        <ReferenceArrayInput source="facilitatorUserIds" reference="users" filter={{ organisationId }}>
          <AutocompleteArrayInput
            optionText="displayName"
            helperText="loket.cohorts.facilitators_helper"
            sx={{ minWidth: { sm: 320 } }}
          />
        </ReferenceArrayInput>
      )}
    </>
  );
}

export function CohortForm({ create = false, defaultValues }: { create?: boolean; defaultValues?: object }) {
  const translate = useTranslate();
  const record = useRecordContext<CohortRecord>();
  const { phaseChoices } = useCohortChoices();
  const modulesLocked = !create && record ? !record.accepts.moduleChanges : false;
  return (
    <SimpleForm
      defaultValues={defaultValues}
      record={record && { ...record, moduleCodes: record.modules.map((m) => m.code) }}
    >
      {create && (
        <ReferenceInput source="organisationId" reference="organisations" filter={{ kind: 'library' }}>
          <AutocompleteInput optionText="name" validate={required()} sx={{ minWidth: { sm: 320 } }} />
        </ReferenceInput>
      )}
      {create && <RadioButtonGroupInput source="phase" choices={phaseChoices} validate={required()} />}
      <TextInput source="name" helperText="loket.cohorts.name_helper" sx={{ minWidth: { sm: 420 } }} />
      <DateInput source="startsOn" validate={required()} />
      <DateInput source="endsOn" validate={required()} />
      <ModuleChoices programmeVersionId={record?.programmeVersionId} disabled={modulesLocked} />
      <FormDataConsumer<{ organisationId?: string; adviserUserId?: string | null }>>
        {({ formData }) => (
          <PeopleInputs
            organisationId={formData.organisationId ?? record?.organisationId}
            adviserUserId={formData.adviserUserId}
          />
        )}
      </FormDataConsumer>
      {create && (
        <Typography variant="body2" color="text.secondary">
          {translate('loket.cohorts.meeting_plan')}
        </Typography>
      )}
    </SimpleForm>
  );
}
