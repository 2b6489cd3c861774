import { Prisma, type ChatDb, queryRows, sqlUtc } from '@vivier/db';
import type { GenerationRecord } from './settle-generation';
import {
  BRANCH_JSON,
  BRANCH_STARTS_CHAT,
  branchCte,
  toBranchMessages,
  type BranchMessage,
  type BranchRow,
} from '../lib/branch-prompt';

/**
 * The generation's reads and writes on the streaming path, as single SQL statements. Prisma
 * 6.19's client engine compiles each model query in WebAssembly on the event loop (about 1 ms of
 * CPU per query here, 0.3 ms for `$queryRaw`), and loading a generation with its chat and message
 * was three queries, a settle an interactive transaction of four round trips. At hundreds of
 * streams per worker that compile time is what queued first tokens (issue 11); Prisma 7.4 caches
 * plans but its CLI cannot migrate offline (TOOLCHAIN.md). Even `$queryRaw` is compiled, so they run
 * as prepared statements on the client's pool (`queryRows`).
 */

type Db = Pick<ChatDb, '$queryRaw'>;

const COLUMNS = {
  generation: [
    'id',
    'chatId',
    'userId',
    'userMessageId',
    'assistantMessageId',
    'provider',
    'model',
    'status',
    'errorCode',
    'errorMessage',
    'attempts',
    'leaseOwner',
    'leaseExpiresAt',
    'startedAt',
    'finishedAt',
    'createdAt',
    'updatedAt',
  ],
  chat: [
    'id',
    'userId',
    'title',
    'provider',
    'model',
    'settings',
    'fallbackModel',
    'archived',
    'createdAt',
    'updatedAt',
  ],
  assistantMessage: [
    'id',
    'chatId',
    'userId',
    'parentId',
    'role',
    'content',
    'status',
    'provider',
    'model',
    'inputTokens',
    'outputTokens',
    'costMicros',
    'finishReason',
    'errorCode',
    'fileIds',
    'createdAt',
    'updatedAt',
  ],
} as const;

// Static identifiers only (no input reaches this text): `g."id" AS "id", c."title" AS "chat.title", …`.
const SELECT_LIST = Prisma.raw(
  [
    ...COLUMNS.generation.map((column) => `g."${column}" AS "${column}"`),
    ...COLUMNS.chat.map((column) => `c."${column}" AS "chat.${column}"`),
    ...COLUMNS.assistantMessage.map((column) => `m."${column}" AS "assistantMessage.${column}"`),
  ].join(', '),
);

/** `{ "chat.title": … }` → `{ chat: { title: … } }`. */
function nest(row: Record<string, unknown>): GenerationRecord {
  const record: Record<string, unknown> = { chat: {}, assistantMessage: {} };
  for (const [key, value] of Object.entries(row)) {
    const dot = key.indexOf('.');
    if (dot === -1) record[key] = value;
    else (record[key.slice(0, dot)] as Record<string, unknown>)[key.slice(dot + 1)] = value;
  }
  return record as unknown as GenerationRecord;
}

/** The generation with its chat and the message it writes, in one query. */
export async function loadGeneration(db: Db, generationId: string): Promise<GenerationRecord | null> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    Prisma.sql`
    SELECT ${SELECT_LIST}
    FROM "Generation" g
    JOIN "Chat" c ON c."id" = g."chatId"
    JOIN "Message" m ON m."id" = g."assistantMessageId"
    WHERE g."id" = ${generationId}`,
  );
  return rows[0] ? nest(rows[0]) : null;
}

export interface ClaimInput {
  generationId: string;
  workerName: string;
  leaseMs: number;
  /** A redelivery: the bus decided the previous holder is dead, so a streaming one may be taken. */
  isRedelivery: boolean;
  now: Date;
}

/**
 * Takes the generation for this worker: a queued one always; a streaming one on a redelivery, when
 * this worker already held it (a restart under the same name), or when its holder's lease ran out.
 */
