/**
 * Message namespaces: one JSON file each in `messages/<locale>/`. The first group is the core UI,
 * the second the account and admin pages; the loader merges every one of a locale.
 */
export const namespaces = [
  'common',
  'auth',
  'chat',
  'sidebar',
  'settings',
  'share',
  'shortcuts',
  'markdown',
  'admin',
  'account',
  'billing',
  'keys',
  'knowledge',
  'presets',
] as const;
