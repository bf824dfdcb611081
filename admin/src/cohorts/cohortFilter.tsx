import { AutocompleteInput, ReferenceInput } from 'react-admin';

/** A list's cohort filter, always shown: the cohorts by name, searchable. */
export const cohortFilter = (label: string) => (
  <ReferenceInput key="cohortId" source="cohortId" reference="cohorts" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <AutocompleteInput optionText="name" label={label} />
  </ReferenceInput>
);
