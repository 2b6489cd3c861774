import { z } from 'zod';

/** Prefixes of the ids we mint, so a log line says what an id is. */
export const idPrefix = {
  user: 'usr',
  chat: 'cht',
  message: 'msg',
  generation: 'gen',
  file: 'fil',
  request: 'req',
  session: 'ses',
  plan: 'pln',
  subscription: 'sub',
  provider: 'prv',
  audit: 'aud',
  usageEntry: 'use',
  invite: 'inv',
  group: 'grp',
  apiKey: 'key',
  preset: 'pst',
  prompt: 'pmt',
  knowledgeBase: 'kbs',
  knowledgeChunk: 'kch',
} as const;
export type IdKind = keyof typeof idPrefix;

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_RANDOM_LENGTH = 20;

/**
 * `usr_k3j…`: a prefix and 20 base36 characters (~103 bits). The leading characters come from
 * the time so ids sort roughly by creation, which keeps B-tree inserts local.
 */
export function newId(kind: IdKind): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const bytes = crypto.getRandomValues(new Uint8Array(ID_RANDOM_LENGTH - time.length));
  let random = '';
  for (const byte of bytes) random += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `${idPrefix[kind]}_${time}${random}`;
}

const idPattern = (kind: IdKind) => new RegExp(`^${idPrefix[kind]}_[0-9a-z]{${ID_RANDOM_LENGTH}}$`);
/** Built once: isId runs on every request that names an id. */
const idPatterns = Object.fromEntries(
  Object.keys(idPrefix).map((kind) => [kind, idPattern(kind as IdKind)]),
) as Record<IdKind, RegExp>;

/** Matches an id of the given kind; anything else is treated as "not found" by routes. */
export function idSchema(kind: IdKind) {
  return z.string().regex(idPatterns[kind], `must be a ${kind} id`);
}

export function isId(kind: IdKind, value: string): boolean {
  return idPatterns[kind].test(value);
}
