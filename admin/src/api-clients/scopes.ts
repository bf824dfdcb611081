import { apiClientCreateScopesValues } from '@loket/client';

/** The scopes an API client may be given, as the API lists them. */
export const clientScopes = apiClientCreateScopesValues;
