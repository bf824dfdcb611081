import { findEnrolmentsInCohort, findParticipantsByEmails, insertParticipant, listAllOrganisations } from '@loket/db';
import { DomainError } from '../../lib/errors';
import { audit, type WriteContext } from '../../lib/write';
import { type CsvRow, parseEnrolmentCsv, rowProblems } from './csv';
import type { ImportReport, ImportRow } from './schema';
import { enrolAll, openCohort } from './service';

/** A name as people type it: case and spacing do not matter, everything else does. */
const normalName = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');

/**
 * The library or branch a row's "vestiging" names, by its name or short name (or id) and nothing looser:
 * a guess would put people at the wrong place unseen. Otherwise the names to choose from: those
 * containing what was written, or else all of them.
 */
export function placeNamed(
  places: ReadonlyArray<{ id: string; name: string; shortName: string | null }>,
  written: string,
): { id: string } | { choices: string[] } {
  const wanted = normalName(written);
  const matches = places.filter((p) => [p.id, p.name, p.shortName].some((v) => v !== null && normalName(v) === wanted));
  const [only] = matches;
  if (only && matches.length === 1) return { id: only.id };
  const near = matches.length > 1 ? matches : places.filter((p) => normalName(p.name).includes(wanted));
  return { choices: (near.length > 0 ? near : places).map((p) => p.name) };
}

/** A checked row, with what committing it needs. */
type CheckedRow = ImportRow & { source: CsvRow; organisationId: string | null; participantId: string | null };
type OpenCohort = Awaited<ReturnType<typeof openCohort>>;

/** What every row is checked against, read once for the whole file. */
interface RowContext {
  cohort: OpenCohort;
  branches: Awaited<ReturnType<typeof listAllOrganisations>>;
  known: Map<string, Awaited<ReturnType<typeof findParticipantsByEmails>>[number]>;
  enrolled: Set<string>;
  /** The line each e-mail address first appeared on. */
  seen: Map<string, number>;
}

/** Checks every row of an import against the database; commits only when no row has a problem. */
export async function importCsv(
  ctx: WriteContext,
  cohortId: string,
  text: string,
  dryRun: boolean,
): Promise<ImportReport> {
  const parsed = parseEnrolmentCsv(text);
  if (!parsed.ok)
    throw new DomainError(422, 'invalid-file', 'Invalid file', parsed.problem, [
      { path: '/file', message: parsed.problem },
    ]);
  const cohort = await openCohort(ctx, cohortId, '');
  const rowContext = await readRowContext(ctx, cohort, parsed.rows);
  const rows = parsed.rows.map((source) => checkRow(source, rowContext));
  const report = reportOn(rows, dryRun);
  if (dryRun) return report;
  if (report.summary.invalid > 0) {
    const errors = rows.flatMap((r) =>
      r.problems.map((p) => ({ path: `/line/${r.line}/${p.column}`, message: p.message })),
    );
    throw new DomainError(
      422,
      'invalid-rows',
      'Invalid rows',
      `${report.summary.invalid} rows have problems; nothing was imported.`,
      errors,
    );
  }
  await commitRows(ctx, cohortId, cohort, rows);
  return { ...report, committed: true };
}

async function readRowContext(ctx: WriteContext, cohort: OpenCohort, sources: CsvRow[]): Promise<RowContext> {
  const branches = await listAllOrganisations(ctx.db, {
    scope: ctx.caller.scope,
    filter: { within: cohort.organisationId },
  });
  // Everyone the file names and who of them is enrolled already: two queries, however long the file.
  const known = new Map(
    (await findParticipantsByEmails(ctx.db, sources.map((r) => r.values.email).filter(Boolean))).map((p) => [
      p.email.toLowerCase(),
      p,
    ]),
  );
  const enrolled = new Set(
    (
      await findEnrolmentsInCohort(
        ctx.db,
        cohort.id,
        [...known.values()].map((p) => p.id),
      )
    ).map((e) => e.participantId),
  );
  return { cohort, branches, known, enrolled, seen: new Map() };
}

/** One row's problems, and otherwise what importing it does and where the person lands. */
function checkRow(source: CsvRow, { cohort, branches, known, enrolled, seen }: RowContext): CheckedRow {
  const problems = rowProblems(source);
  const email = source.values.email.toLowerCase() || null;
  let action: ImportRow['action'] = null;
  let organisationId: string | null = cohort.organisationId;
  let participantId: string | null = null;
  if (email) {
    const first = seen.get(email);
    if (first !== undefined) problems.push({ column: 'e-mail', message: `appears already on line ${first}` });
    else seen.set(email, source.line);
  }
  if (source.values.branch) {
    const place = placeNamed(branches, source.values.branch);
    if ('id' in place) organisationId = place.id;
    else
      problems.push({
        column: 'vestiging',
        message: `"${source.values.branch}" is not a branch of ${cohort.organisationName}`,
        choices: place.choices,
      });
  }
  if (email && problems.length === 0) {
    const existing = known.get(email);
    if (existing) {
      const inLibrary = branches.some((b) => b.id === existing.organisationId);
      if (!inLibrary) {
        problems.push({ column: 'e-mail', message: 'belongs to someone at another library' });
      } else {
        participantId = existing.id;
        action = enrolled.has(existing.id) ? 'already_enrolled' : 'enrol_existing';
      }
    } else {
      action = 'create_and_enrol';
    }
  }
  const landsAt = problems.length > 0 ? null : (branches.find((b) => b.id === organisationId) ?? null);
  return {
    line: source.line,
    email,
    action: problems.length > 0 ? null : action,
    organisation: landsAt && { id: landsAt.id, name: landsAt.name },
    problems,
    source,
    organisationId,
    participantId,
  };
}

function reportOn(rows: CheckedRow[], dryRun: boolean): ImportReport {
  return {
    dryRun,
    committed: false,
    summary: {
      rows: rows.length,
      invalid: rows.filter((r) => r.problems.length > 0).length,
      createAndEnrol: rows.filter((r) => r.action === 'create_and_enrol').length,
      enrolExisting: rows.filter((r) => r.action === 'enrol_existing').length,
      alreadyEnrolled: rows.filter((r) => r.action === 'already_enrolled').length,
    },
    rows: rows.map(({ line, email, action, organisation, problems }) => ({
      line,
      email,
      action,
      organisation,
      problems,
    })),
  };
}

/** Creates the people the file introduces and enrols them with those already known. */
async function commitRows(ctx: WriteContext, cohortId: string, cohort: OpenCohort, rows: CheckedRow[]) {
  const toEnrol: string[] = [];
  for (const row of rows) {
    if (row.action === 'create_and_enrol' && row.organisationId) {
      const created = await insertParticipant(ctx.db, {
        organisationId: row.organisationId,
        givenName: row.source.values.givenName,
        nameInfix: row.source.values.nameInfix || null,
        familyName: row.source.values.familyName,
        email: row.source.values.email,
        jobTitle: row.source.values.jobTitle || null,
      });
      await audit(ctx, {
        action: 'participant.created',
        resourceType: 'participant',
        resourceId: created.id,
        organisationPath: cohort.organisationPath,
        after: { id: created.id, email: created.email, source: 'import' },
      });
      toEnrol.push(created.id);
    } else if (row.action === 'enrol_existing' && row.participantId) {
      toEnrol.push(row.participantId);
    }
  }
  if (toEnrol.length > 0) await enrolAll(ctx, cohortId, toEnrol, (i) => (i < 0 ? '' : `/line/${i}`));
}
