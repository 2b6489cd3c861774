import type { LookupAddress, LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { pipeline, type Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import {
  bareHost,
  checkedAddresses,
  isEgressRefusedError,
  originOf,
  parseTarget,
  EgressRefusedError,
  type EgressPolicy,
} from './egress-policy';

/*
 * Written over node:http rather than fetch with an undici Agent whose `connect.lookup` checks
 * addresses: fetch's own redirect following keeps `x-api-key` and `x-goog-api-key` on a redirect
 * to another origin (it drops only Authorization), IP-literal hosts never reach `lookup`, and
 * Node 20 exposes no Agent without adding the undici package. So redirects stay a loop here,
 * each hop re-checked, and the socket's lookup is the checked one (no DNS-rebinding window).
 *
 * The same client without the checks (`directFetch`) serves the providers an operator configured
 * in the environment, for its cost (issue 11): per request about a quarter of a millisecond of CPU
 * less than Node 20's fetch, and a streamed body read as the Node stream it is (`streamedBodyOf`)
 * rather than through a web ReadableStream, a few promises and objects less per delta.
 */

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** undici's own limits, which fetch applied: a connection, and silence before or inside a body. */
export interface FetchLimits {
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
}
const DEFAULT_LIMITS: Required<FetchLimits> = { connectTimeoutMs: 10_000, idleTimeoutMs: 300_000 };
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Headers that carry a provider credential: never forwarded to another origin. */
const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
];
const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

type Lookup = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** A socket lookup that only ever hands out checked addresses. */
function checkedLookup(policy: EgressPolicy, target: string): Lookup {
  return (hostname, options, callback) => {
    checkedAddresses(hostname, policy, target).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((a) => a.family === options.family)
            : addresses;
        const first = wanted[0];
        if (!first)
          return callback(
            Object.assign(new Error(`${hostname} has no IPv${String(options.family)} address`), {
              code: 'ENOTFOUND',
            }),
            '',
          );
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

interface Outgoing {
  method: string;
  headers: Headers;
  body: Buffer | undefined;
  signal: AbortSignal | undefined;
}

/** `policy` undefined: no address checks (directFetch). */
async function requestOnce(
  url: URL,
  outgoing: Outgoing,
  policy: EgressPolicy | undefined,
  limits: Required<FetchLimits>,
): Promise<Response> {
  const target = originOf(url);
  const host = bareHost(url.hostname);
  const { signal } = outgoing;
  if (signal?.aborted) throw signal.reason;
  // IP literals never reach the socket's lookup: check them (and names refused by name) up front.
  if (policy && (isIP(host) || host === 'localhost' || host.endsWith('.localhost')))
    await checkedAddresses(host, policy, target);
  const headers = Object.fromEntries(outgoing.headers);
  if (outgoing.body) headers['content-length'] = String(outgoing.body.length);
  return new Promise<Response>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: outgoing.method,
      headers,
      ...(policy ? { lookup: checkedLookup(policy, target) } : {}),
      signal,
    });
    request.once('error', (error) => {
      if (signal?.aborted) reject(signal.reason as Error);
      else if (isEgressRefusedError(error)) reject(error);
      else reject(new TypeError('fetch failed', { cause: error }));
    });
    request.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => request.destroy(timeoutError(`no connection within ${limits.connectTimeoutMs} ms`)),
        limits.connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    // Silence on the socket, before the head or inside the body (a stalled JSON answer, say): the
    // body's reader gets this error, not the bare reset that ending the request would give it.
    let received: http.IncomingMessage | undefined;
    request.setTimeout(limits.idleTimeoutMs, () =>
      (received ?? request).destroy(timeoutError(`nothing received for ${limits.idleTimeoutMs} ms`)),
    );
    request.once('response', (incoming) => {
      received = incoming;
      try {
        resolve(toResponse(incoming, outgoing, url));
      } catch (error) {
        // A status fetch cannot represent (outside 200–599, from a broken proxy, say).
        incoming.destroy();
        reject(new TypeError('fetch failed', { cause: error }));
      }
    });
    request.end(outgoing.body);
  });
}

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}

const streamedBodies = new WeakMap<Response, Readable>();

/**
 * The decoded Node stream behind a response of `guardedFetch` / `directFetch`, for a reader that
 * takes the body as it is (the chat adapter, per delta); undefined for any other response. Read
 * either this or `response.body`, never both.
 */
export function streamedBodyOf(response: Response): Readable | undefined {
  return streamedBodies.get(response);
}

/**
 * `response.body` as a web stream that starts reading `stream` on its first read only
 * (highWaterMark 0): the SDKs touch `body` without reading it when a caller reads the Node stream.
 */
