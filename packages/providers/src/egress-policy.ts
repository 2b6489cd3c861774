import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress, isPermittedAddress } from './address-class';

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

/** Lowercase, without IPv6 brackets or a trailing dot. */
export function bareHost(hostname: string): string {
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
export async function checkedAddresses(
  hostname: string,
  policy: EgressPolicy,
  target: string,
): Promise<ResolvedAddress[]> {
  const host = bareHost(hostname);
  const literal = isIP(host);
  if (literal) {
    const address = classifyAddress(host);
    if (!isAllowedHost(host, policy) && !isPermittedAddress(address, policy.allowPrivate === true)) {
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
      if (!isPermittedAddress(kind, policy.allowPrivate === true))
        throw new EgressRefusedError(target, `${host} resolves to ${kind.description}, not a public address`);
    }
  }
  return addresses;
}

export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

export function parseTarget(input: string | URL): URL {
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
