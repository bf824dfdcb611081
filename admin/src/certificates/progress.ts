import type { components } from '@loket/client';
/** What the batch dialog shows of a job from GET /v1/jobs/{id}. */
export type JobLike = Pick<components['schemas']['Job'], 'status' | 'total' | 'done' | 'failed'>;

export interface BatchProgress {
  processed: number;
  total: number;
  /** 0–100, for a determinate progress bar. */
  percent: number;
  issued: number;
  skipped: number;
  finished: boolean;
}

/** A job's counts as progress: the bar reaches 100 only when the job says it is completed. */
export function batchProgress(job: JobLike): BatchProgress {
  const processed = job.done + job.failed;
  const finished = job.status === 'completed' || job.status === 'failed';
  const percent = finished ? 100 : job.total === 0 ? 0 : Math.min(99, Math.floor((processed / job.total) * 100));
  return { processed, total: job.total, percent, issued: job.done, skipped: job.failed, finished };
}

/** The date filters speak in days; the API wants instants: the start of the first, the end of the last. */
export const startOfDay = (day: string | null | undefined) => (day ? `${day.slice(0, 10)}T00:00:00.000Z` : undefined);
export const endOfDay = (day: string | null | undefined) => (day ? `${day.slice(0, 10)}T23:59:59.999Z` : undefined);

/** The file name people see in their downloads folder. */
export const pdfFileName = (number: string) => `certificaat-${number}.pdf`;
