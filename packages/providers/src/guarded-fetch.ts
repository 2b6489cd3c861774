import type { LookupAddress, LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Readable, type Transform } from 'node:stream';
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
 */

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
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

async function requestOnce(url: URL, outgoing: Outgoing, policy: EgressPolicy): Promise<Response> {
  const target = originOf(url);
  const host = bareHost(url.hostname);
  const { signal } = outgoing;
  if (signal?.aborted) throw signal.reason;
  // IP literals never reach the socket's lookup: check them (and names refused by name) up front.
  if (isIP(host) || host === 'localhost' || host.endsWith('.localhost'))
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
      lookup: checkedLookup(policy, target),
      signal,
    });
    request.once('error', (error) => {
      if (signal?.aborted) reject(signal.reason as Error);
      else if (isEgressRefusedError(error)) reject(error);
      else reject(new TypeError('fetch failed', { cause: error }));
    });
    request.once('response', (incoming) => resolve(toResponse(incoming, outgoing, url)));
    request.end(outgoing.body);
  });
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

  let body: ReturnType<typeof Readable.toWeb> | null = null;
  if (outgoing.method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
    incoming.resume();
  } else {
    let stream: Readable = incoming;
    const decoder = DECODERS[headers.get('content-encoding')?.trim().toLowerCase() ?? ''];
    if (decoder) {
      const decoding = decoder();
      incoming.once('error', (error) => decoding.destroy(error));
      stream = incoming.pipe(decoding);
      headers.delete('content-encoding');
      headers.delete('content-length');
    }
    body = Readable.toWeb(stream);
  }
  const response = new Response(body, { status, statusText: incoming.statusMessage ?? '', headers });
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}

/**
 * A `fetch` for the providers' `fetch` option (and anything else that calls admin-entered URLs):
 * same signature, every connection and every redirect hop checked against `policy`. Refusals
 * reject with EgressRefusedError; network failures with `TypeError('fetch failed')` as fetch does.
 */
export function guardedFetch(policy: EgressPolicy = {}): typeof fetch {
  const maxRedirects = policy.maxRedirects ?? 3;
  return async (input, init) => {
    const request = new Request(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    const outgoing: Outgoing = {
      method: request.method,
      headers: new Headers(request.headers),
      body: request.body ? Buffer.from(await request.arrayBuffer()) : undefined,
      signal,
    };
    let url = parseTarget(request.url);
    for (let redirects = 0; ; redirects += 1) {
      const response = await requestOnce(url, outgoing, policy);
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || !location || request.redirect === 'manual') {
        if (redirects > 0) Object.defineProperty(response, 'redirected', { value: true });
        return response;
      }
      await response.body?.cancel();
      if (request.redirect === 'error')
        throw new TypeError('fetch failed', { cause: new Error('redirect mode is "error"') });
      if (redirects >= maxRedirects)
        throw new EgressRefusedError(originOf(url), `more than ${maxRedirects} redirects`);
      const next = parseTarget(new URL(location, url));
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
