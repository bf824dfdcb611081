import { Create, useLocation } from 'react-admin';
import { SessionForm } from './SessionForm';

/**
 * From a cohort's meeting tab the cohort comes along as ?cohortId=, and saving goes back there; an
 * extra meeting is optional until the adviser marks it as counting.
 */
export function SessionCreate() {
  const location = useLocation();
  const cohortId = new URLSearchParams(location.search).get('cohortId') ?? undefined;
  return (
    <Create
      redirect={cohortId ? () => `cohorts/${encodeURIComponent(cohortId)}/show/meetings` : 'list'}
      record={{ type: 'team_meeting', cohortId, countsForCertificate: false }}
    >
      <SessionForm create />
    </Create>
  );
}
