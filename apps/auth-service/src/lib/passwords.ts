import { hash, verify } from '@node-rs/argon2';
import { AppError } from '@vivier/contracts';
import { isCommonPassword } from './common-passwords';

// @node-rs/argon2 defaults to Argon2id (its `Algorithm` is a const enum we cannot import under
// isolatedModules); OWASP's minimum profile: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A real hash of a random password, verified against when the email is unknown so that the
 * unknown-email path costs the same time as a wrong password (no enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}

/** Length limits are checked by the contract schema; this adds the checks needing a list. */
export function assertAcceptablePassword(password: string, email: string): void {
  const lowered = password.toLowerCase();
  if (
    isCommonPassword(lowered) ||
    lowered === email.toLowerCase() ||
    lowered === email.split('@')[0]?.toLowerCase()
  ) {
    throw new AppError('VALIDATION_FAILED', 'Choose a less common password', {
      details: [{ path: 'password', message: 'is too common or too easy to guess' }],
    });
  }
}
