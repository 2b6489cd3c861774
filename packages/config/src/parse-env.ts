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
  if (result.success) return result.data;

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
