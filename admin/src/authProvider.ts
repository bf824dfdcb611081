import type { components } from '@loket/client';
import type { AuthProvider } from 'ra-core';
import type { Access } from './access';
import { loket, unwrap } from './api';
import { accessToken, finishOrganisationSignIn, signInWithPassword, signOut } from './session';

type Me = components['schemas']['Me'];

export function createAuthProvider(): AuthProvider {
  let me: Promise<Me> | null = null;
  // Asked once per sign-in, never when signed out; a failed answer is not kept.
  const whoAmI = async () => {
    if (!(await accessToken())) throw new Error('ra.auth.auth_check_error');
    me ??= unwrap(loket.GET('/v1/me')).catch((error: unknown) => {
      me = null;
      throw error;
    });
    return me;
  };
  return {
    // A password, or the one-time code of a sign-in through the organisation's identity provider.
    // A refusal is thrown as its problem code, which the sign-in page shows in words.
    login: async (params: { username: string; password: string } | { oidcCode: string }) => {
      me = null;
      const refused =
        'oidcCode' in params
          ? await finishOrganisationSignIn(params.oidcCode)
          : await signInWithPassword(params.username, params.password);
      if (refused) throw new Error(refused);
    },
    logout: async () => {
      me = null;
      await signOut();
    },
    checkAuth: async () => {
      if (!(await accessToken())) throw new Error('ra.auth.auth_check_error');
    },
    checkError: async (error: { status?: number }) => {
      if (error.status === 401) {
        me = null;
        throw new Error('ra.auth.auth_check_error');
      }
    },
    getIdentity: async () => {
      const identity = await whoAmI();
      return {
        id: identity.id,
        fullName: `${identity.name}${identity.organisation ? ` · ${identity.organisation.name}` : ''}`,
      };
    },
    getPermissions: async (): Promise<Access> => {
      const identity = await whoAmI();
      return { role: identity.role, permissions: identity.permissions };
    },
  };
}