function lazyWebBody(stream: Readable): ReadableStream<Uint8Array> {
  let pieces: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        pieces ??= stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
        const piece = await pieces.next();
        if (piece.done) controller.close();
        else controller.enqueue(piece.value);
      },
      cancel(reason) {
        stream.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

function toResponse(incoming: http.IncomingMessage, outgoing: Outgoing, url: URL): Response {
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index]!, incoming.rawHeaders[index + 1]!);
  }
  const status = incoming.statusCode ?? 502;
  const { signal } = outgoing;
  const onAbort = () => incoming.destroy(signal?.reason as Error);
  signal?.addEventListener('abort', onAbort, { once: true });
  incoming.once('close', () => signal?.removeEventListener('abort', onAbort));

  let stream: Readable | undefined;
  if (outgoing.method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
    incoming.resume();
  } else {
    stream = incoming;
    const decoder = DECODERS[headers.get('content-encoding')?.trim().toLowerCase() ?? ''];
    if (decoder) {
      // pipeline: an error on either side ends both, and is kept for whoever reads (none yet).
      stream = pipeline(incoming, decoder(), () => {});
      headers.delete('content-encoding');
      headers.delete('content-length');
    }
  }
  const response = new Response(stream ? lazyWebBody(stream) : null, {
    status,
    statusText: incoming.statusMessage ?? '',
    headers,
  });
  if (stream) streamedBodies.set(response, stream);
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}

/**
 * The request `fetch(input, init)` describes, without building a Request (and copying its body)
 * when the caller passed a URL and a string or byte body, as the SDKs do.
 */
async function outgoingOf(
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
): Promise<{ url: string; outgoing: Outgoing; redirect: NonNullable<RequestInit['redirect']> }> {
  const body = init?.body;
  if (
    (typeof input === 'string' || input instanceof URL) &&
    (body == null || typeof body === 'string' || body instanceof Uint8Array)
  ) {
    return {
      url: String(input),
      outgoing: {
        method: (init?.method ?? 'GET').toUpperCase(),
        headers: new Headers(init?.headers),
        body: body == null ? undefined : Buffer.from(body),
        signal: init?.signal ?? undefined,
      },
      redirect: init?.redirect ?? 'follow',
    };
  }
  const request = new Request(input, init);
  return {
    url: request.url,
    outgoing: {
      method: request.method,
      headers: new Headers(request.headers),
      body: request.body ? Buffer.from(await request.arrayBuffer()) : undefined,
      signal: init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined,
    },
    redirect: request.redirect,
  };
}

function nodeFetch(policy: EgressPolicy | undefined, given: FetchLimits = {}): typeof fetch {
  const limits = { ...DEFAULT_LIMITS, ...given };
  // Without a policy, fetch's own limit and failure: no "egress policy" in an operator's error.
  const maxRedirects = policy ? (policy.maxRedirects ?? 3) : 20;
  const refuse = (origin: string, reason: string): never => {
    if (policy) throw new EgressRefusedError(origin, reason);
    throw new TypeError('fetch failed', { cause: new Error(`${origin}: ${reason}`) });
  };
  const targetOf = (input: string | URL): URL => {
    try {
      return parseTarget(input);
    } catch (error) {
      if (policy || !isEgressRefusedError(error)) throw error;
      throw new TypeError('fetch failed', { cause: error });
    }
  };
  return async (input, init) => {
    const { url: target, outgoing, redirect } = await outgoingOf(input, init);
    let url = targetOf(target);
    for (let redirects = 0; ; redirects += 1) {
      const response = await requestOnce(url, outgoing, policy, limits);
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || !location || redirect === 'manual') {
        if (redirects > 0) Object.defineProperty(response, 'redirected', { value: true });
        return response;
      }
      await response.body?.cancel();
      if (redirect === 'error')
        throw new TypeError('fetch failed', { cause: new Error('redirect mode is "error"') });
      if (redirects >= maxRedirects) refuse(originOf(url), `more than ${maxRedirects} redirects`);
      const next = targetOf(new URL(location, url));
      const becomesGet =
        response.status === 303
          ? outgoing.method !== 'HEAD'
          : [301, 302].includes(response.status) && outgoing.method === 'POST';
      if (becomesGet) {
        outgoing.method = outgoing.method === 'HEAD' ? 'HEAD' : 'GET';
        outgoing.body = undefined;
        for (const name of ['content-type', 'content-length', 'content-encoding'])
          outgoing.headers.delete(name);
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) outgoing.headers.delete(name);
      url = next;
    }
  };
}

/**
 * A `fetch` for the providers' `fetch` option (and anything else that calls admin-entered URLs):
 * same signature, every connection and every redirect hop checked against `policy`. Refusals
 * reject with EgressRefusedError; network failures with `TypeError('fetch failed')` as fetch does.
 */
export function guardedFetch(policy: EgressPolicy = {}, limits?: FetchLimits): typeof fetch {
  return nodeFetch(policy, limits);
}

/**
 * The same client with no address checks, for the providers an operator configured in the
 * environment (a local Ollama on a private address is theirs to choose): http(s) only, at most
 * 20 redirects as fetch, credentials dropped when a redirect changes origin, failures as fetch's
 * `TypeError('fetch failed')`.
 */
export function directFetch(limits?: FetchLimits): typeof fetch {
  return nodeFetch(undefined, limits);
}
