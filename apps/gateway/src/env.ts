import { z } from 'zod';
import { authClientEnv, baseEnv, byteLimit, port, redisEnv, transferLimitEnv } from '@vivier/config';
import { parseUpstreamList } from './lib/upstream-pool';

/**
 * One upstream URL or several, comma-separated (replicas). Each host name is also resolved to all
 * of its addresses (a headless Service, `docker compose --scale`): see lib/upstream-pool.ts.
 */
const urlList = z
  .string()
  .trim()
  .min(1)
  .refine((value) => {
    try {
      return parseUpstreamList(value).every((url) => /^https?:$/.test(new URL(url).protocol));
    } catch {
      return false;
    }
  }, 'must be an http(s) URL or a comma-separated list of them');
const optionalUrlList = urlList.optional();

export const gatewayEnvSchema = z.object({
  ...baseEnv,
  ...redisEnv,
  ...authClientEnv,
  PORT: port(3000),
  /**
   * /metrics is not served on the public port (it answers 404 there): Prometheus scrapes this
   * port, which the Service, ingress or compose file does not publish.
   */
  METRICS_PORT: port(9464),
  /** Where the metrics port listens (default: HOST). */
  METRICS_HOST: z.string().min(1).optional(),
  AUTH_SERVICE_URL: urlList,
  /** Services not deployed yet may be left unset: their routes then answer 503. */
  CHAT_SERVICE_URL: optionalUrlList,
  ADMIN_SERVICE_URL: optionalUrlList,
  BILLING_SERVICE_URL: optionalUrlList,
  WEB_URL: urlList,
  /** How often each upstream address is probed on /ready (an address failing it is ejected). */
  UPSTREAM_PROBE_INTERVAL_MS: z.coerce.number().int().min(100).default(2_000),
  /** How often upstream host names are resolved again (new or removed replicas). */
  UPSTREAM_DNS_REFRESH_MS: z.coerce.number().int().min(100).default(10_000),
  RATE_LIMIT_ANON_PER_MIN: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_USER_PER_MIN: z.coerce.number().int().min(1).default(600),
  REGISTER_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(20),
  BODY_LIMIT_BYTES: byteLimit(1024 * 1024),
  /** UPLOAD_LIMIT_BYTES, IMPORT_LIMIT_BYTES: bodies this large pass on those routes (chat-service checks them too). */
  ...transferLimitEnv,
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
  /**
   * The shared service token: the gateway uses it only to ask auth-service whose API key a /v1
   * request carries. Without it /v1 answers 503.
   */
  INTERNAL_SERVICE_TOKEN: z.string().min(16).optional(),
  /** How long a resolved API key is trusted before auth-service is asked again (revocation delay). */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /** Requests with a missing or wrong API key per IP in 15 minutes before /v1 answers 429. */
  API_KEY_FAILURES_PER_15_MIN: z.coerce.number().int().min(1).default(20),
  /** Proxies in front of the gateway whose X-Forwarded-For is trusted (proxy-addr syntax). */
  TRUST_PROXY: z.string().default('loopback'),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
