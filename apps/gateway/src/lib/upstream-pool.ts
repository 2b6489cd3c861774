import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * The addresses behind one upstream service, and which of them to send the next request (or
 * WebSocket) to. Configured as one URL or a comma-separated list; each `http://` URL whose host is
 * a name is resolved to every address it has (a Kubernetes headless Service, `docker compose
 * --scale`), again every `dnsRefreshMs`. Each address is probed on `/ready`; one that fails a probe
 * or refuses a proxied connection is ejected until a probe succeeds again. Requests go round-robin
 * over the healthy ones; when none is healthy, over all of them (better a try than a certain 503).
 */
export interface UpstreamPoolOptions {
  name: string;
  /** One URL or several, comma-separated. */
  urls: string;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  dnsRefreshMs?: number;
  /** Resolves a host name to its addresses (tests inject one). */
  resolve?: (hostname: string) => Promise<string[]>;
  onChange?: (message: string, details: Record<string, unknown>) => void;
}

interface Endpoint {
  url: string;
  healthy: boolean;
}

const defaultResolve = async (hostname: string) =>
  (await lookup(hostname, { all: true })).map((entry) => entry.address);

/** Parses `a,b , c` into trimmed, validated URLs without a trailing slash. */
export function parseUpstreamList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => new URL(part).toString().replace(/\/$/, ''));
}

/** Same-origin URLs for each address (IPv6 in brackets). */
function withAddress(base: string, address: string): string {
  const url = new URL(base);
  url.hostname = isIP(address) === 6 ? `[${address}]` : address;
  return url.toString().replace(/\/$/, '');
}

const resolvable = (url: string) => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && isIP(hostname.replace(/^\[|\]$/g, '')) === 0 && hostname !== 'localhost';
};

export class UpstreamPool {
  readonly name: string;
  private readonly configured: string[];
  private readonly options: Required<Omit<UpstreamPoolOptions, 'onChange' | 'name' | 'urls'>> &
    Pick<UpstreamPoolOptions, 'onChange'>;
  private endpoints: Endpoint[];
  private cursor = 0;
  private timers: NodeJS.Timeout[] = [];
  private lastResolve = 0;

  constructor(options: UpstreamPoolOptions) {
    this.name = options.name;
    this.configured = parseUpstreamList(options.urls);
    if (this.configured.length === 0) throw new Error(`${options.name}: no upstream URL`);
    this.options = {
      probeIntervalMs: options.probeIntervalMs ?? 2_000,
      probeTimeoutMs: options.probeTimeoutMs ?? 1_500,
      dnsRefreshMs: options.dnsRefreshMs ?? 10_000,
      resolve: options.resolve ?? defaultResolve,
      onChange: options.onChange,
    };
    // Until the first resolution: the URLs as configured, assumed healthy.
    this.endpoints = this.configured.map((url) => ({ url, healthy: true }));
  }

  /** Resolves names and probes every address once, then keeps doing so in the background. */
  async start(): Promise<void> {
    await this.refresh();
    const probe = setInterval(() => void this.refresh().catch(() => {}), this.options.probeIntervalMs);
    probe.unref();
    this.timers.push(probe);
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** The base URL for the next request or WebSocket. */
  next(): string {
    const healthy = this.endpoints.filter((endpoint) => endpoint.healthy);
    const candidates = healthy.length > 0 ? healthy : this.endpoints;
    const chosen = candidates[this.cursor++ % candidates.length]!;
    return chosen.url;
  }

  /** A proxied request could not reach `url`: take it out of rotation until a probe succeeds. */
  eject(url: string, reason: string): void {
    const endpoint = this.endpoints.find((candidate) => candidate.url === url);
    if (!endpoint?.healthy) return;
    endpoint.healthy = false;
    this.options.onChange?.('upstream ejected', { upstream: this.name, url, reason });
  }

  /** The addresses known now and whether each is in rotation. */
  snapshot(): Endpoint[] {
    return this.endpoints.map((endpoint) => ({ ...endpoint }));
  }

  /** Re-resolves (when due) and probes every address; true when at least one is healthy. */
  async refresh(): Promise<boolean> {
    if (Date.now() - this.lastResolve >= this.options.dnsRefreshMs) await this.resolveAll();
    await Promise.all(this.endpoints.map((endpoint) => this.probe(endpoint)));
    return this.endpoints.some((endpoint) => endpoint.healthy);
  }

  private async resolveAll(): Promise<void> {
    this.lastResolve = Date.now();
    const urls: string[] = [];
    for (const base of this.configured) {
      if (!resolvable(base)) {
        urls.push(base);
        continue;
      }
      try {
        const addresses = [...new Set(await this.options.resolve(new URL(base).hostname))];
        urls.push(...addresses.map((address) => withAddress(base, address)));
      } catch {
        // Keep what this name resolved to before; the name itself when it never resolved.
        const previous = this.endpoints.filter((endpoint) => sameService(endpoint.url, base));
        urls.push(...(previous.length > 0 ? previous.map((endpoint) => endpoint.url) : [base]));
      }
    }
    const unique = [...new Set(urls)];
    const known = new Map(this.endpoints.map((endpoint) => [endpoint.url, endpoint]));
    const before = this.endpoints.map((endpoint) => endpoint.url).join(',');
    this.endpoints = unique.map((url) => known.get(url) ?? { url, healthy: true });
    const after = this.endpoints.map((endpoint) => endpoint.url).join(',');
    if (before !== after)
      this.options.onChange?.('upstream addresses', { upstream: this.name, urls: unique });
  }

  private async probe(endpoint: Endpoint): Promise<void> {
    let healthy = false;
    try {
      const response = await fetch(`${endpoint.url}/ready`, {
        signal: AbortSignal.timeout(this.options.probeTimeoutMs),
      });
      await response.body?.cancel();
      healthy = response.ok;
    } catch {
      healthy = false;
    }
    if (healthy !== endpoint.healthy) {
      this.options.onChange?.(healthy ? 'upstream healthy' : 'upstream unhealthy', {
        upstream: this.name,
        url: endpoint.url,
      });
    }
    endpoint.healthy = healthy;
  }
}

/** Whether `url` (an address) came from `base` (a name): same scheme, port and path. */
function sameService(url: string, base: string): boolean {
  const a = new URL(url);
  const b = new URL(base);
  return a.protocol === b.protocol && a.port === b.port && a.pathname === b.pathname;
}
