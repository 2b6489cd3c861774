import { hostname } from 'node:os';
import { z } from 'zod';
import { baseEnv, databaseEnv, port, redisEnv } from '@vivier/config';
import { adminProviderEnv, providerEnv } from '@vivier/providers';
import { knowledgeEnv } from '@vivier/knowledge';
import { storageEnv } from '@vivier/storage';
import { toolEnv } from '@vivier/tools';

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const workerEnvSchema = z.object({
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  ...providerEnv,
  /** PROVIDER_KEY_ENCRYPTION_KEY, EGRESS_*, PROVIDER_SETTINGS_TTL_MS: admin-managed providers. */
  ...adminProviderEnv,
  ...storageEnv,
  /** MCP_*, TOOL_*: tool calling (limits, time-outs, whether stdio MCP servers may run). */
  ...toolEnv,
  /** KNOWLEDGE_EMBEDDING_PROVIDER / _MODEL: must match chat-service's, which embedded the passages. */
  ...knowledgeEnv,
  /** Characters of one attached text file put into the prompt; longer files are cut with a marker. */
  FILE_INLINE_LIMIT_CHARS: positiveInt(100_000),
  /** Health and metrics only; the worker's real input is the bus. */
  PORT: port(4005),
  /**
   * Generations one process runs at once. Each waits on the network almost all the time and holds
   * a few KiB (its prompt and answer so far), so the bound is memory, not CPU: hundreds by default.
   */
  WORKER_CONCURRENCY: positiveInt(512),
  /** A generation pending this long on a silent consumer is taken over (its handler's claims are kept alive). */
  GENERATION_CLAIM_IDLE_MS: z.coerce.number().int().min(10).default(30_000),
  /**
   * A streaming generation's lease: its worker renews it every third of this; once it has run out
   * the generation has no live owner (chat-service's reaper ends it unless the bus still holds it).
   */
  GENERATION_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /** The provider must send its first event within this long, else the answer fails with PROVIDER_TIMEOUT. */
  PROVIDER_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Once streaming, the provider may fall silent this long at most, else PROVIDER_TIMEOUT. */
  PROVIDER_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Deliveries before a generation request is dead-lettered and the generation fails. */
  GENERATION_MAX_DELIVERIES: positiveInt(3),
  /** On SIGTERM, how long in-flight generations may finish before they are handed back to the group. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  /** The consumer name in the group; stable per process so a restart first resumes its own pending entries. */
  WORKER_NAME: z
    .string()
    .min(1)
    .default(() => `${hostname()}-${process.pid}`),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;
