import { Edit } from 'react-admin';
import { CohortForm } from './CohortForm';
import type { CohortRecord } from './choices';

/** The form shows the chosen modules as codes; they are sent only when the choice changed. */
function transform(data: Record<string, unknown>, options?: { previousData?: CohortRecord }) {
  const before = (options?.previousData?.modules ?? []).map((module) => module.code);
  const after = (data.moduleCodes as string[] | undefined) ?? before;
  const { moduleCodes: _moduleCodes, ...rest } = data;
  return [...after].sort().join() === [...before].sort().join() ? rest : { ...rest, moduleCodes: after };
}

export function CohortEdit() {
  return (
    <Edit redirect="show" mutationMode="pessimistic" transform={transform}>
      <CohortForm />
    </Edit>
  );
}
