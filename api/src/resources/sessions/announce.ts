import type { SessionRow } from '@loket/db';
import { emit } from '../../lib/events';
import type { WriteContext } from '../../lib/write';

/** Tells subscribers, and through the outbox everyone invited, that a meeting was planned, changed or cancelled. */
export async function announce(
  ctx: WriteContext,
  type: 'session.scheduled' | 'session.changed' | 'session.cancelled',
  row: SessionRow,
  library: { organisationId: string; organisationPath: string },
): Promise<void> {
  await emit(ctx, type, library.organisationPath, {
    sessionId: row.id,
    cohortId: row.cohortId,
    organisationId: library.organisationId,
    status: row.status,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    sequence: row.version,
  });
}
