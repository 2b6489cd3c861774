import { z } from 'zod';
import { CitationEntry } from './citations';
import { text } from './common';
import { MESSAGE_MAX_FILES, providerKinds } from './constants';
import { idSchema } from './id-schema';
import { Usage } from './frames';
import { ChatTags, FolderFilter, FolderRef, TagQuery } from './organise';
import { ChatToolSettings, ToolCallRecord } from './tools';

export const ProviderKind = z.enum(providerKinds);
export type ProviderKind = z.infer<typeof ProviderKind>;

/**
 * What a chat's `provider` names: an env-configured provider by its kind (`openai`, …), or an
 * admin-managed provider (a ProviderConfig row) by its id (`prv_…`, whose kind decides the wire
 * format). `GET /api/models` items carry the value to send.
 */
export const ProviderId = z.union([ProviderKind, idSchema('provider')]);
export type ProviderId = z.infer<typeof ProviderId>;

/**
 * How hard a reasoning model thinks (OpenAI `reasoning_effort`, Anthropic's thinking budget, Gemini's
 * thinking budget). Absent: the provider's default. `off` asks for no thinking where a model allows it.
 */
export const ReasoningEffort = z.enum(['off', 'low', 'medium', 'high']);
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;
/** Knowledge bases one chat can draw on. */
export const CHAT_KNOWLEDGE_MAX = 10;

