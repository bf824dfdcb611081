import { createHash } from 'node:crypto';
import { everything, findXapiDocument, saveXapiDocument } from '@loket/db';
import { v4 as uuidv4 } from 'uuid';
import type { WriteContext } from '../../lib/write';
import { store } from '../xapi/service';
import { launchDataStateId, learnerPreferencesProfileId } from './rules';

/** What Loket does as a cmi5 LMS, for a programme's modules and for imported courses alike. */

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const sha1 = (content: Buffer) => createHash('sha1').update(content).digest('hex');
export const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** The agent a participant is in cmi5: their account on this installation (see learnerOf). */
export const actorOf = (publicUrl: string, participantId: string) => ({
  objectType: 'Agent' as const,
  account: { homePage: base(publicUrl), name: participantId },
});

export const verb = (id: string, name: string) => ({ id, display: { 'en-US': name } });

/** The LMS's own statement about an activity, stored as any statement is (with its progress effect). */
export async function lmsStatement(
  ctx: WriteContext,
  publicUrl: string,
  statement: {
    actor: object;
    verb: object;
    object: { id: string; definition?: object };
    context: object;
    result?: object;
  },
) {
  const [id] = await store(
    ctx,
    [
      {
        id: uuidv4(),
        actor: statement.actor,
        verb: statement.verb,
        object: { objectType: 'Activity', ...statement.object },
        context: statement.context,
        ...(statement.result ? { result: statement.result } : {}),
        timestamp: new Date().toISOString(),
      },
    ],
    new Map(),
    publicUrl,
  );
  return id as string;
}

/** Whose documents the LMS writes: the participant's, or those of an agent who is none (by their registration). */
export interface DocumentOwner {
  participantId: string | null;
  storedBy: string;
}

async function saveJsonDocument(
  ctx: WriteContext,
  key: Parameters<typeof saveXapiDocument>[1],
  documentId: string,
  owner: DocumentOwner,
  json: unknown,
) {
  const content = Buffer.from(JSON.stringify(json));
  await saveXapiDocument(ctx.db, key, documentId, {
    ...owner,
    contentType: 'application/json',
    content,
    etag: sha1(content),
  });
}

/**
 * What a launch leaves for the unit to read (cmi5 10, 11): the LMS.LaunchData state document and,
 * when the learner has none, their cmi5LearnerPreferences agent profile.
 */
export async function writeLaunchDocuments(
  ctx: WriteContext,
  launch: { activityId: string; actorKey: string; registration: string; owner: DocumentOwner; launchData: object },
) {
  await saveJsonDocument(
    ctx,
    { kind: 'state', activityId: launch.activityId, agentKey: launch.actorKey, registration: launch.registration },
    launchDataStateId,
    launch.owner,
    launch.launchData,
  );
  const preferencesKey = { kind: 'agent-profile' as const, agentKey: launch.actorKey };
  const access = { scope: everything, storedBy: launch.owner.storedBy };
  if (!(await findXapiDocument(ctx.db, access, preferencesKey, learnerPreferencesProfileId))) {
    // The programme is in Dutch; a learner's own choice, once saved, is never overwritten.
    await saveJsonDocument(ctx, preferencesKey, learnerPreferencesProfileId, launch.owner, {
      languagePreference: 'nl-NL',
      audioPreference: 'on',
    });
  }
}
