import type { components } from '@loket/client';
import { Create, LinearProgress, useGetList } from 'react-admin';
import { CohortForm } from './CohortForm';
import { useMe } from './useMe';

type Module = components['schemas']['Module'];

export function CohortCreate() {
  const me = useMe();
  const { data: modules, isPending } = useGetList<Module>('modules', {
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'position', order: 'ASC' },
  });
  // The form starts with every module ticked and, for an adviser, themself as the adviser.
  const ready = me && !isPending;
  return (
    <Create redirect="show">
      {ready ? (
        <CohortForm
          create
          defaultValues={{
            phase: 'rollout',
            moduleCodes: (modules ?? []).map((module) => module.code),
            adviserUserId: me.role === 'adviser' ? me.id : null,
          }}
        />
      ) : (
        <LinearProgress />
      )}
    </Create>
  );
}
