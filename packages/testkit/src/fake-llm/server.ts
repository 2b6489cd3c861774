import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicApi } from './anthropic-api';
import { ERROR_STATUS, type FakeApiAdapter, type FakeErrorKind } from './api-adapter';
import {
  GEMINI_EMBED_PATH,
  OPENAI_EMBED_PATHS,
  replyGeminiEmbeddings,
  replyOpenAIEmbeddings,
} from './embeddings-api';
import { GEMINI_PATH, geminiApi } from './gemini-api';
import { headerValue, HttpError, readJsonBody, sendJson } from './http-utils';
import { openaiApi } from './openai-api';
import { lastUserText, planReply } from './plan';
import { DEFAULT_REPLY_WORDS } from './reply';
import type { FakeLlmOptions, FakeLlmRequest } from './types';

export const DEFAULT_TOKEN_DELAY_MS = 15;
export const FAKE_MODEL_IDS = ['fake', 'fake-thinking'];

export interface FakeLlm {
  /** `http://127.0.0.1:PORT`: the Anthropic and Gemini base URL. */
  url: string;
  /** `http://127.0.0.1:PORT/v1`: the base URL the OpenAI SDK expects. */
  openaiBaseUrl: string;
  port: number;
  /** Every request received, in order (a live array). */
  requests: FakeLlmRequest[];
  /** Forgets the request log and which `*-once` faults already fired; clears the embeddings fault. */
  reset(): void;
  /**
   * Makes the embeddings endpoints (OpenAI and Gemini) fail until set back to null: an HTTP status
   * (503: a JSON error body, as the real APIs send) or `hang` (accept and never answer).
   */
  setEmbeddingsFault(fault: EmbeddingsFault | null): void;
  close(): Promise<void>;
}

const FAULT_ERRORS: Partial<
  Record<string, { kind: FakeErrorKind; message: string; headers?: Record<string, string> }>
> = {
  '401': { kind: 'auth', message: 'Incorrect API key provided.' },
  '429': {
    kind: 'rate-limit',
    message: 'Rate limit reached for requests. Please try again in 1s.',
    headers: { 'retry-after': '1' },
  },
  '500': { kind: 'server', message: 'The server had an error while processing your request.' },
  'context-length': {
    kind: 'context-length',
    message:
      "This model's maximum context length is 8192 tokens. However, your messages resulted in 9001 tokens.",
  },
  'content-filter': {
    kind: 'content-filter',
    message: 'The response was filtered due to the prompt triggering the content management policy.',
  },
};

function routeFor(method: string, url: URL): FakeApiAdapter | 'models' | 'health' | null {
  const path = url.pathname.replace(/\/+$/, '');
  if (method === 'GET' && path === '/health') return 'health';
  if (method === 'GET' && /^\/(v1|v1beta|v1alpha)\/models$/.test(path)) return 'models';
  if (method !== 'POST') return null;
  if (path === '/v1/chat/completions' || path === '/chat/completions') return openaiApi;
  if (path === '/v1/messages') return anthropicApi;
  if (GEMINI_PATH.test(path)) return geminiApi;
  return null;
}

/** Which wire format a `GET …/models` speaks: the paths overlap, the auth headers do not. */
function modelsApiFor(url: URL, request: IncomingMessage): FakeApiAdapter {
  if (
    url.pathname.startsWith('/v1beta') ||
    headerValue(request, 'x-goog-api-key') ||
    url.searchParams.has('key')
  ) {
    return geminiApi;
  }
  if (headerValue(request, 'anthropic-version')) return anthropicApi;
  return openaiApi;
}

type EmbeddingsFault = number | 'hang';

/** Embedding requests (OpenAI and Gemini): answered at once, or failed as `setEmbeddingsFault` says. */
function answerEmbeddings(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  entry: FakeLlmRequest,
  fault: EmbeddingsFault | null,
): boolean {
  const path = url.pathname.replace(/\/+$/, '');
  const gemini = GEMINI_EMBED_PATH.exec(path);
  if (!gemini && !OPENAI_EMBED_PATHS.has(path)) return false;
  entry.api = gemini ? 'gemini' : 'openai';
  if (fault !== null) {
    request.resume();
    if (fault === 'hang') return true;
    entry.status = fault;
    sendJson(response, fault, { error: { message: 'The embeddings service is unavailable.', code: fault } });
    return true;
  }
  const reply = gemini
    ? replyGeminiEmbeddings(request, response, gemini[3] ?? 'embedContent')
    : replyOpenAIEmbeddings(request, response);
  reply.then(
    () => (entry.status = 200),
    (error: unknown) => {
      entry.status = error instanceof HttpError ? error.status : 500;
      sendJson(response, entry.status, {
        error: { message: error instanceof Error ? error.message : 'fake failure', code: entry.status },
      });
    },
  );
  return true;
}

