import { createHash, randomBytes } from 'node:crypto';

/** An opaque, URL-safe secret with 256 bits of entropy. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Tokens are stored as SHA-256 hashes: they are high-entropy, so a fast hash is enough and a
 * database leak does not hand out live sessions or reset links.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
