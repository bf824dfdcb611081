import { type ActorType, everything, type Role, type Scope } from '@loket/db';
import type { Permission } from './permissions';

/** Who is making a request, what they may do, and which part of the country they may see. */
export interface Caller {
  actorType: ActorType;
  actorId: string | null;
  role: Role | null;
  organisationId: string | null;
  participantId: string | null;
  permissions: ReadonlySet<Permission>;
  scope: Scope;
  /** A cmi5 assignable unit's session, when the caller is one (by the auth token its fetch URL gave). */
  cmi5SessionId?: string;
}

/** Loket itself (start-up, seeding, background work). */
export const systemCaller: Caller = {
  actorType: 'system',
  actorId: null,
  role: null,
  organisationId: null,
  participantId: null,
  permissions: new Set(),
  scope: everything,
};

export const can = (caller: Caller | null, permission: Permission) => caller?.permissions.has(permission) ?? false;

/** The key an idempotency record is stored under for this caller. */
export const principalKey = (caller: Caller) => `${caller.actorType}:${caller.actorId ?? '-'}`;
