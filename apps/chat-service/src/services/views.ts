import { CitationEntry, ChatSettings, ToolCallRecord, type Chat, type Message } from '@vivier/contracts';
import { z } from 'zod';
import type { Chat as ChatRow, Message as MessageRow } from '@vivier/db';

/** Settings are JSON in the database; anything that no longer parses reads as "no settings". */
export function settingsOf(row: Pick<ChatRow, 'settings'>): ChatSettings {
  const parsed = ChatSettings.safeParse(row.settings);
  return parsed.success ? parsed.data : {};
}

export function toChatView(row: ChatRow): Chat {
  return {
    id: row.id,
    title: row.title,
    provider: row.provider,
    model: row.model,
    settings: settingsOf(row),
    fallbackModel: row.fallbackModel,
    archived: row.archived,
    folderId: row.folderId,
    pinned: row.pinned,
    tags: row.tags,
    temporary: row.temporary,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A message row with the id of the generation writing it (assistant messages). */
export type MessageWithGeneration = MessageRow & { generation?: { id: string } | null };

/** Include this in message queries so views carry `generationId`. */
export const withGenerationId = { generation: { select: { id: true } } } as const;

/** A message's token counts and cost, null until its answer is complete. */
export function usageOf(
  row: Pick<MessageWithGeneration, 'inputTokens' | 'outputTokens' | 'reasoningTokens' | 'costMicros'>,
) {
  return {
    usage:
      row.inputTokens === null || row.outputTokens === null
        ? null
        : {
            inputTokens: row.inputTokens,
            outputTokens: row.outputTokens,
            ...(row.reasoningTokens === null ? {} : { reasoningTokens: row.reasoningTokens }),
          },
    costMicros: row.costMicros === null ? null : Number(row.costMicros),
  };
}

/** Stored by provider-worker as the citation frames it sent; parsed so a bad row cannot break a view. */
function citationsOf(value: unknown): { citations?: CitationEntry[] } {
  if (value === null || value === undefined) return {};
  const parsed = z.array(CitationEntry).safeParse(value);
  return parsed.success && parsed.data.length > 0 ? { citations: parsed.data } : {};
}

export function toMessageView(row: MessageWithGeneration): Message {
  return {
    id: row.id,
    chatId: row.chatId,
    parentId: row.parentId,
    role: row.role,
    content: row.content,
    status: row.status,
    provider: row.provider,
    model: row.model,
    ...usageOf(row),
    finishReason: row.finishReason,
    errorCode: row.errorCode,
    reasoning: row.reasoning,
    reasoningMs: row.reasoningMs,
    fileIds: row.fileIds,
    ...citationsOf(row.citations),
    generationId: row.generation?.id ?? null,
    ...toolCallsOf(row),
    createdAt: row.createdAt.toISOString(),
  };
}

const StoredToolCalls = z.array(ToolCallRecord);

/** The tools an assistant message called (worker-written JSON); a row that does not parse shows none. */
export function toolCallsOf(row: Pick<MessageRow, 'toolCalls'>): Pick<Message, 'toolCalls'> {
  if (row.toolCalls === null) return {};
  const parsed = StoredToolCalls.safeParse(row.toolCalls);
  return parsed.success && parsed.data.length > 0 ? { toolCalls: parsed.data } : {};
}
