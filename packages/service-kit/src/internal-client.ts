import { internalHeaders } from './internal-auth';

export interface InternalClientOptions {
  /** The service called, e.g. `billing-service`: named in the errors. */
  service: string;
  /** Its address; a function when each call may go to another address (the gateway's pools). */
  baseUrl: string | (() => string);
  internalToken: string;
  /** A call gives up after this long: a slow service must not hold the request that waits on it. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface InternalRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** From the base URL, e.g. `/internal/quota/usr_…` (path segments already encoded). */
  path: string;
  /** The caller's request id, passed on so one request reads as one story across services. */
  requestId?: string;
  /** Sent as JSON. */
  body?: unknown;
}

/** What the service answered; the caller decides what each status means to it. */
export interface InternalAnswer {
  status: number;
  ok: boolean;
  /** The parsed JSON body; undefined when there is none or it is not JSON. */
  body: unknown;
}

/** The service did not answer: refused, reset, or too slow (`timeoutMs`). */
export class InternalCallError extends Error {
  override readonly name = 'InternalCallError';
}

export type InternalClient = (request: InternalRequest) => Promise<InternalAnswer>;

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * The one way a service calls another's `/internal/*` API: the service token, the request id,
 * a JSON body, and a deadline covering the answer's body too (the signal aborts its stream).
 */
export function createInternalClient(options: InternalClientOptions): InternalClient {
  const send = options.fetch ?? fetch;
  const baseUrl = typeof options.baseUrl === 'string' ? () => options.baseUrl as string : options.baseUrl;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return async (request) => {
    const url = `${baseUrl().replace(/\/+$/, '')}${request.path}`;
    try {
      const response = await send(url, {
        method: request.method ?? 'GET',
        headers: {
          ...internalHeaders(options.internalToken, request.requestId),
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, ok: response.ok, body: parseJson(text) };
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer in ${timeoutMs} ms`
          : 'unreachable';
      throw new InternalCallError(
        `${options.service} ${reason} (${request.method ?? 'GET'} ${request.path})`,
        {
          cause: error,
        },
      );
    }
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
