import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnvError, KNOWN_DEVELOPMENT_SECRETS, parseEnv } from './parse-env';
import { baseEnv, internalEnv } from './schemas';

const schema = z.object({
  ...baseEnv,
  ...internalEnv,
  PROVIDER_KEY_ENCRYPTION_KEY: z.string().optional(),
});
const COMPOSE_PLACEHOLDER = 'change-me-to-a-long-random-string';
const [DEVELOPMENT_KEY] = [...KNOWN_DEVELOPMENT_SECRETS];

function envError(source: Record<string, string>): EnvError {
  try {
    parseEnv(schema, source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('unsafe production values', () => {
  it('refuses the compose placeholder for INTERNAL_SERVICE_TOKEN in production, naming it, not echoing it', () => {
    const error = envError({ NODE_ENV: 'production', INTERNAL_SERVICE_TOKEN: COMPOSE_PLACEHOLDER });
    expect(error.keys).toEqual(['INTERNAL_SERVICE_TOKEN']);
    expect(error.message).toBe(
      'Invalid environment: INTERNAL_SERVICE_TOKEN (a placeholder or development value, refused in production)',
    );
    expect(error.message).not.toContain(COMPOSE_PLACEHOLDER);
  });

  it('refuses the published development encryption key in production', () => {
    const error = envError({
      NODE_ENV: 'production',
      INTERNAL_SERVICE_TOKEN: 'f3a9c2e18b7d4a6f9e0c1b2d3a4f5e6d',
      PROVIDER_KEY_ENCRYPTION_KEY: DEVELOPMENT_KEY!,
    });
    expect(error.keys).toEqual(['PROVIDER_KEY_ENCRYPTION_KEY']);
  });

  it('treats an unset NODE_ENV as production', () => {
    expect(parseEnv(schema, { INTERNAL_SERVICE_TOKEN: 'f3a9c2e18b7d4a6f9e0c1b2d3a4f5e6d' }).NODE_ENV).toBe(
      'production',
    );
    expect(envError({ INTERNAL_SERVICE_TOKEN: COMPOSE_PLACEHOLDER }).keys).toEqual([
      'INTERNAL_SERVICE_TOKEN',
    ]);
  });

  it('accepts them where NODE_ENV says development or test', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const env = parseEnv(schema, {
        NODE_ENV,
        INTERNAL_SERVICE_TOKEN: COMPOSE_PLACEHOLDER,
        PROVIDER_KEY_ENCRYPTION_KEY: DEVELOPMENT_KEY!,
      });
      expect(env.INTERNAL_SERVICE_TOKEN).toBe(COMPOSE_PLACEHOLDER);
    }
  });
});
