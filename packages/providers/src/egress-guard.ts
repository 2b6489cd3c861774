import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { z } from 'zod';

/**
 * The one egress guard for admin-entered URLs (provider base URLs): SSRF protection.
 *
 * - only http/https;
 * - the hostname as the WHATWG URL parser normalises it, so decimal, hex and octal IPv4 spellings
 *   (`2130706433`, `0x7f.1`) and IPv4-mapped IPv6 (`[::ffff:127.0.0.1]`) are checked as the address
 *   they really are;
 * - every address a name resolves to must be public (one bad address refuses the host: attacker
 *   DNS can mix them); `guardedFetch` checks inside the socket's own lookup, so the address checked
 *   is the address connected to (no DNS-rebinding window);
 * - redirects are followed by hand (at most `maxRedirects`, default 3) and every hop is checked
 *   again; credentials are dropped when a redirect leaves the origin.
 *
 * Exceptions come only from the operator: `allowPrivate` (EGRESS_ALLOW_PRIVATE, e.g. a local
 * Ollama; cloud metadata, unspecified, multicast and reserved addresses stay refused) and
 * `allowedHosts` (EGRESS_ALLOWED_HOSTS: exact hostnames or `*.suffix`, allowed whatever they
 * resolve to).
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface EgressPolicy {
  allowPrivate?: boolean;
  allowedHosts?: readonly string[];
  /** DNS resolution (default: the system resolver, every address). Tests inject their own. */
  resolve?: HostResolver;
  maxRedirects?: number;
}

export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`Refused to connect to ${target}: ${reason}`);
    this.name = 'EgressRefusedError';
  }
}

export function isEgressRefusedError(error: unknown): error is EgressRefusedError {
  return error instanceof EgressRefusedError;
}

// ─── addresses ────────────────────────────────────────────────────────────────────────────────

/** Categories EGRESS_ALLOW_PRIVATE opens; everything else but `public` stays refused. */
const PRIVATE_CATEGORIES = new Set([
  'loopback',
  'private',
  'link-local',
  'unique-local',
  'carrier-grade NAT',
  'benchmarking',
]);

export interface AddressClass {
  category: string;
  /** What to tell a person, e.g. `127.0.0.1 (loopback)` or `::ffff:7f00:1 (IPv4-mapped 127.0.0.1, loopback)`. */
  description: string;
}

// Most specific first: the first matching range decides.
const IPV4_RANGES: Array<[string, number, string]> = [
  ['169.254.169.254', 32, 'cloud metadata'],
  ['169.254.170.2', 32, 'cloud metadata'],
  ['100.100.100.200', 32, 'cloud metadata'],
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const IPV6_RANGES: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'cloud metadata'],
  ['64:ff9b:1::', 48, 'private'],
  ['100::', 64, 'reserved'],
  ['2001::', 32, 'reserved'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
];

