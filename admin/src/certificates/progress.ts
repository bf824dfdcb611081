/** What the batch dialog shows of a job from GET /v1/jobs/{id}. */
export interface JobLike {
  status: string;
  total: number;
  done: number;
  failed: number;
}

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

const missingReasons = ['not_started', 'in_progress', 'not_recorded', 'absent', 'excused_not_waived'] as const;

/**
 * The API explains a refusal in English with reason codes ("Module boekstart: not_started"); the
 * screens say the same in the user's words, and leave anything they do not recognise as it is.
 */
export function readableReason(reason: string, translate: (key: string, options?: object) => string): string {
  return reason
    .replace(/The completion rule does not hold yet: (\d+) item\(s\) missing\./, (_, count: string) =>
      translate('loket.certificates.missing_count', { smart_count: Number(count) }),
    )
    .replace(
      new RegExp(`: (${missingReasons.join('|')})(?=\\s|$)`, 'g'),
      (_, code: string) => `: ${translate(`loket.certificates.missing_reasons.${code}`)};`,
    )
    .replace(/;$/, '');
}
