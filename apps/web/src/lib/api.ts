import {
  AcceptedResponse,
  Chat,
  Message,
  MeResponse,
  ModelList,
  PostMessageResponse,
  RegenerateResponse,
  SessionResponse,
  listOf,
  type ChatExport,
  type ChatSettings,
  type CreateChatRequest,
  type UpdateChatRequest,
} from '@vivier/contracts';
import { z } from 'zod';
import { apiClient, type ApiClient } from './api-client';

const ChatPage = listOf(Chat);
export type ChatPage = z.infer<typeof ChatPage>;
const MessageItems = z.object({ items: z.array(Message) });
/** Editing a user message branches and answers it; other edits return the message itself. */
const EditResponse = z.union([PostMessageResponse, Message]);
export type EditResponse = z.infer<typeof EditResponse>;
const AnyBody = z.unknown();

export interface ChatListQuery {
  q?: string;
  archived?: boolean;
  cursor?: string;
  limit?: number;
}

/** Every endpoint the web app calls, typed by the contracts. */
export function createApi(client: ApiClient) {
  const { request, requestVoid } = client;
  const startSession = async (path: string, body: unknown) => {
    const session = await request('POST', path, SessionResponse, { body, authenticated: false });
    client.setAccessToken(session.accessToken);
    return session;
  };

  return {
    auth: {
      register: (body: { email: string; password: string; name?: string }) => startSession('/api/auth/register', body),
      login: (body: { email: string; password: string }) => startSession('/api/auth/login', body),
      me: () => request('GET', '/api/auth/me', MeResponse),
      async logout() {
        try {
          await requestVoid('POST', '/api/auth/logout', { authenticated: false });
        } finally {
          client.setAccessToken(null);
        }
      },
      verifyEmail: (token: string) => request('POST', '/api/auth/verify-email', MeResponse, { body: { token }, authenticated: false }),
      resendVerification: () => request('POST', '/api/auth/resend-verification', AcceptedResponse, { body: {} }),
      forgotPassword: (email: string) =>
        request('POST', '/api/auth/forgot-password', AcceptedResponse, { body: { email }, authenticated: false }),
      resetPassword: (token: string, password: string) =>
        request('POST', '/api/auth/reset-password', AcceptedResponse, { body: { token, password }, authenticated: false }),
    },
    chats: {
      list: (query: ChatListQuery) =>
        request('GET', '/api/chats', ChatPage, {
          query: { q: query.q, archived: query.archived ? 'true' : undefined, cursor: query.cursor, limit: query.limit ?? 30 },
        }),
      get: (chatId: string) => request('GET', `/api/chats/${encodeURIComponent(chatId)}`, Chat),
      create: (body: CreateChatRequest) => request('POST', '/api/chats', Chat, { body }),
      update: (chatId: string, body: UpdateChatRequest) => request('PATCH', `/api/chats/${encodeURIComponent(chatId)}`, Chat, { body }),
      updateSettings: (chatId: string, settings: ChatSettings) =>
        request('PATCH', `/api/chats/${encodeURIComponent(chatId)}`, Chat, { body: { settings } }),
      remove: (chatId: string) => requestVoid('DELETE', `/api/chats/${encodeURIComponent(chatId)}`),
      exportFile: (chatId: string, format: 'markdown' | 'json') =>
        client.download(`/api/chats/${encodeURIComponent(chatId)}/export`, { query: { format } }),
      importFile: (file: ChatExport) => request('POST', '/api/chats/import', Chat, { body: file }),
    },
    messages: {
      list: async (chatId: string) => (await request('GET', `/api/chats/${encodeURIComponent(chatId)}/messages`, MessageItems)).items,
      send: (chatId: string, content: string, parentId: string | null) =>
        request('POST', `/api/chats/${encodeURIComponent(chatId)}/messages`, PostMessageResponse, { body: { content, parentId } }),
      regenerate: (messageId: string) =>
        request('POST', `/api/messages/${encodeURIComponent(messageId)}/regenerate`, RegenerateResponse),
      edit: (messageId: string, content: string) =>
        request('PATCH', `/api/messages/${encodeURIComponent(messageId)}`, EditResponse, { body: { content } }),
    },
    generations: {
      cancel: (generationId: string) => request('POST', `/api/generations/${encodeURIComponent(generationId)}/cancel`, AnyBody),
    },
    models: {
      list: async () => (await request('GET', '/api/models', ModelList)).items,
    },
  };
}

export const api = createApi(apiClient);
