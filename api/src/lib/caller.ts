import { type ActorType, everything, type Scope } from '@loket/db';

/** Who is making a request, and which part of the country they may see. */
export interface Caller {
  actorType: ActorType;
  actorId: string | null;
  scope: Scope;
}

export const systemCaller: Caller = { actorType: 'system', actorId: null, scope: everything };

/** The key an idempotency record is stored under for this caller. */
export const principalKey = (caller: Caller) => `${caller.actorType}:${caller.actorId ?? '-'}`;
