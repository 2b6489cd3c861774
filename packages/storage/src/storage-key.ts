import { randomBytes } from 'node:crypto';
import { InvalidStorageKeyError } from './errors';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/**
 * `files/3f/3fa9…` (128 random bits): nothing of the user's file name or id, so a key can't
 * collide, be guessed, or point anywhere but inside the storage root. The two-character
 * directory keeps any one folder of the local driver small.
 */
export function newStorageKey(): string {
  const random = randomBytes(16).toString('hex');
  return `files/${random.slice(0, 2)}/${random}`;
}

/** Slash-separated segments of letters, digits, `_`, `-` and inner dots; no `.`/`..`, no leading slash. */
export function assertValidKey(key: string): void {
  if (key.length === 0 || key.length > 512) throw new InvalidStorageKeyError(key);
  if (!key.split('/').every((segment) => SEGMENT.test(segment))) throw new InvalidStorageKeyError(key);
}
