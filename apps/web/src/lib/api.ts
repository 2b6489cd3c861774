import type { ChatSettings, CreateChatRequest, UpdateChatRequest } from '@vivier/contracts';
import type { z } from 'zod';
import { apiClient, type ApiClient } from './api-client';

import type { Contracts } from './contracts';

// Response schemas, picked from the lazily loaded contracts (and built once).
const memo = <T>(build: (contracts: Contracts) => T) => {
  let built: T | undefined;
  return (contracts: Contracts) => (built ??= build(contracts));
};
const ChatPage = memo((c) => c.listOf(c.ChatListItem));
type ChatPage = z.infer<ReturnType<typeof ChatPage>>;
const MessageItems = memo((c) => c.listOf(c.Message).pick({ items: true }));
/** Editing a user message branches and answers it; other edits return the message itself. */
const EditResponse = memo((c) => c.PostMessageResponse.or(c.Message));
type EditResponse = z.infer<ReturnType<typeof EditResponse>>;
/** Cancel answers 202 `{ ok: true }`; nothing in it is used, so anything is accepted. */
const AnyBody = memo((c) => c.AcceptedResponse.optional().catch(undefined));
const Session = (c: Contracts) => c.SessionResponse;
const LoginAnswer = memo((c) => c.SessionResponse.or(c.MfaChallengeResponse));
const Me = (c: Contracts) => c.MeResponse;
const Accepted = (c: Contracts) => c.AcceptedResponse;
const ChatSchema = (c: Contracts) => c.Chat;
/** Our own export answers one Chat; other apps' exports every chat they held. */
const Imported = memo((c) => c.Chat.or(c.ImportResult));
const Models = (c: Contracts) => c.ModelList;
const Posted = (c: Contracts) => c.PostMessageResponse;
const Regenerated = (c: Contracts) => c.RegenerateResponse;
const StoredFile = (c: Contracts) => c.UploadedFile;

export interface ChatListQuery {
  q?: string;
  archived?: boolean;
  /** A folder's id, or `none` for the chats in no folder. */
  folderId?: string;
  tag?: string;
  pinned?: boolean;
  cursor?: string;
  limit?: number;
}

/** Every endpoint the web app calls, typed by the contracts. */
function createApi(client: ApiClient) {
  const { request, requestVoid } = client;
  const startSession = async (path: string, body: unknown) => {
    const session = await request('POST', path, Session, { body, authenticated: false });
    client.setAccessToken(session.accessToken);
    return session;
  };

  return {
    auth: {
      register: (body: { email: string; password: string; name?: string; invite?: string }) =>
        startSession('/api/auth/register', body),
      signupPolicy: () =>
        request('GET', '/api/auth/signup-policy', (c: Contracts) => c.SignupPolicy, { authenticated: false }),
      /** A fresh access token from the refresh cookie (after an admin approved this account). */
      renewSession: () => client.refresh(),
      /** A session, or (two-factor) the challenge to answer with /api/auth/login/mfa. */
      async login(body: { email: string; password: string }) {
        const answer = await request('POST', '/api/auth/login', LoginAnswer, { body, authenticated: false });
        if ('accessToken' in answer) client.setAccessToken(answer.accessToken);
        return answer;
      },
      me: () => request('GET', '/api/auth/me', Me),
      async logout() {
        try {
          await requestVoid('POST', '/api/auth/logout', { authenticated: false });
        } finally {
          client.setAccessToken(null);
        }
      },
      verifyEmail: (token: string) =>
        request('POST', '/api/auth/verify-email', Me, { body: { token }, authenticated: false }),
      resendVerification: () => request('POST', '/api/auth/resend-verification', Accepted, { body: {} }),
      forgotPassword: (email: string) =>
        request('POST', '/api/auth/forgot-password', Accepted, { body: { email }, authenticated: false }),
      resetPassword: (token: string, password: string) =>
        request('POST', '/api/auth/reset-password', Accepted, {
          body: { token, password },
          authenticated: false,
        }),
    },
    chats: {
      list: (query: ChatListQuery) =>
        request('GET', '/api/chats', ChatPage, {
          query: {
            q: query.q,
            archived: query.archived ? 'true' : undefined,
            folderId: query.folderId,
            tag: query.tag,
            pinned: query.pinned === undefined ? undefined : String(query.pinned),
            cursor: query.cursor,
            limit: query.limit ?? 30,
          },
        }),
      get: (chatId: string) => request('GET', `/api/chats/${encodeURIComponent(chatId)}`, ChatSchema),
      create: (body: CreateChatRequest) => request('POST', '/api/chats', ChatSchema, { body }),
      update: (chatId: string, body: UpdateChatRequest) =>
        request('PATCH', `/api/chats/${encodeURIComponent(chatId)}`, ChatSchema, { body }),
      updateSettings: (chatId: string, settings: ChatSettings) =>
        request('PATCH', `/api/chats/${encodeURIComponent(chatId)}`, ChatSchema, { body: { settings } }),
      remove: (chatId: string, options: { keepalive?: boolean } = {}) =>
        requestVoid('DELETE', `/api/chats/${encodeURIComponent(chatId)}`, options),
      exportFile: (chatId: string, format: 'markdown' | 'json') =>
        client.download(`/api/chats/${encodeURIComponent(chatId)}/export`, { query: { format } }),
      importFile: async (file: unknown) => {
        const answer = await request('POST', '/api/chats/import', Imported, { body: file });
        return 'items' in answer ? answer.items : [answer];
      },
    },
    messages: {
      list: async (chatId: string) =>
        (await request('GET', `/api/chats/${encodeURIComponent(chatId)}/messages`, MessageItems)).items,
      send: (chatId: string, content: string, parentId: string | null, fileIds: string[] = []) =>
        request('POST', `/api/chats/${encodeURIComponent(chatId)}/messages`, Posted, {
          body: { content, parentId, ...(fileIds.length ? { fileIds } : {}) },
        }),
      regenerate: (messageId: string) =>
        request('POST', `/api/messages/${encodeURIComponent(messageId)}/regenerate`, Regenerated),
      edit: (messageId: string, content: string) =>
        request('PATCH', `/api/messages/${encodeURIComponent(messageId)}`, EditResponse, {
          body: { content },
        }),
    },
    generations: {
      cancel: (generationId: string) =>
        request('POST', `/api/generations/${encodeURIComponent(generationId)}/cancel`, AnyBody),
      /** The user's yes or no to a tool call that waits for confirmation. */
      answerToolCall: (generationId: string, callId: string, approved: boolean) =>
        requestVoid('POST', `/api/generations/${encodeURIComponent(generationId)}/tool-approval`, {
          body: { callId, approved },
        }),
    },
    models: {
      list: async () => (await request('GET', '/api/models', Models)).items,
    },
    /** MCP servers and web search a chat can turn on. */
    tools: {
      available: () => request('GET', '/api/tools', (c: Contracts) => c.AvailableTools),
    },
    files: {
      /** Multipart with the one field `file`; 413 over the upload limit, 415 for types models cannot read. */
      upload(file: Blob, fileName: string, signal?: AbortSignal) {
        const formData = new FormData();
        formData.append('file', file, fileName);
        return request('POST', '/api/files', StoredFile, { formData, signal });
      },
      /** The content (to its owner only), with the name it was uploaded under. */
      content: (fileId: string) => client.download(`/api/files/${encodeURIComponent(fileId)}`),
      remove: (fileId: string) => requestVoid('DELETE', `/api/files/${encodeURIComponent(fileId)}`),
    },
  };
}

export const api = createApi(apiClient);
