import { type Database, findJob, finishJob, listAllEnrolments, recordJobItem, startJob } from '@loket/db';
import { systemCaller } from '../lib/caller';
import { DomainError } from '../lib/errors';
import { type CertificateContext, issue } from '../resources/certificates/service';

export const certificateBatchQueue = 'certificates.issue-cohort';

/**
 * Issues the certificates of a whole cohort, one enrolment per transaction, counting what was
 * issued and recording why the others could not be.
 */
export async function runCertificateBatch(db: Database, jobId: string, context: CertificateContext): Promise<void> {
  const job = await findJob(db, { kind: 'all' }, jobId);
  if (!job || job.status === 'completed') return;
  const cohortId = String(job.input.cohortId);
  const enrolments = (await listAllEnrolments(db, { scope: { kind: 'all' }, filter: { cohortId } })).filter(
    (e) => e.status !== 'withdrawn',
  );
  await startJob(db, jobId, enrolments.length);
  const caller = { ...systemCaller, actorType: 'user' as const, actorId: job.createdByActorId };
  for (const enrolment of enrolments) {
    const name = [enrolment.givenName, enrolment.nameInfix, enrolment.familyName].filter(Boolean).join(' ');
    try {
      const { certificate } = await db.transaction((tx) =>
        issue({ db: tx, caller, requestId: `job:${jobId}` }, enrolment.id, context),
      );
      await recordJobItem(db, jobId, { resultId: certificate.id });
    } catch (error) {
      const failure =
        error instanceof DomainError
          ? {
              reason: [error.message, ...(error.errors ?? []).map((e) => e.message)].join(' '),
              code: error.reason.code,
              params: error.reason.params ?? {},
              missing: (error.errors ?? []).map((e) => ({ code: e.code, params: e.params })),
            }
          : { reason: 'Unexpected error; see the server log.', code: 'internal' };
      await recordJobItem(db, jobId, { failure: { item: name, itemId: enrolment.id, ...failure } });
    }
  }
  await finishJob(db, jobId, 'completed');
}