export const ChatSettings = z.object({
  systemPrompt: text(20_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(200_000).optional(),
  reasoningEffort: ReasoningEffort.optional(),
  /** Tools the model may call in this chat (MCP servers, web search); none when left out. */
  tools: ChatToolSettings.optional(),
  /** Knowledge bases the chat retrieves from (the caller's own or shared with their groups). */
  knowledgeIds: z.array(z.string().max(64)).max(CHAT_KNOWLEDGE_MAX).optional(),
});
export type ChatSettings = z.infer<typeof ChatSettings>;

const ModelId = z.string().min(1).max(200);

export const Chat = z.object({
  id: z.string(),
  title: z.string(),
  provider: z.string(),
  model: z.string(),
  settings: ChatSettings,
  fallbackModel: z.string().nullable(),
  archived: z.boolean(),
  /** Organising (see organise.ts): its folder (null: none), pinned to the top, its tags. */
  folderId: z.string().nullable(),
  pinned: z.boolean(),
  tags: z.array(z.string()),
  /** Not saved: hidden from lists, search and export, deleted when left or after a short TTL. */
  temporary: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Chat = z.infer<typeof Chat>;

/**
 * An item of `GET /api/chats`. With `q`, each item also says where it matched: the newest matching
 * message (`messageId`, and `snippet`: plain text around the matching words) or `null` when only
 * the title matched. Without `q` there is no `match`.
 */
export const ChatListItem = Chat.extend({
  match: z.object({ messageId: z.string(), snippet: z.string() }).nullable().optional(),
});
export type ChatListItem = z.infer<typeof ChatListItem>;

/** A chat's title until the user or the first exchange names it. */
export const DEFAULT_CHAT_TITLE = 'New chat';

/**
 * With `presetId`, the preset's provider, model and settings fill in what the body leaves out
 * (then `provider` and `model` may be left out); without it both are required.
 */
export const CreateChatRequest = z
  .object({
    title: text(200).optional(),
    provider: ProviderId.optional(),
    model: ModelId.optional(),
    settings: ChatSettings.optional(),
    fallbackModel: ModelId.optional(),
    presetId: z.string().max(100).optional(),
    /** A temporary chat (not saved; see Chat.temporary). Fixed for the chat's life. */
    temporary: z.boolean().optional(),
    folderId: FolderRef.optional(),
  })
  .refine(
    (body) => body.presetId !== undefined || (body.provider !== undefined && body.model !== undefined),
    { message: 'provider and model are required without a presetId', path: ['model'] },
  );
export type CreateChatRequest = z.infer<typeof CreateChatRequest>;

export const UpdateChatRequest = z
  .object({
    title: text(200),
    archived: z.boolean(),
    provider: ProviderId,
    model: ModelId,
    settings: ChatSettings,
    fallbackModel: ModelId.nullable(),
    /** Move into a folder (404 when it is not the caller's), or out of any with null. */
    folderId: FolderRef.nullable(),
    pinned: z.boolean(),
    /** Replaces the chat's tags (normalised, at most TAGS_MAX_PER_CHAT). */
    tags: ChatTags,
  })
  .partial();
export type UpdateChatRequest = z.infer<typeof UpdateChatRequest>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const ListChatsQuery = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().min(1).max(200).optional(),
  archived: booleanQuery.optional(),
  /** Only the chats of this folder (not its subfolders'), or `none`: those in no folder. */
  folderId: FolderFilter.optional(),
  /** Only the chats with this tag. */
  tag: TagQuery.optional(),
  /** Only pinned (true) or only unpinned (false) chats. */
  pinned: booleanQuery.optional(),
});
export type ListChatsQuery = z.infer<typeof ListChatsQuery>;

export const MessageRole = z.enum(['user', 'assistant', 'system']);
export const MessageStatus = z.enum(['complete', 'streaming', 'failed', 'cancelled']);

export const Message = z.object({
  id: z.string(),
  chatId: z.string(),
  parentId: z.string().nullable(),
  role: MessageRole,
  content: z.string(),
  status: MessageStatus,
  provider: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  usage: Usage.nullable().optional(),
  costMicros: z.number().int().nullable().optional(),
  finishReason: z.string().nullable().optional(),
  errorCode: z.string().nullable().optional(),
  /** An assistant message's thinking (reasoning models), kept apart from `content`. */
  reasoning: z.string().nullable().optional(),
  /** How long the model thought, from its first to its last reasoning delta. */
  reasoningMs: z.number().int().min(0).nullable().optional(),
  fileIds: z.array(z.string()).optional(),
  /** The numbered sources an assistant answer drew on (knowledge bases), as its citation frames sent them. */
  citations: z.array(CitationEntry).optional(),
  /** The generation that produced (or is producing) an assistant message; subscribe to it. */
  generationId: z.string().nullable().optional(),
  /** The tools an assistant message called while it was written, with their results. */
  toolCalls: z.array(ToolCallRecord).optional(),
  createdAt: z.iso.datetime(),
});
export type Message = z.infer<typeof Message>;

/** `GET /api/chats/:id/messages`: every message of the chat, all branches (the client builds the tree). */
export const MessageTree = z.object({ items: z.array(Message) });
export type MessageTree = z.infer<typeof MessageTree>;

/** Thinking can run far longer than an answer (budgets reach tens of thousands of tokens). */
export const REASONING_MAX_LENGTH = 1_000_000;

export const MESSAGE_MAX_LENGTH = 100_000;

/** Text, files or both: a message may be only an attachment ("what is in this picture?" unsaid). */
export const PostMessageRequest = z
  .object({
    content: text(MESSAGE_MAX_LENGTH),
    parentId: z.string().max(64).nullable().optional(),
    fileIds: z.array(z.string().max(64)).max(MESSAGE_MAX_FILES).optional(),
  })
  .refine((body) => body.content.length > 0 || (body.fileIds?.length ?? 0) > 0, {
    message: 'must not be empty (write something or attach a file)',
    path: ['content'],
  });
export type PostMessageRequest = z.infer<typeof PostMessageRequest>;

export const PostMessageResponse = z.object({
  userMessage: Message,
  assistantMessage: Message,
  generationId: z.string(),
});
export type PostMessageResponse = z.infer<typeof PostMessageResponse>;

export const RegenerateResponse = z.object({ assistantMessage: Message, generationId: z.string() });
export type RegenerateResponse = z.infer<typeof RegenerateResponse>;

export const EditMessageRequest = z.object({
  content: text(MESSAGE_MAX_LENGTH).refine((value) => value.length > 0, 'must not be empty'),
});
export type EditMessageRequest = z.infer<typeof EditMessageRequest>;

export const Model = z.object({
  provider: z.string(),
  id: z.string(),
  label: z.string(),
  contextWindow: z.number().int(),
  pricing: z.object({ inputPerMTokMicros: z.number().int(), outputPerMTokMicros: z.number().int() }),
  capabilities: z.object({ vision: z.boolean(), reasoning: z.boolean() }),
  /** True for the built-in offline demo (the fake LLM): the UI labels it as such. */
  offlineDemo: z.boolean().optional(),
  /** Admin-managed providers only: the name the admin gave the provider (e.g. "Team vLLM"). */
  providerLabel: z.string().optional(),
  /** True on the one model an admin made the default, for the UI to preselect; absent otherwise. */
  default: z.literal(true).optional(),
});
export type Model = z.infer<typeof Model>;

export const ModelList = z.object({ items: z.array(Model) });

export const ExportQuery = z.object({ format: z.enum(['json', 'markdown']).default('json') });

/** Our export format (version 1): the whole tree, every branch. Import accepts exactly this. */
export const ChatExport = z.object({
  format: z.literal('vivier.chat'),
  version: z.literal(1),
  exportedAt: z.iso.datetime(),
  chat: z.object({
    title: text(200),
    provider: ProviderId,
    model: ModelId,
    settings: ChatSettings,
    createdAt: z.iso.datetime(),
    /** Organising (issue 17 part 7); absent in older files. Folders are not carried over. */
    pinned: z.boolean().optional(),
    tags: ChatTags.optional(),
  }),
  messages: z
    .array(
      z.object({
        id: z.string().max(64),
        parentId: z.string().max(64).nullable(),
        role: MessageRole,
        content: text(MESSAGE_MAX_LENGTH),
        status: MessageStatus,
        provider: z.string().max(100).nullable().optional(),
        model: z.string().max(200).nullable().optional(),
        usage: Usage.nullable().optional(),
        costMicros: z.number().int().min(0).nullable().optional(),
        reasoning: text(REASONING_MAX_LENGTH).nullable().optional(),
        reasoningMs: z.number().int().min(0).nullable().optional(),
        createdAt: z.iso.datetime(),
      }),
    )
    .max(10_000),
});
export type ChatExport = z.infer<typeof ChatExport>;

/**
 * `POST /api/chats/import` takes any JSON value: our ChatExport, or another app's export, told
 * apart by its content (see docs/api.md).
 */
export const ImportRequest = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);

export const ForeignImportFormat = z.enum(['chatgpt', 'claude', 'librechat', 'openwebui']);

/** The answer for another app's export: every chat it held, in the file's order. */
export const ImportResult = z.object({ format: ForeignImportFormat, items: z.array(Chat) });
export type ImportResult = z.infer<typeof ImportResult>;

/** Client → server frames on /api/ws. */
export const WsClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().max(4096) }),
  z.object({
    type: z.literal('subscribe'),
    generationId: z.string().max(64),
    after: z.string().max(64).optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), generationId: z.string().max(64) }),
  z.object({ type: z.literal('ping') }),
]);
export type WsClientFrame = z.infer<typeof WsClientFrame>;
