import { z } from 'zod';
import { authClientEnv, baseEnv, databaseEnv, internalEnv, port, redisEnv } from '@vivier/config';
import { egressEnv, secretBoxEnv } from '@vivier/providers';
import { toolEnv } from '@vivier/tools';

export const adminEnvSchema = z
  .object({
    ...baseEnv,
    ...databaseEnv,
    ...redisEnv,
    ...internalEnv,
    ...authClientEnv,
    PORT: port(4003),
    /** auth-service base URL (e.g. http://127.0.0.1:4001): users are changed only through its /internal API. */
    AUTH_SERVICE_URL: z.url(),
    /** chat-service base URL (e.g. http://127.0.0.1:4002): lists the providers its env configures, for Admin → Providers. Unset: that list answers 503. */
    CHAT_SERVICE_URL: z.url().optional(),
    /** billing-service base URL (e.g. http://127.0.0.1:4004): plans are changed only through its /internal API. Unset: the plan routes answer 503. */
    BILLING_SERVICE_URL: z.url().optional(),
    /**
     * base64 of 32 random bytes; encrypts provider API keys at rest (AES-256-GCM). Required in
     * production; elsewhere a fixed, public development key is used with a warning.
     */
    ...secretBoxEnv,
    /** EGRESS_ALLOW_PRIVATE / EGRESS_ALLOWED_HOSTS: exceptions to the egress guard for admin-entered URLs. */
    ...egressEnv,
    /** MCP_ALLOW_STDIO, MCP_CONNECT_TIMEOUT_MS (and the worker's TOOL_* limits, unused here). */
    ...toolEnv,
    /** How long the reachability probe of a new provider base URL may take before it is skipped. */
    EGRESS_PROBE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3_000),
    /** Proxies whose X-Forwarded-For is trusted for the client IP (proxy-addr syntax). */
    TRUST_PROXY: z.string().default('loopback,linklocal,uniquelocal'),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV === 'production' && !env.PROVIDER_KEY_ENCRYPTION_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['PROVIDER_KEY_ENCRYPTION_KEY'],
        message: 'required in production',
      });
    }
  });

export type AdminEnv = z.infer<typeof adminEnvSchema>;
