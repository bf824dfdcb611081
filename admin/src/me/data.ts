import type { components } from '@loket/client';
import { loket, unwrap } from '../api';
import { useLoad } from '../dashboard/useReport';

type EnrolmentDetail = components['schemas']['EnrolmentDetail'];
type Cohort = components['schemas']['Cohort'];
export type Certificate = components['schemas']['Certificate'];
export type EvaluationForm = components['schemas']['EvaluationForm'];
export type EvaluationFormItem = components['schemas']['EvaluationFormItem'];

/** One enrolment as its participant sees it: the picture, the group's dates, and the certificate once issued. */
export interface MyEnrolment {
  enrolment: EnrolmentDetail;
  cohort: Cohort;
  certificate: Certificate | null;
}

async function loadMine() {
  const [me, enrolments] = await Promise.all([unwrap(loket.GET('/v1/me')), unwrap(loket.GET('/v1/me/enrolments'))]);
  const mine = await Promise.all(
    enrolments.data.map(async (enrolment): Promise<MyEnrolment> => {
      const [cohort, certificates] = await Promise.all([
        unwrap(loket.GET('/v1/cohorts/{id}', { params: { path: { id: enrolment.cohortId } } })),
        unwrap(loket.GET('/v1/certificates', { params: { query: { enrolmentId: enrolment.id, limit: 5 } } })),
      ]);
      // A revoked certificate stays listed; the valid one, when there is one, is the one to show.
      const certificate = certificates.data.find((c) => c.status === 'valid') ?? certificates.data[0] ?? null;
      return { enrolment, cohort, certificate };
    }),
  );
  return { name: me.name, enrolments: mine };
}

/** Launches a module's e-learning (cmi5) for one of my enrolments: the URL to open, with its one-time fetch URL. */
export async function launchModule(enrolmentId: string, moduleCode: string, launchMode: 'Normal' | 'Review') {
  const launched = await unwrap(
    loket.POST('/v1/enrolments/{id}/modules/{module}/launch', {
      params: { path: { id: enrolmentId, module: moduleCode } },
      body: { launchMode },
    }),
  );
  return launched.url;
}

/** The signed-in participant's enrolments, newest first, with what their pages show. */
export const useMine = () => useLoad('me', loadMine);

/** The participant's evaluation forms, one per enrolment. */
export const useEvaluationForms = (key: string) =>
  useLoad(`evaluation-forms:${key}`, async () => (await unwrap(loket.GET('/v1/me/evaluation-forms'))).data);
