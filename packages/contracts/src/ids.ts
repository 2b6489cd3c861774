import { ID_RANDOM_LENGTH, idPattern } from './constants';

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
  folder: 'fld',
  mcpServer: 'mcp',
  knowledgeBase: 'kbs',
  knowledgeChunk: 'kch',
} as const;
export type IdKind = keyof typeof idPrefix;

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `usr_k3j…`: a prefix and 20 base36 characters (~103 bits). The leading characters come from
 * the time so ids sort roughly by creation, which keeps B-tree inserts local.
 */
export function newId(kind: IdKind): string {
  const time = Date.now().toString(36).padStart(9, '0');
  let random = '';
  for (let index = time.length; index < ID_RANDOM_LENGTH; index += 1)
    random += ID_ALPHABET[randomByte() % ID_ALPHABET.length];
  return `${idPrefix[kind]}_${time}${random}`;
}

/**
 * Random bytes drawn from a pool refilled by one `getRandomValues` call every few hundred ids:
 * the gateway mints a request id for every request, and one call per id was a measurable share
 * of its CPU (issue 11). Each byte is used once, so ids stay as unpredictable as before.
 */
const randomPool = new Uint8Array(4096);
let randomOffset = randomPool.length;
function randomByte(): number {
  if (randomOffset === randomPool.length) {
    crypto.getRandomValues(randomPool);
    randomOffset = 0;
  }
  return randomPool[randomOffset++]!;
}

/** Built once: isId runs on every request that names an id. */
const idPatterns = Object.fromEntries(
  Object.keys(idPrefix).map((kind) => [kind, idPattern(idPrefix[kind as IdKind])]),
) as Record<IdKind, RegExp>;

export function isId(kind: IdKind, value: string): boolean {
  return idPatterns[kind].test(value);
}

/** The pattern every id of a kind matches (built once; `idSchema` validates with it). */
export function idPatternOf(kind: IdKind): RegExp {
  return idPatterns[kind];
}
