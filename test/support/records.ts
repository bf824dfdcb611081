import { auditEvents } from '@loket/db';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestApp } from './app';

/** Creates a record as the test's administrator, failing unless the API answers 201. */
export async function created(t: TestApp, path: string, body: Record<string, unknown>) {
  const response = await t.http().post(path).send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; version: number };
}

/** The audit events written about one record. */
export const auditTrail = (t: TestApp, resourceId: string) =>
  t.database.connection.db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId));
