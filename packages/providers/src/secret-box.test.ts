import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createSecretBox,
  decryptSecret,
  DEVELOPMENT_ENCRYPTION_KEY,
  encryptSecret,
  isSecretBox,
  parseEncryptionKey,
  SecretBoxError,
  secretBoxFromEnv,
} from './secret-box';

const key = randomBytes(32);

/** Flips one bit of the base64 part at `index` (1 iv, 2 tag, 3 ciphertext). */
function tamper(box: string, index: number): string {
  const parts = box.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64');
  return parts.join(':');
}

describe('secret box', () => {
  it('round-trips text, including unicode, in the v1:<iv>:<tag>:<ciphertext> format', () => {
    for (const secret of ['sk-test-123', 'ключ 🔑', 'x'.repeat(4096)]) {
      const box = encryptSecret(secret, key);
      expect(box).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(box).not.toContain(secret);
      expect(isSecretBox(box)).toBe(true);
      expect(decryptSecret(box, key)).toBe(secret);
    }
  });

  it('uses a fresh 12-byte IV every time, so equal secrets never look equal', () => {
    const first = encryptSecret('same', key);
    const second = encryptSecret('same', key);
    expect(first).not.toBe(second);
    expect(Buffer.from(first.split(':')[1]!, 'base64')).toHaveLength(12);
    expect(Buffer.from(first.split(':')[2]!, 'base64')).toHaveLength(16);
  });

  it('throws on any tampering: IV, tag or ciphertext', () => {
    const box = encryptSecret('sk-live-abc', key);
    for (const index of [1, 2, 3]) {
      expect(() => decryptSecret(tamper(box, index), key), `part ${index}`).toThrow(SecretBoxError);
    }
  });

  it('throws under another key, and on malformed or truncated boxes', () => {
    const box = encryptSecret('sk-live-abc', key);
    expect(() => decryptSecret(box, randomBytes(32))).toThrow(/failed authentication/);
    const [version, iv, tag] = box.split(':');
    for (const bad of [
      '',
      'sk-plain',
      `v2:${iv}:${tag}:AAAA`,
      `${version}:${iv}:${tag}`,
      `${version}:${iv}:${tag!.slice(0, 8)}:AAAA`,
    ]) {
      expect(() => decryptSecret(bad, key), bad).toThrow(SecretBoxError);
    }
  });

  it('accepts only a base64 key of exactly 32 bytes and never echoes it', () => {
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    const short = randomBytes(16).toString('base64');
    expect(() => parseEncryptionKey(short)).toThrow(/32 bytes/);
    expect(() => parseEncryptionKey('not base64 at all!')).toThrow(/base64/);
    try {
      parseEncryptionKey(short);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('requires a key in production and falls back to the development key elsewhere', () => {
    expect(() => secretBoxFromEnv({ NODE_ENV: 'production' })).toThrow(
      /PROVIDER_KEY_ENCRYPTION_KEY is required/,
    );
    const development = secretBoxFromEnv({ NODE_ENV: 'development' });
    expect(development.isDevelopmentKey).toBe(true);
    expect(development.decrypt(createSecretBox(DEVELOPMENT_ENCRYPTION_KEY).encrypt('k'))).toBe('k');
    const configured = secretBoxFromEnv({
      NODE_ENV: 'production',
      PROVIDER_KEY_ENCRYPTION_KEY: key.toString('base64'),
    });
    expect(configured.isDevelopmentKey).toBe(false);
    expect(decryptSecret(configured.encrypt('sk'), key)).toBe('sk');
  });
});
