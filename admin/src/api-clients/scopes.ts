export const clientScopes = [
  'read:catalogue',
  'read:participants',
  'write:participants',
  'write:progress',
  'read:certificates',
  'read:reports',
  'read:audit',
  'read:events',
] as const;
