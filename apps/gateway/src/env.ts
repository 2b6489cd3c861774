import { z } from 'zod';
import { authClientEnv, baseEnv, port, redisEnv } from '@vivier/config';

const optionalUrl = z.url().optional();

export const gatewayEnvSchema = z.object({
  ...baseEnv,
  ...redisEnv,
  ...authClientEnv,
  PORT: port(3000),
  AUTH_SERVICE_URL: z.url(),
  /** Services not deployed yet may be left unset: their routes then answer 503. */
  CHAT_SERVICE_URL: optionalUrl,
  ADMIN_SERVICE_URL: optionalUrl,
  BILLING_SERVICE_URL: optionalUrl,
  WEB_URL: z.url(),
  RATE_LIMIT_ANON_PER_MIN: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_USER_PER_MIN: z.coerce.number().int().min(1).default(600),
  REGISTER_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(20),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  /** Comma-separated origins allowed to call the API cross-origin (same-origin needs none). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  /** Proxies in front of the gateway whose X-Forwarded-For is trusted (proxy-addr syntax). */
  TRUST_PROXY: z.string().default('loopback'),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
