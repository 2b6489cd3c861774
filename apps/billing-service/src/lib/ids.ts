import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `use_…` for UsageEntry rows, in the shape of @vivier/contracts' newId (time-ordered prefix and
 * base36 randomness). contracts' id catalogue has no usage-entry kind yet; until it does, billing
 * mints these itself.
 */
export function newUsageEntryId(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  let random = '';
  for (const byte of randomBytes(20 - time.length)) random += ALPHABET[byte % ALPHABET.length];
  return `use_${time}${random}`;
}
