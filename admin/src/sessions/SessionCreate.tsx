import { Create, useLocation } from 'react-admin';
import { SessionForm } from './SessionForm';

/** From a cohort's meeting tab the cohort comes along as ?cohortId=. */
export function SessionCreate() {
  const location = useLocation();
  const cohortId = new URLSearchParams(location.search).get('cohortId') ?? undefined;
  return (
    <Create redirect="list" record={{ type: 'team_meeting', cohortId }}>
      <SessionForm create />
    </Create>
  );
}
