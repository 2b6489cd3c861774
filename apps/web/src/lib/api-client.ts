import type { z } from 'zod';
import { isTokenExpiring } from './access-token';
import { ApiError, apiErrorFromResponse } from './api-error';
import { loadContracts, type Contracts } from './contracts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  body?: unknown;
  /** A multipart body (an upload) instead of JSON: the browser sets its content type and boundary. */
  formData?: FormData;
  query?: Record<string, QueryValue>;
  /** Send the access token (default). Public auth routes pass false. */
  authenticated?: boolean;
  signal?: AbortSignal;
  /** Outlive the page (a request sent while it unloads, e.g. deleting a temporary chat). */
  keepalive?: boolean;
}

/** Picks the response schema from the contracts (loaded lazily, see contracts.ts). */
export type SchemaOf<T> = (contracts: Contracts) => z.ZodType<T>;

export interface ApiClientOptions {
  /** '' in the browser: the gateway serves the app and the API on one origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Serialises refreshes across tabs (refresh tokens rotate; two tabs racing would revoke both). */
  withRefreshLock?: <T>(task: () => Promise<T>) => Promise<T>;
  now?: () => number;
}

const browserRefreshLock = <T>(task: () => Promise<T>): Promise<T> =>
  typeof navigator !== 'undefined' && navigator.locks
    ? (navigator.locks.request('vivier-refresh', task) as Promise<T>)
    : task();

/**
 * The one way the web app talks to the gateway. The access token lives only in memory; the
 * refresh token is an httpOnly cookie scoped to /api/auth. A 401 triggers one refresh (shared by
 * every caller waiting at that moment) and one retry. Responses are validated with contracts.
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const withRefreshLock = options.withRefreshLock ?? browserRefreshLock;
  const now = options.now ?? Date.now;

  let accessToken: string | null = null;
  let refreshing: Promise<string | null> | null = null;
  const sessionEndedListeners = new Set<() => void>();

  function urlOf(path: string, query?: Record<string, QueryValue>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return `${baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  async function send(
    method: HttpMethod,
    path: string,
    request: RequestOptions,
    token: string | null,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    // Fastify refuses an empty body announced as JSON, so bodiless requests send no content type.
    if (request.body !== undefined && !request.formData) headers['content-type'] = 'application/json';
    try {
      return await doFetch(urlOf(path, request.query), {
        method,
        headers,
        // A FormData can be sent again as is, so the retry after a refresh re-uploads the same file.
        body: request.formData ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
        credentials: 'same-origin',
        signal: request.signal,
        keepalive: request.keepalive,
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw new ApiError('NETWORK_ERROR', 'Cannot reach the server. Check your connection and try again.', {
        cause: error,
        clientText: 'unreachable',
      });
    }
  }

  async function readJson(response: Response): Promise<unknown> {
    const text = await response.text();
    if (!text) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  async function failure(response: Response): Promise<ApiError> {
    const [body, contracts] = await Promise.all([readJson(response), loadContracts()]);
    return apiErrorFromResponse(
      response.status,
      body,
      response.headers.get('retry-after'),
      contracts.ErrorEnvelope,
    );
  }

  /** Exchanges the refresh cookie for a new access token; null when there is no session. */
  function refresh(): Promise<string | null> {
    refreshing ??= withRefreshLock(async () => {
      const response = await send('POST', '/api/auth/refresh', { authenticated: false }, null);
      if (!response.ok) {
        accessToken = null;
        return null;
      }
      const [body, contracts] = await Promise.all([readJson(response), loadContracts()]);
      const parsed = contracts.RefreshResponse.safeParse(body);
      accessToken = parsed.success ? parsed.data.accessToken : null;
      return accessToken;
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  function endSession() {
    accessToken = null;
    for (const listener of sessionEndedListeners) listener();
  }

  /**
   * A 401 that says the access token is not accepted (expired, revoked). A wrong password or
   * code sent to a signed-in route (`INVALID_CREDENTIALS`, e.g. turning off two-factor) is the
   * caller's error: refreshing would not change it, and must not end the session.
   */
  async function isSessionRefusal(response: Response): Promise<boolean> {
    if (response.status !== 401) return false;
    try {
      const body = (await response.clone().json()) as { error?: { code?: string } };
      return body.error?.code !== 'INVALID_CREDENTIALS';
    } catch {
      return true;
    }
  }

  /** The raw response of an authenticated call, after at most one refresh-and-retry. */
  async function fetchWithSession(
    method: HttpMethod,
    path: string,
    request: RequestOptions,
  ): Promise<Response> {
    const authenticated = request.authenticated ?? true;
    if (!authenticated) return send(method, path, request, null);
    let token = accessToken;
    if (!token || isTokenExpiring(token, now(), 5)) token = await refresh();
    if (!token) {
      endSession();
      throw new ApiError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.', {
        status: 401,
        clientText: 'sessionEnded',
      });
    }
    let response = await send(method, path, request, token);
    if (await isSessionRefusal(response)) {
      const renewed = await refresh();
      if (!renewed) {
        endSession();
        throw await failure(response);
      }
      response = await send(method, path, request, renewed);
      if (await isSessionRefusal(response)) endSession();
    }
    return response;
  }

  async function request<T>(
    method: HttpMethod,
    path: string,
    schema: SchemaOf<T>,
    options: RequestOptions = {},
  ): Promise<T> {
    const response = await fetchWithSession(method, path, options);
    if (!response.ok) throw await failure(response);
    const [body, contracts] = await Promise.all([readJson(response), loadContracts()]);
    const parsed = schema(contracts).safeParse(body);
    if (!parsed.success) {
      throw new ApiError('INVALID_RESPONSE', 'The server sent an answer this app does not understand.', {
        status: response.status,
        cause: parsed.error,
        clientText: 'notUnderstood',
      });
    }
    return parsed.data;
  }

  /** For calls whose answer carries no body worth reading (204, 202). */
  async function requestVoid(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<void> {
    const response = await fetchWithSession(method, path, options);
    if (!response.ok) throw await failure(response);
  }

  /** A file download (export): the body as a Blob and the server's suggested file name. */
  async function download(
    path: string,
    options: RequestOptions = {},
  ): Promise<{ blob: Blob; fileName: string | null }> {
    const response = await fetchWithSession('GET', path, options);
    if (!response.ok) throw await failure(response);
    return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition')) };
  }

  return {
    request,
    requestVoid,
    download,
    refresh,
    /** A token good for at least 30 s (the WebSocket's first frame), refreshing if needed. */
    async freshAccessToken(): Promise<string | null> {
      if (accessToken && !isTokenExpiring(accessToken, now())) return accessToken;
      return refresh();
    },
    setAccessToken(token: string | null) {
      accessToken = token;
    },
    hasAccessToken: () => accessToken !== null,
    onSessionEnded(listener: () => void): () => void {
      sessionEndedListeners.add(listener);
      return () => sessionEndedListeners.delete(listener);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** `attachment; filename="x.md"; filename*=UTF-8''x.md` → `x.md` (RFC 6266, the starred form first). */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const starred = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (starred?.[1]) {
    try {
      return decodeURIComponent(starred[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1]?.trim() ?? null;
}

/** The browser's client: same origin as the page. */
export const apiClient = createApiClient();
