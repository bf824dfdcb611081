import {
  type Cmi5AssignableUnitRow,
  type Cmi5CourseRow,
  type Database,
  deleteCmi5Course,
  findCmi5Course,
  findCmi5CourseFile,
  insertCmi5Course,
  listCmi5Courses,
} from '@loket/db';
import { principalKey } from '../../lib/caller';
import { DomainError, notFound } from '../../lib/errors';
import { listAnswer, pageParams } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { InvalidPackage, PackageTooLarge, packageTypeOf, readPackage, resolveAuUrl } from './package';
import type { Cmi5Course, Cmi5CourseQuery, Cmi5CourseSummary } from './schema';

const summaryOf = (row: Cmi5CourseRow) => ({
  id: row.id,
  publisherId: row.publisherId,
  title: row.title,
  description: row.description,
  packageType: row.packageType,
  createdAt: row.createdAt.toISOString(),
});

function toCourse(publicUrl: string, row: Cmi5CourseRow, units: Cmi5AssignableUnitRow[]): Cmi5Course {
  return {
    ...summaryOf(row),
    assignableUnits: units.map((unit) => ({
      position: unit.position,
      publisherId: unit.publisherId,
      title: unit.title,
      description: unit.description,
      url: unit.url,
      launchUrl: resolveAuUrl(publicUrl, row.id, unit.url),
      moveOn: unit.moveOn,
      masteryScore: unit.masteryScore,
      launchMethod: unit.launchMethod,
      launchParameters: unit.launchParameters,
      entitlementKey: unit.entitlementKey,
      activityType: unit.activityType,
      blocks: unit.blocks,
    })),
    structure: row.structure,
  };
}

/** A refused package: 422 with the cmi5 requirement it breaks; one too large unpacked: 413. */
function packageProblem(error: unknown): unknown {
  if (error instanceof InvalidPackage) {
    return new DomainError(422, 'invalid-cmi5-package', 'Invalid cmi5 course package', error.message, undefined, {
      requirement: error.requirement,
    });
  }
  if (error instanceof PackageTooLarge) {
    return new DomainError(413, 'cmi5-package-too-large', 'Course package too large', error.message);
  }
  return error;
}

/** Reads and checks a package before any transaction starts: unpacking and validating take a while. */
export async function readCoursePackage(contentType: string | undefined, body: Buffer) {
  try {
    return await readPackage(packageTypeOf(contentType), body);
  } catch (error) {
    throw packageProblem(error);
  }
}

export async function importCourse(
  ctx: WriteContext,
  publicUrl: string,
  coursePackage: Awaited<ReturnType<typeof readPackage>>,
): Promise<Cmi5Course> {
  const { course, units } = await insertCmi5Course(
    ctx.db,
    {
      publisherId: coursePackage.publisherId,
      title: coursePackage.title,
      description: coursePackage.description,
      structure: coursePackage.structure,
      packageType: coursePackage.packageType,
      importedBy: principalKey(ctx.caller),
    },
    coursePackage.assignableUnits.map((unit, position) => ({ ...unit, position })),
    coursePackage.files,
  );
  await audit(ctx, {
    action: 'cmi5.course-imported',
    resourceType: 'cmi5_course',
    resourceId: course.id,
    organisationPath: null,
    after: {
      publisherId: course.publisherId,
      packageType: course.packageType,
      assignableUnits: units.length,
      files: coursePackage.files.length,
    },
  });
  return toCourse(publicUrl, course, units);
}

export async function list(db: Database, query: Cmi5CourseQuery) {
  const page = await listCmi5Courses(db, { page: pageParams(query) });
  return listAnswer(
    page,
    query.limit,
    page.rows.map((row): Cmi5CourseSummary => ({ ...summaryOf(row), assignableUnitCount: row.assignableUnitCount })),
  );
}

export async function get(db: Database, publicUrl: string, id: string): Promise<Cmi5Course> {
  const found = await findCmi5Course(db, id);
  if (!found) throw notFound('The course');
  return toCourse(publicUrl, found.course, found.units);
}

export async function remove(ctx: WriteContext, id: string): Promise<void> {
  const row = await deleteCmi5Course(ctx.db, id);
  if (!row) throw notFound('The course');
  await audit(ctx, {
    action: 'cmi5.course-deleted',
    resourceType: 'cmi5_course',
    resourceId: id,
    organisationPath: null,
    before: { publisherId: row.publisherId, packageType: row.packageType },
  });
}

export async function file(db: Database, courseId: string, path: string) {
  const row = await findCmi5CourseFile(db, courseId, path);
  if (!row) throw notFound('The file');
  return row;
}
