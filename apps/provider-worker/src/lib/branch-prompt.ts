import { ToolCallRecord } from '@vivier/contracts';
import { Prisma } from '@vivier/db';
import type { ChatMessage, ContentPart } from '@vivier/providers';
import { z } from 'zod';
import { replayToolCalls } from './tool-replay';

/** One message of the branch a generation answers, as stored. */
export interface BranchMessage {
  id: string;
  role: 'user' | 'assistant' | 'system';
  content: string;
  /** Files attached to a user message, in the order the user attached them. */
  fileIds?: string[];
  /** Tools an assistant message called, replayed in place (lib/tool-replay). */
  toolCalls?: ToolCallRecord[];
}

/**
 * The provider prompt for a branch (root first, ending with the user message being answered):
 * the chat's system prompt first, then the branch. Empty messages — an earlier answer that failed
 * or was cancelled before any text — carry nothing for the model and are left out (a user message
 * that is only attachments is kept); a partial answer
 * is kept, since the user saw it and may be replying to it. `contentOf` turns a message into what
 * the model receives (its files added; see lib/file-attachments); by default, its text.
 */
export function buildBranchPrompt(
  branch: BranchMessage[],
  systemPrompt: string | undefined,
  contentOf: (message: BranchMessage) => string | ContentPart[] = (message) => message.content,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (systemPrompt !== undefined && systemPrompt.trim().length > 0) {
    messages.push({ role: 'system', content: systemPrompt });
  }
  for (const message of branch) {
    if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
      messages.push(...replayToolCalls(message.content, message.toolCalls));
      continue;
    }
    if (message.content.length === 0 && (message.fileIds?.length ?? 0) === 0) continue;
    messages.push({ role: message.role, content: contentOf(message) });
  }
  return messages;
}

/** Guards the walk against a (corrupt) parent cycle; real branches are far shorter. */
const MAX_BRANCH_DEPTH = 10_000;

/** A branch message as the claim statement returns it (json_agg: one JSON object per message). */
export interface BranchRow {
  id: string;
  role: string;
  content: string;
  fileIds: string[] | null;
  toolCalls: unknown;
}

const StoredToolCalls = z.array(ToolCallRecord);

/**
 * The branch a generation answers: from the root to its user message (oldest first), walking
 * parentId in one recursive query rather than one round trip per message. It starts from the
 * generation's id alone, so it is a part of the claim statement (generation-sql's
 * `claimAndLoadGeneration`): `branch AS (…)` in its `WITH RECURSIVE`, read with `BRANCH_JSON`.
 */
export function branchCte(generationId: string): Prisma.Sql {
  return Prisma.sql`branch AS (
      SELECT m.id, m."parentId", m."chatId", m.role::text AS role, m.content, m."fileIds", m."toolCalls", 0 AS depth
      FROM "Generation" g
      JOIN "Message" m ON m.id = g."userMessageId" AND m."chatId" = g."chatId"
      WHERE g.id = ${generationId}
      UNION ALL
      SELECT m.id, m."parentId", m."chatId", m.role::text, m.content, m."fileIds", m."toolCalls", b.depth + 1
      FROM "Message" m JOIN branch b ON m.id = b."parentId"
      WHERE m."chatId" = b."chatId" AND b.depth < ${MAX_BRANCH_DEPTH}
    )`;
}

/** The branch's messages, root first, as one JSON array (null when the user message is missing). */
export const BRANCH_JSON = Prisma.sql`(SELECT json_agg(json_build_object('id', id, 'role', role,
  'content', content, 'fileIds', "fileIds", 'toolCalls', "toolCalls") ORDER BY depth DESC) FROM branch)`;

/** Whether the user message is the root of its chat's tree (the chat's first exchange). */
export const BRANCH_STARTS_CHAT = Prisma.sql`(SELECT "parentId" IS NULL FROM branch WHERE depth = 0)`;

export function toBranchMessages(rows: BranchRow[]): BranchMessage[] {
  return rows.map((row) => {
    // A row in an older shape is replayed as plain text rather than failing the answer.
    const toolCalls = row.toolCalls === null ? undefined : StoredToolCalls.safeParse(row.toolCalls).data;
    return {
      id: row.id,
      role: toRole(row.role),
      content: row.content,
      fileIds: row.fileIds ?? [],
      ...(toolCalls && toolCalls.length > 0 ? { toolCalls } : {}),
    };
  });
}

function toRole(role: string): BranchMessage['role'] {
  return role === 'assistant' || role === 'system' ? role : 'user';
}