function ipv4Value(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function ipv6Value(address: string): bigint {
  let text = address.split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4Value(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros: string[] = new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

const inIPv4 = (value: number, [base, prefix]: [string, number, string]) =>
  Math.floor(value / 2 ** (32 - prefix)) === Math.floor(ipv4Value(base) / 2 ** (32 - prefix));
const inIPv6 = (value: bigint, [base, prefix]: [string, number, string]) =>
  value >> BigInt(128 - prefix) === ipv6Value(base) >> BigInt(128 - prefix);

function v4FromBits(bits: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((bits >> shift) & 0xffn).toString()).join('.');
}

/** What kind of address `ip` is (an IPv4 or IPv6 literal without brackets). */
export function classifyAddress(ip: string): AddressClass {
  const family = isIP(ip.split('%')[0] ?? '');
  if (family === 4) {
    const value = ipv4Value(ip);
    const category = IPV4_RANGES.find((range) => inIPv4(value, range))?.[2] ?? 'public';
    return { category, description: `${ip} (${category})` };
  }
  if (family !== 6) return { category: 'invalid', description: `${ip} (not an IP address)` };
  const value = ipv6Value(ip);
  const embedded = (form: string, v4: string, fallback?: string): AddressClass => {
    const inner = classifyAddress(v4);
    const category = inner.category === 'public' && fallback ? fallback : inner.category;
    return { category, description: `${ip} (${form} ${v4}, ${category})` };
  };
  const low32 = value & 0xffffffffn;
  if (value >> 32n === 0xffffn) return embedded('IPv4-mapped', v4FromBits(low32));
  if (value >> 32n === 0n && value > 1n) return embedded('IPv4-compatible', v4FromBits(low32), 'reserved');
  if (value >> 32n === 0x64ff9b0000000000000000n) return embedded('NAT64', v4FromBits(low32));
  if (value >> 112n === 0x2002n) return embedded('6to4', v4FromBits((value >> 80n) & 0xffffffffn));
  const special = IPV6_RANGES.find((range) => inIPv6(value, range))?.[2];
  // Only 2000::/3 is global unicast; the rest of the space is unassigned or special.
  const category = special ?? (value >> 125n === 1n ? 'public' : 'reserved');
  return { category, description: `${ip} (${category})` };
}

function isPermitted(address: AddressClass, policy: EgressPolicy): boolean {
  return (
    address.category === 'public' ||
    (policy.allowPrivate === true && PRIVATE_CATEGORIES.has(address.category))
  );
}

// ─── hosts ──────────────────────────────────────────────────────────────────────────────────

/** Lowercase, without IPv6 brackets or a trailing dot. */
function bareHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

function normaliseAllowedHost(entry: string): string {
  const trimmed = entry.trim().toLowerCase();
  if (trimmed.startsWith('*.')) return trimmed;
  try {
    // Through the URL parser so `::1`, `[::1]` and `2130706433` match what a URL would contain.
    return bareHost(new URL(`http://${isIP(trimmed) === 6 ? `[${trimmed}]` : trimmed}`).hostname);
  } catch {
    return bareHost(trimmed);
  }
}

function isAllowedHost(host: string, policy: EgressPolicy): boolean {
  return (policy.allowedHosts ?? []).some((entry) => {
    const allowed = normaliseAllowedHost(entry);
    return allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed;
  });
}

const systemResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/**
 * The addresses `hostname` may be reached at under `policy`, or EgressRefusedError. DNS failures
 * are thrown as they come (a network problem, not a refusal).
 */
async function checkedAddresses(
  hostname: string,
  policy: EgressPolicy,
  target: string,
): Promise<ResolvedAddress[]> {
  const host = bareHost(hostname);
  const literal = isIP(host);
  if (literal) {
    const address = classifyAddress(host);
    if (!isAllowedHost(host, policy) && !isPermitted(address, policy)) {
      throw new EgressRefusedError(target, `${address.description} is not a public address`);
    }
    return [{ address: host, family: literal === 6 ? 6 : 4 }];
  }
  const allowed = isAllowedHost(host, policy);
  if (!allowed && !policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new EgressRefusedError(target, `${host} always means this machine (loopback)`);
  }
  const addresses = await (policy.resolve ?? systemResolver)(host);
  if (addresses.length === 0) throw new EgressRefusedError(target, `${host} resolves to no address`);
  if (!allowed) {
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (!isPermitted(kind, policy))
        throw new EgressRefusedError(target, `${host} resolves to ${kind.description}, not a public address`);
    }
  }
  return addresses;
}

function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function parseTarget(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new EgressRefusedError(String(input).slice(0, 200), 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EgressRefusedError(originOf(url), 'only http:// and https:// URLs are allowed');
  }
  return url;
}

/**
 * Resolves `url`'s host and throws EgressRefusedError unless every address is allowed by
 * `policy` (a host that does not resolve is refused too). Returns the parsed URL.
 */
export async function assertPublicUrl(url: string | URL, policy: EgressPolicy = {}): Promise<URL> {
  const parsed = parseTarget(url);
  try {
    await checkedAddresses(parsed.hostname, policy, originOf(parsed));
  } catch (error) {
    if (isEgressRefusedError(error)) throw error;
    throw new EgressRefusedError(originOf(parsed), `${bareHost(parsed.hostname)} does not resolve`);
  }
  return parsed;
}

// ─── fetch ──────────────────────────────────────────────────────────────────────────────────

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

// ─── env ────────────────────────────────────────────────────────────────────────────────────

/** Spread into the env schema of every service that calls admin-entered URLs. */
export const egressEnv = {
  /** true: admin-entered URLs may reach loopback/private/link-local/unique-local/CGNAT addresses (a local Ollama). */
  EGRESS_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  /** Comma-separated hostnames (or `*.suffix`) allowed whatever they resolve to. */
  EGRESS_ALLOWED_HOSTS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
    )
    .optional(),
};

export function egressPolicyFromEnv(env: {
  EGRESS_ALLOW_PRIVATE?: boolean;
  EGRESS_ALLOWED_HOSTS?: string[];
}): EgressPolicy {
  return { allowPrivate: env.EGRESS_ALLOW_PRIVATE ?? false, allowedHosts: env.EGRESS_ALLOWED_HOSTS ?? [] };
}
