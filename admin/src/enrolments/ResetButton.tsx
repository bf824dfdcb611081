import type { components } from '@loket/client';
import { loket, unwrap } from '../api';
import { ReasonedActionButton } from './ReasonedActionButton';

type EnrolmentDetail = components['schemas']['EnrolmentDetail'];

/** Reopen a completed module, with the reason the API keeps in the audit log. */
export function ResetButton({ module }: { module: EnrolmentDetail['progress'][number] }) {
  return (
    <ReasonedActionButton
      action="reset"
      moduleTitle={module.title}
      send={(id, reason) =>
        unwrap(
          loket.POST('/v1/enrolments/{id}/progress/{moduleCode}/reset', {
            params: { path: { id, moduleCode: module.code } },
            body: { reason },
          }),
        )
      }
    />
  );
}
