import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeApi, FakeConversation, FakePlan } from './types';

/** The error situations every wire format has its own body for. */
export type FakeErrorKind =
  'auth' | 'rate-limit' | 'server' | 'context-length' | 'content-filter' | 'bad-request';

export const ERROR_STATUS: Record<FakeErrorKind, number> = {
  auth: 401,
  'rate-limit': 429,
  server: 500,
  'context-length': 400,
  'content-filter': 400,
  'bad-request': 400,
};

export interface ReplyContext {
  request: IncomingMessage;
  response: ServerResponse;
  conversation: FakeConversation;
  plan: FakePlan;
}

/** One provider wire format: how to read its request and how to answer in it. */
export interface FakeApiAdapter {
  api: FakeApi;
  parse(body: unknown, request: IncomingMessage, url: URL): FakeConversation;
  sendError(
    response: ServerResponse,
    kind: FakeErrorKind,
    message: string,
    headers?: Record<string, string>,
  ): void;
  /** A 400 the real API would answer for this body (a broken thinking rule), else undefined. */
  rejectReason?(body: unknown, url: URL): string | undefined;
  /** Whether this API reports a content filter as an HTTP error (OpenAI) or as a finish reason. */
  filtersWithError: boolean;
  /** Answers the request; resolves with the number of output tokens actually emitted. */
  reply(context: ReplyContext): Promise<number>;
  listModels(response: ServerResponse, models: string[]): void;
}
