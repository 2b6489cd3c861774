import { z } from 'zod';
import {
  authClientEnv,
  baseEnv,
  booleanFromString,
  databaseEnv,
  internalEnv,
  port,
  redisEnv,
  transferLimitEnv,
} from '@vivier/config';
import { adminProviderEnv, providerEnv } from '@vivier/providers';
import { knowledgeEnv } from '@vivier/knowledge';
import { storageEnv } from '@vivier/storage';
import { toolEnv } from '@vivier/tools';

export const chatEnvSchema = z.object({
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  ...internalEnv,
  ...authClientEnv,
  ...providerEnv,
  /** PROVIDER_KEY_ENCRYPTION_KEY, EGRESS_*, PROVIDER_SETTINGS_TTL_MS: admin-managed providers. */
  ...adminProviderEnv,
  ...storageEnv,
  /** DEMO_MCP_URL (the Offline demo's tools, listed in GET /api/tools), MCP_CONNECT_TIMEOUT_MS. */
  ...toolEnv,
  /** KNOWLEDGE_EMBEDDING_PROVIDER / _MODEL: the model that embeds knowledge passages and questions. */
  ...knowledgeEnv,
  /** Knowledge files indexed at once by one chat-service process (each mostly waits on the embedding API). */
  KNOWLEDGE_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Attempts per ingestion when the embedding model fails (5xx, timeout), with exponential backoff. */
  KNOWLEDGE_INGEST_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  KNOWLEDGE_INGEST_BACKOFF_MS: z.coerce.number().int().min(10).default(5_000),
  /** One embeddings call of an ingestion may take this long. */
  KNOWLEDGE_EMBED_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  PORT: port(4002),
  /** The web app's origin, for the share links' URLs (`<PUBLIC_URL>/share/<id>`). */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** UPLOAD_LIMIT_BYTES, IMPORT_LIMIT_BYTES: larger bodies on those routes get 413. */
  ...transferLimitEnv,
  /** A PDF with more pages is refused at upload (413) before its text is read. */
  PDF_MAX_PAGES: z.coerce.number().int().min(1).max(100_000).default(500),
  /** Reading one PDF's text at upload is stopped (413) after this long. */
  PDF_EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  /** Uploads no message holds (never sent, or their chat deleted) are removed after this long. */
  FILE_UNATTACHED_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(24),
  /** How often one replica looks for such uploads. */
  FILE_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(60 * 60 * 1000),
  /** A temporary chat idle this long is deleted (the web app deletes it at once when the user leaves it). */
  TEMPORARY_CHAT_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(24),
  /** How often one replica looks for such temporary chats. */
  TEMPORARY_CHAT_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15 * 60 * 1000),
  /** How often one replica looks for generations with no live worker (see services/generation-reaper). */
  GENERATION_REAP_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** A generation still queued this long (its request lost, e.g. a crash right after the commit) is published again. */
  GENERATION_REPUBLISH_AFTER_MS: z.coerce.number().int().min(100).default(30_000),
  /** A generation still queued this long fails with an error frame: no worker took it. */
  GENERATION_QUEUED_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(10 * 60 * 1000),
  /**
   * Fault tests only (ignored when NODE_ENV=production): the process exits right after committing
   * a generation, before publishing its request, as a crash there would.
   */
  TEST_EXIT_AFTER_COMMIT: booleanFromString.default(false),
  /** billing-service base URL (e.g. http://127.0.0.1:4004); unset: no quota checks (everyone may generate). */
  BILLING_SERVICE_URL: z.url().optional(),
  /** When billing cannot answer a quota check: `refuse` (503, the default) or `allow` the generation. */
  QUOTA_FAILURE_POLICY: z.enum(['refuse', 'allow']).default('refuse'),
  /** How long a WebSocket may stay open without authenticating (first frame `{type:"auth"}`). */
  WS_AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * Bytes a WebSocket or SSE client may have queued and unread for longer than
   * STREAM_SLOW_CLIENT_GRACE_MS before it is disconnected (close 4408 / the SSE response
   * dropped); it resumes with `after` / Last-Event-ID.
   */
  STREAM_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .default(1024 * 1024),
  STREAM_SLOW_CLIENT_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** A download of `GET /api/chats/export` that takes no bytes for this long is dropped. */
  EXPORT_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /** Proxies whose X-Forwarded-For is trusted for the client IP (proxy-addr syntax). */
  TRUST_PROXY: z.string().default('loopback,linklocal,uniquelocal'),
});

export type ChatEnv = z.infer<typeof chatEnvSchema>;
