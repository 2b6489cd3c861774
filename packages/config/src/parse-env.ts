import type { z } from 'zod';

/** Thrown when the environment does not satisfy a service's schema. Names keys, never values. */
export class EnvError extends Error {
  constructor(
    readonly keys: string[],
    message: string,
  ) {
    super(message);
    this.name = 'EnvError';
  }
}

/** Values shipped in our own files (docker-compose.yml, .env.example), never a real secret. */
const PLACEHOLDER_PATTERN = /change[-_ ]?me|replace[-_ ]?me|placeholder|^your[-_]|^x{8,}$/i;

/**
 * Secrets published in this repository for development, refused in production: the provider-key
 * encryption key of packages/providers/src/secret-box.ts (DEVELOPMENT_ENCRYPTION_KEY; a test keeps
 * the two equal), as base64.
 */
export const KNOWN_DEVELOPMENT_SECRETS: ReadonlySet<string> = new Set([
  Buffer.from('vivier-development-only-key-0032').toString('base64'),
]);

/** Production only: a placeholder or a published development secret stops the service, naming the variable. */
function refuseKnownSecrets(env: object): void {
  const keys = Object.entries(env)
    .filter(
      ([, value]) =>
        typeof value === 'string' &&
        (PLACEHOLDER_PATTERN.test(value) || KNOWN_DEVELOPMENT_SECRETS.has(value.trim())),
    )
    .map(([key]) => key);
  if (keys.length === 0) return;
  const described = keys.map((key) => `${key} (a placeholder or development value, refused in production)`);
  throw new EnvError(keys, `Invalid environment: ${described.join(', ')}`);
}

/**
 * Parses `source` (process.env by default) with `schema`; on failure throws one EnvError whose
 * single-line message names every missing or invalid variable. Values are never echoed, because
 * they are often secrets.
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) {
    if ((result.data as { NODE_ENV?: unknown }).NODE_ENV === 'production') refuseKnownSecrets(result.data);
    return result.data;
  }

  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '(root)');
    if (problems.has(key)) continue;
    problems.set(key, cleaned[key] === undefined ? 'missing' : 'invalid');
  }
  const keys = [...problems.keys()];
  const described = keys.map((key) => `${key} (${problems.get(key)})`).join(', ');
  throw new EnvError(keys, `Invalid environment: ${described}`);
}

/**
 * For a service's server.ts: parse or print the one-line error and exit non-zero.
 */
export function loadEnvOrExit<S extends z.ZodObject>(schema: S): z.infer<S> {
  try {
    return parseEnv(schema);
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