function claimUpdate(input: ClaimInput, alsoWhen: Prisma.Sql): Prisma.Sql {
  const now = sqlUtc(input.now);
  const takeover = input.isRedelivery
    ? Prisma.sql`"status" = 'streaming'`
    : Prisma.sql`"status" = 'streaming' AND ("leaseOwner" = ${input.workerName}
        OR "leaseExpiresAt" < ${now}::timestamp(3) OR "leaseExpiresAt" IS NULL)`;
  return Prisma.sql`
    UPDATE "Generation"
    SET "status" = 'streaming', "attempts" = "attempts" + 1, "startedAt" = ${now}::timestamp(3),
      "leaseOwner" = ${input.workerName},
      "leaseExpiresAt" = ${sqlUtc(new Date(input.now.getTime() + input.leaseMs))}::timestamp(3),
      "updatedAt" = ${now}::timestamp(3)
    WHERE "id" = ${input.generationId} AND ("status" = 'queued' OR (${takeover})) AND ${alsoWhen}
    RETURNING "id"`;
}

export interface ClaimedGeneration {
  /** As it was before the claim (the statement's snapshot): a terminal one is never claimed. */
  generation: GenerationRecord;
  claimed: boolean;
  /** The branch the answer continues, root first (lib/branch-prompt). */
  branch: BranchMessage[];
  /** The user message is the root of the chat's tree: this is the chat's first exchange. */
  startsChat: boolean;
}

/**
 * The claim, the load and the prompt's branch in ONE statement (one round trip on the path to the
 * first token, where they were two queries and the title check a Prisma query after the answer):
 * null when the generation does not exist (its chat was deleted).
 *
 * The claim commits without waiting for its WAL flush (`synchronous_commit` off for this one
 * transaction, set inside the statement): a durable commit waited 2–6 ms at the median and up to
 * 100 ms on the shared machine (bench/README.md), and the claim is not the exchange's durable
 * write — the send already is. A claim lost to a database crash in the flush window (a fraction
 * of a second) leaves the generation `queued`, as if never picked up. This run either finishes
 * first (its settle takes a queued generation too, and the answer stands) or stops at its next
 * lease renewal (which finds it no longer ours) and acks its request; the reaper publishes a queued
 * generation again only once no worker holds its request, so the next run starts after this one
 * stopped, with a `reset` frame (it finds the stream written; see `handle`).
 */
export async function claimAndLoadGeneration(db: Db, input: ClaimInput): Promise<ClaimedGeneration | null> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    Prisma.sql`
    WITH RECURSIVE relaxed AS (SELECT set_config('synchronous_commit', 'off', true) AS "setting"),
    claimed AS (${claimUpdate(input, Prisma.sql`(SELECT "setting" FROM relaxed) IS NOT NULL`)}),
    ${branchCte(input.generationId)}
    SELECT ${SELECT_LIST}, EXISTS (SELECT 1 FROM claimed) AS "claimed",
      ${BRANCH_JSON} AS "branch", ${BRANCH_STARTS_CHAT} AS "startsChat"
    FROM "Generation" g
    JOIN "Chat" c ON c."id" = g."chatId"
    JOIN "Message" m ON m."id" = g."assistantMessageId"
    WHERE g."id" = ${input.generationId}`,
  );
  const row = rows[0];
  if (!row) return null;
  const { claimed, branch, startsChat, ...columns } = row;
  return {
    generation: nest(columns),
    claimed: claimed === true,
    branch: toBranchMessages((branch as BranchRow[] | null) ?? []),
    startsChat: startsChat === true,
  };
}

export interface LeaseRenewal {
  generationId: string;
  workerName: string;
  leaseMs: number;
  now: Date;
}

/**
 * Extends this worker's lease on a streaming generation; false when it is no longer this worker's.
 * Hand-written like the rest of this file (it was a Prisma `updateMany`, compiled on every renewal;
 * issue 11); it sets `updatedAt` as Prisma's `@updatedAt` did.
 */
