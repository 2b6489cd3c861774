import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Provider API keys at rest: AES-256-GCM with a random 12-byte IV per value, stored as
 * `v1:<iv>:<tag>:<ciphertext>` (each part base64). admin-service encrypts what admins enter;
 * chat-service and provider-worker decrypt with the same key (PROVIDER_KEY_ENCRYPTION_KEY). The
 * version prefix leaves room for key rotation (`v2:` under a new key) without guessing formats.
 */

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key every service falls back to outside production when PROVIDER_KEY_ENCRYPTION_KEY is
 * unset, so local stacks work without setup. It is public: values encrypted with it are not
 * secret, which is why production refuses to start without a real key.
 */
export const DEVELOPMENT_ENCRYPTION_KEY = Buffer.from('vivier-development-only-key-0032').toString('base64');

/** Thrown for a malformed key, a malformed box, or a box that fails authentication (tampered, other key). */
export class SecretBoxError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'SecretBoxError';
  }
}

/** A 32-byte key from its base64 form; throws a SecretBoxError naming what is wrong (never the value). */
export function parseEncryptionKey(base64: string): Buffer {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new SecretBoxError('the encryption key must be base64');
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(
      `the encryption key must be ${KEY_BYTES} bytes (base64 of 32 random bytes), not ${key.length}`,
    );
  }
  return key;
}

/** `true` when `base64` is a usable key (for env schemas). */
export function isValidEncryptionKey(base64: string): boolean {
  try {
    parseEncryptionKey(base64);
    return true;
  } catch {
    return false;
  }
}

/** Encrypts one secret under `key`; every call uses a fresh IV, so equal secrets never look equal. */
export function encryptSecret(plaintext: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

/** The secret inside a box made by `encryptSecret`; throws SecretBoxError if it was altered or the key differs. */
export function decryptSecret(box: string, key: Buffer): string {
  assertKey(key);
  const parts = box.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError(`not a ${VERSION} secret box`);
  const [, ivPart, tagPart, ciphertextPart] = parts as [string, string, string, string];
  const iv = Buffer.from(ivPart, 'base64');
  const tag = Buffer.from(tagPart, 'base64');
  const ciphertext = Buffer.from(ciphertextPart, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('malformed secret box');
  try {
    // authTagLength pins the tag size, so a truncated tag cannot weaken the check.
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SecretBoxError(
      'the secret box failed authentication (altered, or encrypted under another key)',
      { cause: error },
    );
  }
}

/** Whether a stored value looks like a box (without checking it decrypts). */
export function isSecretBox(value: string): boolean {
  return value.startsWith(`${VERSION}:`) && value.split(':').length === 4;
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`the encryption key must be ${KEY_BYTES} bytes`);
}

export interface SecretBox {
  encrypt(plaintext: string): string;
  decrypt(box: string): string;
  /** True when running on DEVELOPMENT_ENCRYPTION_KEY (warn about it at startup). */
  readonly isDevelopmentKey: boolean;
}

/** Encrypt/decrypt bound to one key. */
export function createSecretBox(keyBase64: string): SecretBox {
  const key = parseEncryptionKey(keyBase64);
  return {
    encrypt: (plaintext) => encryptSecret(plaintext, key),
    decrypt: (box) => decryptSecret(box, key),
    isDevelopmentKey: keyBase64.trim() === DEVELOPMENT_ENCRYPTION_KEY,
  };
}

/**
 * Env for services that store or use provider keys; spread into a service's env schema. Unset is
 * accepted here; `secretBoxFromEnv` decides (production refuses, elsewhere the development key).
 */
export const secretBoxEnv = {
  /** base64 of 32 random bytes (`openssl rand -base64 32`). Required in production. */
  PROVIDER_KEY_ENCRYPTION_KEY: z
    .string()
    .refine(isValidEncryptionKey, 'must be base64 of exactly 32 bytes (openssl rand -base64 32)')
    .optional(),
};

/**
 * The service's secret box: the configured key, or outside production the development key.
 * Throws in production without a key, naming the variable.
 */
export function secretBoxFromEnv(env: { NODE_ENV: string; PROVIDER_KEY_ENCRYPTION_KEY?: string }): SecretBox {
  if (env.PROVIDER_KEY_ENCRYPTION_KEY) return createSecretBox(env.PROVIDER_KEY_ENCRYPTION_KEY);
  if (env.NODE_ENV === 'production') {
    throw new SecretBoxError('PROVIDER_KEY_ENCRYPTION_KEY is required in production');
  }
  return createSecretBox(DEVELOPMENT_ENCRYPTION_KEY);
}
