import type { Readable } from 'node:stream';
import {
  type Connection,
  type Database,
  listAttendanceRecords,
  listEnrolments,
  listParticipants,
  listXapiStatementsForExport,
  type PageParams,
  progressOfEnrolments,
  xapiStatementsCopyQuery,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { type CsvRow, copiedCsv, csvStream } from '../../lib/csv';
import { accessOf } from '../xapi/service';

const batchSize = 1000;
const iso = (date: Date | null) => date?.toISOString() ?? '';

/** Reads a list page after page by keyset, so memory stays flat however long the export. */
async function* pages<T>(
  read: (page: PageParams) => Promise<{ rows: T[]; nextCursor: string | null }>,
  sort: PageParams['sort'],
) {
  let cursor: string | undefined;
  do {
    const page = await read({ limit: batchSize, cursor, sort });
    yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export const participantColumns = [
  'id',
  'givenName',
  'nameInfix',
  'familyName',
  'email',
  'jobTitle',
  'organisationId',
  'createdAt',
  'updatedAt',
] as const;

export async function* participantRows(
  db: Database,
  caller: Caller,
  organisationId: string | undefined,
): AsyncGenerator<CsvRow<(typeof participantColumns)[number]>> {
  const read = (page: PageParams) =>
    listParticipants(db, { scope: caller.scope, filter: { organisationId }, page, withTotal: false });
  for await (const rows of pages(read, [{ field: 'createdAt', descending: false }])) {
    for (const p of rows) {
      yield {
        id: p.id,
        givenName: p.givenName,
        nameInfix: p.nameInfix ?? '',
        familyName: p.familyName,
        email: p.email,
        jobTitle: p.jobTitle ?? '',
        organisationId: p.organisationId,
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.updatedAt),
      };
    }
  }
}

export const enrolmentProgressColumns = [
  'enrolmentId',
  'cohortId',
  'cohortName',
  'participantId',
  'participantName',
  'enrolmentStatus',
  'moduleCode',
  'moduleTitle',
  'progressStatus',
  'startedAt',
  'completedAt',
  'score',
] as const;

/** One row per enrolment and chosen module: the long format spreadsheets and BI tools pivot on. */
export async function* enrolmentProgressRows(
  db: Database,
  caller: Caller,
  cohortId: string | undefined,
): AsyncGenerator<CsvRow<(typeof enrolmentProgressColumns)[number]>> {
  const read = (page: PageParams) =>
    listEnrolments(db, { scope: caller.scope, filter: { cohortId }, page, withTotal: false });
  for await (const rows of pages(read, [{ field: 'createdAt', descending: false }])) {
    const progress = await progressOfEnrolments(
      db,
      rows.map((e) => e.id),
    );
    for (const e of rows) {
      for (const p of progress.filter((item) => item.enrolmentId === e.id)) {
        yield {
          enrolmentId: e.id,
          cohortId: e.cohortId,
          cohortName: e.cohortName,
          participantId: e.participantId,
          participantName: [e.givenName, e.nameInfix, e.familyName].filter(Boolean).join(' '),
          enrolmentStatus: e.status,
          moduleCode: p.code,
          moduleTitle: p.title,
          progressStatus: p.status,
          startedAt: iso(p.startedAt),
          completedAt: iso(p.completedAt),
          score: p.score ?? '',
        };
      }
    }
  }
}

export const attendanceColumns = [
  'cohortId',
  'cohortName',
  'sessionId',
  'sessionType',
  'sessionTitle',
  'startsAt',
  'enrolmentId',
  'participantName',
  'status',
  'excuseWaived',
  'recordedAt',
] as const;

export async function* attendanceRows(
  db: Database,
  caller: Caller,
  cohortId: string | undefined,
): AsyncGenerator<CsvRow<(typeof attendanceColumns)[number]>> {
  let after: { sessionId: string; enrolmentId: string } | undefined;
  for (;;) {
    const rows = await listAttendanceRecords(db, { scope: caller.scope, cohortId, after, limit: batchSize });
    for (const r of rows) {
      yield {
        cohortId: r.cohortId,
        cohortName: r.cohortName,
        sessionId: r.sessionId,
        sessionType: r.sessionType,
        sessionTitle: r.sessionTitle,
        startsAt: iso(r.startsAt),
        enrolmentId: r.enrolmentId,
        participantName: r.participantName,
        status: r.status,
        excuseWaived: r.excuseWaived,
        recordedAt: iso(r.recordedAt),
      };
    }
    const last = rows[rows.length - 1];
    if (rows.length < batchSize || !last) return;
    after = { sessionId: last.sessionId, enrolmentId: last.enrolmentId };
  }
}

export const statementColumns = [
  'id',
  'participantId',
  'verb',
  'activityIri',
  'registration',
  'timestamp',
  'storedAt',
  'statement',
] as const;

export async function* statementRows(
  db: Database,
  caller: Caller,
  since: Date | undefined,
): AsyncGenerator<CsvRow<(typeof statementColumns)[number]>> {
  let cursor: string | undefined;
  do {
    const page = await listXapiStatementsForExport(db, {
      access: accessOf(caller),
      filter: { since },
      ascending: true,
      limit: batchSize,
      cursor,
    });
    for (const s of page.rows) {
      yield {
        id: s.id,
        participantId: s.participantId ?? '',
        verb: s.verb,
        activityIri: s.activityIri,
        registration: s.registration ?? '',
        timestamp: iso(s.timestamp),
        storedAt: iso(s.storedAt),
        statement: s.statement,
      };
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * The statements as CSV. On PostgreSQL the database writes the CSV itself in one COPY, at the speed
 * it reads (the export that grows with every learner's every step); PGlite cannot stream a COPY,
 * and there they are read page by page.
 */
export async function statementsCsv(
  connection: Connection,
  caller: Caller,
  since: Date | undefined,
  excel: boolean,
): Promise<Readable> {
  const { copyOut } = connection;
  if (copyOut) return copiedCsv(copyOut, xapiStatementsCopyQuery(accessOf(caller), since), excel);
  return csvStream(statementRows(connection.db, caller, since), statementColumns, excel);
}
