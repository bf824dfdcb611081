import { and, asc, count, eq } from 'drizzle-orm';
import type { Database } from '../connect';
import { cmi5AssignableUnits, cmi5CourseFiles, cmi5Courses } from '../schema/cmi5';
import { type Page, type PageParams, planPage } from './pagination';

export type Cmi5CourseRow = typeof cmi5Courses.$inferSelect;
export type Cmi5AssignableUnitRow = typeof cmi5AssignableUnits.$inferSelect;
export type Cmi5CourseFileRow = typeof cmi5CourseFiles.$inferSelect;

export const cmi5CourseSortable = { createdAt: cmi5Courses.createdAt };

/** Rows per INSERT: well below PostgreSQL's 65,535 bind parameters for a unit's dozen columns. */
const unitsPerInsert = 1_000;
/** File bytes per INSERT, so one statement never carries a whole large package. */
const fileBytesPerInsert = 16 * 1024 * 1024;

/** Stores an imported course with its assignable units and files, a batch of rows per statement. */
export async function insertCmi5Course(
  db: Database,
  course: Omit<typeof cmi5Courses.$inferInsert, 'id' | 'createdAt'>,
  units: Array<Omit<typeof cmi5AssignableUnits.$inferInsert, 'id' | 'courseId'>>,
  files: Array<Omit<typeof cmi5CourseFiles.$inferInsert, 'courseId'>>,
): Promise<{ course: Cmi5CourseRow; units: Cmi5AssignableUnitRow[] }> {
  const [row] = await db.insert(cmi5Courses).values(course).returning();
  if (!row) throw new Error('course insert returned nothing');
  const inserted: Cmi5AssignableUnitRow[] = [];
  for (let start = 0; start < units.length; start += unitsPerInsert) {
    const batch = units.slice(start, start + unitsPerInsert).map((unit) => ({ ...unit, courseId: row.id }));
    inserted.push(...(await db.insert(cmi5AssignableUnits).values(batch).returning()));
  }
  let batch: Array<typeof cmi5CourseFiles.$inferInsert> = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && (bytes + file.content.length > fileBytesPerInsert || batch.length >= unitsPerInsert)) {
      await db.insert(cmi5CourseFiles).values(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({ ...file, courseId: row.id });
    bytes += file.content.length;
  }
  if (batch.length > 0) await db.insert(cmi5CourseFiles).values(batch);
  return { course: row, units: inserted.sort((a, b) => a.position - b.position) };
}

export async function listCmi5Courses(
  db: Database,
  params: { page: PageParams },
): Promise<Page<Cmi5CourseRow & { assignableUnitCount: number }>> {
  const plan = planPage(params.page, cmi5CourseSortable, cmi5Courses.id);
  const units = db
    .select({ courseId: cmi5AssignableUnits.courseId, n: count().as('n') })
    .from(cmi5AssignableUnits)
    .groupBy(cmi5AssignableUnits.courseId)
    .as('units');
  const rows = await db
    .select({ course: cmi5Courses, n: units.n })
    .from(cmi5Courses)
    .leftJoin(units, eq(units.courseId, cmi5Courses.id))
    .where(plan.after)
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(cmi5Courses);
  const page = plan.finish(rows.map((row) => ({ ...row.course, assignableUnitCount: Number(row.n ?? 0) })));
  return { ...page, total: total?.n ?? 0 };
}

/** A course with its assignable units in course-structure order. */
export async function findCmi5Course(
  db: Database,
  id: string,
): Promise<{ course: Cmi5CourseRow; units: Cmi5AssignableUnitRow[] } | undefined> {
  const [course] = await db.select().from(cmi5Courses).where(eq(cmi5Courses.id, id));
  if (!course) return undefined;
  const units = await db
    .select()
    .from(cmi5AssignableUnits)
    .where(eq(cmi5AssignableUnits.courseId, id))
    .orderBy(asc(cmi5AssignableUnits.position));
  return { course, units };
}

/** Deletes a course; its units, files, registrations and sessions go with it (statements stay). */
export async function deleteCmi5Course(db: Database, id: string): Promise<Cmi5CourseRow | undefined> {
  const [row] = await db.delete(cmi5Courses).where(eq(cmi5Courses.id, id)).returning();
  return row;
}

export async function findCmi5CourseFile(
  db: Database,
  courseId: string,
  path: string,
): Promise<Cmi5CourseFileRow | undefined> {
  const [row] = await db
    .select()
    .from(cmi5CourseFiles)
    .where(and(eq(cmi5CourseFiles.courseId, courseId), eq(cmi5CourseFiles.path, path)));
  return row;
}
