import { randomBytes, randomUUID } from 'node:crypto';
import { type AppOptions, buildApp, type OutboxOptions } from '@loket/api';
import { claimsForUser } from '@loket/api/auth';
import {
  findUserById,
  insertOrganisation,
  insertRefreshToken,
  insertUser,
  loadContent,
  type OrganisationRow,
  pilotVersionOf,
  type Role,
  syncContent,
  type UserValues,
} from '@loket/db';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import type { PressureLimits } from '../../api/src/plugins/pressure';
import { freshDatabase, type TestDatabase } from './database';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** The national organisation the admin belongs to. */
  kb: OrganisationRow;
  adminToken: string;
  jwtSecret: string;
  /** Requests as the given bearer token (the admin by default; null for none). */
  http: (token?: string | null) => ReturnType<typeof supertest.agent>;
  /** Creates an account and a signed-in session directly in the database and returns an access token for it. */
  tokenFor: (role: Role, binding: { organisationId?: string; participantId?: string }) => Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The programme to load: content/ as it is (default), version 1 as the 2018 pilot followed it, or none. */
  content?: boolean | 'pilot';
  loginRateLimit?: number;
  verifyRateLimit?: number;
  accessTokenTtlSeconds?: number;
  corsOrigins?: string[];
  backgroundJobs?: boolean;
  outbox?: OutboxOptions;
  mail?: AppOptions['mail'];
  logStream?: { write(line: string): void };
  pressureLimits?: PressureLimits;
  metricsToken?: string;
  retention?: AppOptions['retention'];
  /** Webhooks to private addresses: on by default here, for the local receiver tests listen with. */
  allowPrivateWebhookTargets?: boolean;
  /** Per-caller limits: high by default here, so only the tests about them meet them. */
  callerLimits?: AppOptions['callerLimits'];
  signInBackoff?: AppOptions['signInBackoff'];
  trustProxy?: AppOptions['trustProxy'];
  /** Identity providers over plain http: a test's own provider on this machine. */
  allowHttpIssuers?: boolean;
  publicUrl?: string;
  issuerKey?: AppOptions['issuerKey'];
}

let accounts = 0;

/** The real app on a fresh database, with the programme loaded and an admin; no port is opened. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const db = database.connection.db;
  if (options.content === 'pilot') await syncContent(db, pilotVersionOf(await loadContent()));
  else if (options.content !== false) await syncContent(db, await loadContent());
  const jwtSecret = randomBytes(32).toString('hex');
  const app = await buildApp({
    connection: database.connection,
    jwtSecret,
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.logStream ? { logger: { level: 'trace', stream: options.logStream } } : {}),
    loginRateLimit: options.loginRateLimit ?? 10_000,
    verifyRateLimit: options.verifyRateLimit ?? 10_000,
    backgroundJobs: options.backgroundJobs ?? false,
    ...(options.outbox ? { outbox: options.outbox } : {}),
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
    ...(options.pressureLimits ? { pressureLimits: options.pressureLimits } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    ...(options.retention ? { retention: options.retention } : {}),
    allowPrivateWebhookTargets: options.allowPrivateWebhookTargets ?? true,
    callerLimits: options.callerLimits ?? { userPerMinute: 100_000, clientPerMinute: 100_000 },
    ...(options.signInBackoff ? { signInBackoff: options.signInBackoff } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.allowHttpIssuers ? { allowHttpIssuers: true } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.issuerKey ? { issuerKey: options.issuerKey } : {}),
  });
  await app.ready();

  const kb = await insertOrganisation(
    db,
    { kind: 'national', name: 'Koninklijke Bibliotheek', shortName: 'KB' },
    undefined,
  );
  const tokenFor = async (role: Role, binding: { organisationId?: string; participantId?: string }) => {
    accounts += 1;
    const values: UserValues = {
      email: `${role}.${accounts}.${randomBytes(3).toString('hex')}@test.example`,
      displayName: `${role} ${accounts}`,
      role,
      organisationId: binding.organisationId ?? null,
      participantId: binding.participantId ?? null,
    };
    const user = await insertUser(db, values);
    const withPath = await findUserById(db, user.id);
    if (!withPath) throw new Error('user vanished');
    // A signed-in session, as the password grant makes one: the token is checked against it.
    const sessionId = randomUUID();
    await insertRefreshToken(db, {
      userId: user.id,
      familyId: sessionId,
      tokenHash: randomBytes(32).toString('hex'),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    return app.jwt.sign(claimsForUser(withPath, sessionId));
  };
  const adminToken = await tokenFor('admin', { organisationId: kb.id });

  return {
    app,
    database,
    kb,
    adminToken,
    jwtSecret,
    http: (token = adminToken) => {
      const agent = supertest.agent(app.server);
      if (token) agent.set('authorization', `Bearer ${token}`);
      return agent;
    },
    tokenFor,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