/**
 * Starts a fake LLM speaking the OpenAI, Anthropic and Gemini wire formats over real HTTP, with
 * deterministic replies and per-request fault injection (see directives.ts).
 */
export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const tokenDelayMs = options.tokenDelayMs ?? DEFAULT_TOKEN_DELAY_MS;
  const replyWords = options.replyWords ?? DEFAULT_REPLY_WORDS;
  const models = options.models ?? FAKE_MODEL_IDS;
  const maxLoggedRequests = options.maxLoggedRequests ?? 10_000;
  const requests: FakeLlmRequest[] = [];
  const seenOnce = new Set<string>();
  let embeddingsFault: EmbeddingsFault | null = null;
  const isFirstTime = (key: string) => {
    if (seenOnce.has(key)) return false;
    seenOnce.add(key);
    return true;
  };

  async function handleExchange(
    adapter: FakeApiAdapter,
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    entry: FakeLlmRequest,
  ): Promise<void> {
    entry.api = adapter.api;
    let body: unknown;
    try {
      body = await readJsonBody(request);
    } catch (error) {
      entry.status = error instanceof HttpError ? error.status : 400;
      adapter.sendError(response, 'bad-request', error instanceof Error ? error.message : 'bad request');
      return;
    }
    entry.body = body;
    const rejection = adapter.rejectReason?.(body, url);
    if (rejection !== undefined) {
      entry.status = 400;
      adapter.sendError(response, 'bad-request', rejection);
      return;
    }
    const conversation = adapter.parse(body, request, url);
    const plan = planReply({
      conversation,
      headerFault: headerValue(request, 'x-fake-fault'),
      tokenDelayMs,
      replyWords,
      isFirstTime,
      unavailableModels: options.unavailableModels,
    });
    Object.assign(entry, {
      model: conversation.model,
      stream: conversation.stream,
      lastUserText: lastUserText(conversation),
      fault: plan.fault,
      inputTokens: plan.inputTokens,
    });

    const faultName = conversation.apiKey === 'bad-key' ? '401' : plan.fault;
    const faultError = faultName ? FAULT_ERRORS[faultName] : undefined;
    if (faultError && (faultError.kind !== 'content-filter' || adapter.filtersWithError)) {
      entry.status = ERROR_STATUS[faultError.kind];
      adapter.sendError(response, faultError.kind, faultError.message, faultError.headers);
      return;
    }
    // `hang`: accept the request and never answer; only the client's abort (or close()) ends it.
    if (plan.fault === 'hang') return;
    entry.status = 200;
    entry.outputTokens = await adapter.reply({ request, response, conversation, plan });
  }

  const server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://fake-llm.local');
    const entry: FakeLlmRequest = {
      api: 'unknown',
      method,
      path: url.pathname + url.search,
      headers: { ...request.headers },
      body: null,
      model: null,
      stream: false,
      lastUserText: null,
      fault: null,
      status: null,
      inputTokens: null,
      outputTokens: null,
      receivedAt: Date.now(),
    };
    requests.push(entry);
    // Bounded so a long-running `pnpm fake-llm` does not grow without limit.
    if (requests.length > maxLoggedRequests) requests.splice(0, requests.length - maxLoggedRequests);
    const route = routeFor(method, url);
    if (route === 'health') {
      entry.status = 200;
      sendJson(response, 200, { ok: true });
      return;
    }
    if (route === 'models') {
      const adapter = modelsApiFor(url, request);
      entry.api = adapter.api;
      const key =
        headerValue(request, 'x-goog-api-key') ??
        headerValue(request, 'x-api-key') ??
        headerValue(request, 'authorization')?.replace(/^Bearer\s+/i, '');
      if (key === 'bad-key' || headerValue(request, 'x-fake-fault') === '401') {
        entry.status = 401;
        adapter.sendError(response, 'auth', 'Incorrect API key provided.');
        return;
      }
      entry.status = 200;
      adapter.listModels(response, models);
      return;
    }
    if (method === 'POST' && answerEmbeddings(request, response, url, entry, embeddingsFault)) return;
    if (route === null) {
      entry.status = 404;
      sendJson(response, 404, {
        error: { message: `no route for ${method} ${url.pathname}`, type: 'not_found' },
      });
      return;
    }
    handleExchange(route, request, response, url, entry).catch((error: unknown) => {
      entry.status = 500;
      if (!response.headersSent) {
        route.sendError(response, 'server', error instanceof Error ? error.message : 'fake failure');
      } else {
        response.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  const url = `http://${host}:${port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    port,
    requests,
    reset() {
      requests.length = 0;
      seenOnce.clear();
      embeddingsFault = null;
    },
    setEmbeddingsFault(fault) {
      embeddingsFault = fault;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging and streaming requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
    },
  };
}