export async function renewLease(db: Db, input: LeaseRenewal): Promise<boolean> {
  const now = sqlUtc(input.now);
  const renewed = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    UPDATE "Generation"
    SET "leaseExpiresAt" = ${sqlUtc(new Date(input.now.getTime() + input.leaseMs))}::timestamp(3),
      "updatedAt" = ${now}::timestamp(3)
    WHERE "id" = ${input.generationId} AND "status" = 'streaming' AND "leaseOwner" = ${input.workerName}
    RETURNING "id"`,
  );
  return renewed.length === 1;
}

export interface SettleRows {
  generationId: string;
  /** Only this worker may end a streaming generation; undefined: whoever ends an active one. */
  leaseOwner?: string;
  status: 'done' | 'failed' | 'cancelled';
  messageStatus: 'complete' | 'failed' | 'cancelled';
  /** Undefined keeps the stored content. */
  content?: string;
  /** Undefined keeps the stored reasoning (and its duration) when content is kept too. */
  reasoning?: string;
  reasoningMs?: number | null;
  reasoningTokens?: number | null;
  /** The tools the answer called; undefined keeps what is stored, empty clears it. */
  toolCalls?: unknown[];
  provider: string;
  model: string;
  inputTokens: number | null;
  outputTokens: number | null;
  costMicros: number | null;
  finishReason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  now: Date;
}

/**
 * Ends the generation and its message in one statement (atomic without a transaction block).
 * False, with nothing written, when it had already ended or is another worker's.
 */
export async function settleRows(db: Db, rows: SettleRows): Promise<boolean> {
  const now = sqlUtc(rows.now);
  const mayEnd =
    rows.leaseOwner === undefined
      ? Prisma.sql`"status" IN ('queued', 'streaming')`
      : Prisma.sql`("status" = 'queued' OR ("status" = 'streaming' AND "leaseOwner" = ${rows.leaseOwner}))`;
  const content = rows.content === undefined ? Prisma.sql`m."content"` : Prisma.sql`${rows.content}::text`;
  // A new answer (content given) replaces any earlier attempt's thinking, even with none of its own.
  const keepsReasoning = rows.content === undefined && rows.reasoning === undefined;
  const reasoning = keepsReasoning ? Prisma.sql`m."reasoning"` : Prisma.sql`${rows.reasoning ?? null}::text`;
  const reasoningMs = keepsReasoning
    ? Prisma.sql`m."reasoningMs"`
    : Prisma.sql`${rows.reasoningMs ?? null}::int`;
  const toolCalls =
    rows.toolCalls === undefined
      ? Prisma.sql`m."toolCalls"`
      : rows.toolCalls.length === 0
        ? Prisma.sql`NULL`
        : Prisma.sql`${JSON.stringify(rows.toolCalls)}::jsonb`;
  const written = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    WITH ended AS (
      UPDATE "Generation"
      SET "status" = ${rows.status}::"GenerationStatus", "leaseExpiresAt" = NULL,
        "finishedAt" = ${now}::timestamp(3), "errorCode" = ${rows.errorCode},
        "errorMessage" = ${rows.errorMessage}, "updatedAt" = ${now}::timestamp(3)
      WHERE "id" = ${rows.generationId} AND ${mayEnd}
      RETURNING "assistantMessageId"
    )
    UPDATE "Message" m
    SET "status" = ${rows.messageStatus}::"MessageStatus", "content" = ${content}, "toolCalls" = ${toolCalls},
      "reasoning" = ${reasoning}, "reasoningMs" = ${reasoningMs}, "reasoningTokens" = ${rows.reasoningTokens ?? null}::int,
      "provider" = ${rows.provider}, "model" = ${rows.model}, "inputTokens" = ${rows.inputTokens}::int,
      "outputTokens" = ${rows.outputTokens}::int, "costMicros" = ${rows.costMicros}::bigint,
      "finishReason" = ${rows.finishReason}, "errorCode" = ${rows.errorCode},
      "updatedAt" = ${now}::timestamp(3)
    FROM ended
    WHERE m."id" = ended."assistantMessageId"
    RETURNING m."id"`,
  );
  return written.length === 1;
}
