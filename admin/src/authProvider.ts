import type { components } from '@loket/client';
import type { AuthProvider } from 'ra-core';
import type { Access } from './access';
import { loket, unwrap } from './api';
import { accessToken, signIn, signOut } from './session';

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
    login: async ({ username, password }: { username: string; password: string }) => {
      me = null;
      if (!(await signIn(username, password))) throw new Error('ra.auth.sign_in_error');
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
