import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc, { type Arbitrary } from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPublicUrl, EgressRefusedError, type EgressPolicy, type HostResolver } from './egress-policy';
import { guardedFetch } from './guarded-fetch';

/*
 * SSRF through admin-entered provider base URLs (the only URLs a user or admin can enter today;
 * there are no webhook or import URLs, and OIDC is not built), generated rather than listed: any
 * non-public address, spelled any way a URL parser accepts, reached directly, through a DNS name,
 * or through a redirect from an allowed server. The decided policy (egress-policy.ts, docs/api.md):
 * refused by default; EGRESS_ALLOW_PRIVATE=true opens loopback and private ranges for a local
 * model server such as Ollama, but never cloud metadata, unspecified or multicast addresses.
 */

const RUNS = 300;
const octet = fc.integer({ min: 0, max: 255 });

interface V4 {
  octets: number[];
  range: string;
}

/** An IPv4 address in a non-public range, as four numbers, with its range's name. */
const privateV4: Arbitrary<V4> = fc.oneof(
  fc.tuple(octet, octet, octet).map(([b, c, d]) => ({ octets: [127, b, c, d], range: 'loopback' })),
  fc.tuple(octet, octet, octet).map(([b, c, d]) => ({ octets: [10, b, c, d], range: 'private' })),
  fc
    .tuple(fc.integer({ min: 16, max: 31 }), octet, octet)
    .map(([b, c, d]) => ({ octets: [172, b, c, d], range: 'private' })),
  fc.tuple(octet, octet).map(([c, d]) => ({ octets: [192, 168, c, d], range: 'private' })),
  fc.tuple(octet, octet).map(([c, d]) => ({ octets: [169, 254, c, d], range: 'link-local' })),
  fc
    .tuple(fc.integer({ min: 64, max: 127 }), octet, octet)
    .map(([b, c, d]) => ({ octets: [100, b, c, d], range: 'carrier-grade NAT' })),
  fc.tuple(octet, octet, octet).map(([b, c, d]) => ({ octets: [0, b, c, d], range: 'unspecified' })),
  fc.constant<V4>({ octets: [169, 254, 169, 254], range: 'cloud metadata' }),
);

const METADATA_V4 = { octets: [169, 254, 169, 254], range: 'cloud metadata' };

const toInt = (octets: number[]) => octets.reduce((value, part) => value * 256 + part, 0);
const hex = (value: number) => value.toString(16);

/** Every spelling the WHATWG URL parser turns back into the same IPv4 address. */
function spellingsOf(octets: number[]): Arbitrary<string> {
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  const value = toInt(octets);
  const mappedHex = `${hex(a * 256 + b)}:${hex(c * 256 + d)}`;
  return fc.constantFrom(
    `${a}.${b}.${c}.${d}`,
    `${value}`,
    `0x${hex(value)}`,
    `0X${hex(value).toUpperCase()}`,
    `0${value.toString(8)}`,
    `${a}.${b}.${c * 256 + d}`,
    `${a}.${b * 65536 + c * 256 + d}`,
    `0x${hex(a)}.0x${hex(b)}.0x${hex(c)}.0x${hex(d)}`,
    `0${a.toString(8)}.0${b.toString(8)}.0${c.toString(8)}.0${d.toString(8)}`,
    `${a}.${b}.${c}.${d}.`,
    `[::ffff:${a}.${b}.${c}.${d}]`,
    `[::ffff:${mappedHex}]`,
    `[::FFFF:${mappedHex.toUpperCase()}]`,
    `[0:0:0:0:0:ffff:${mappedHex}]`,
    `[64:ff9b::${mappedHex}]`,
    `[2002:${mappedHex}::1]`,
  );
}

const privateV6Host: Arbitrary<string> = fc.oneof(
  fc.constantFrom('[::1]', '[0:0:0:0:0:0:0:1]', '[::]', '[fd00:ec2::254]'),
  fc
    .integer({ min: 0, max: 0xffff })
    .map((group) => `[fd${hex(group % 256).padStart(2, '0')}::${hex(group)}]`),
  fc.integer({ min: 0, max: 0xffff }).map((group) => `[fc00::${hex(group)}]`),
  fc.integer({ min: 0, max: 0xffff }).map((group) => `[fe80::${hex(group)}]`),
  fc.integer({ min: 0, max: 0xffff }).map((group) => `[ff02::${hex(group)}]`),
);

/** A base URL an admin could type, around a given host. */
function urlAround(host: Arbitrary<string>): Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('http', 'https', 'HTTP'),
      host,
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      fc.constantFrom('', '/', '/v1', '/v1/chat/completions', '/latest/meta-data?x=1#frag'),
    )
    .map(([scheme, name, port, path]) => `${scheme}://${name}${port === undefined ? '' : `:${port}`}${path}`);
}

/** The DNS a test decides: every name is unknown except the ones the test maps. */
function dnsOf(table: Map<string, string[]>): HostResolver {
  return async (hostname) => {
    const addresses = table.get(hostname);
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function refusal(promise: Promise<unknown>): Promise<EgressRefusedError | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof EgressRefusedError ? error : undefined),
  );
}

describe('assertPublicUrl, generated (SSRF)', () => {
  it(`refuses every non-public IPv4 address in every spelling (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        privateV4.chain(({ octets, range }) =>
          urlAround(spellingsOf(octets)).map((url) => ({ url, range, dotted: octets.join('.') })),
        ),
        async ({ url, range, dotted }) => {
          // Refused as the address it really is, never as a name sent to DNS (the system resolver
          // would read `0x7f.1` as 127.0.0.1 too).
          const error = await refusal(assertPublicUrl(url, { resolve: dnsOf(new Map()) }));
          expect(error?.reason, url).toContain(dotted);
          expect(error?.reason, url).toContain(range);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`refuses loopback, unique-local, link-local, multicast and metadata IPv6 (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(urlAround(privateV6Host), async (url) => {
        const error = await refusal(assertPublicUrl(url, { resolve: dnsOf(new Map()) }));
        expect(error?.reason, url).toMatch(
          /\((loopback|unspecified|cloud metadata|unique-local|link-local|multicast)\)/,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it(`refuses a DNS name when any address it resolves to is not public (${RUNS} runs)`, async () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/);
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(label, label, privateV4, fc.boolean()),
        async ([name, zone, { octets }, withPublicToo]) => {
          const host = `${name}.${zone}.example`;
          const bad = octets.join('.');
          // Attacker DNS may put a public address first and the private one after it.
          const table = new Map([[host, withPublicToo ? ['93.184.216.34', bad] : [bad]]]);
          const url = `http://${host}/v1`;
          expect(
            await refusal(assertPublicUrl(url, { resolve: dnsOf(table) })),
            `${url} → ${bad}`,
          ).toBeDefined();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`localhost and its subdomains are loopback whatever the system resolver says (${RUNS / 3} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        urlAround(
          fc.constantFrom('localhost', 'LOCALHOST', 'localhost.', 'ollama.localhost', 'a.b.localhost'),
        ),
        async (url) => {
          expect(await refusal(assertPublicUrl(url, { resolve: dnsOf(new Map()) })), url).toBeDefined();
        },
      ),
      { numRuns: RUNS / 3 },
    );
  });

  it(`with EGRESS_ALLOW_PRIVATE, cloud metadata stays refused in every spelling (${RUNS} runs)`, async () => {
    const policy: EgressPolicy = { allowPrivate: true, resolve: dnsOf(new Map()) };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          urlAround(spellingsOf(METADATA_V4.octets)),
          urlAround(fc.constantFrom('[fd00:ec2::254]', '[::ffff:a9fe:a9fe]', '[0:0:0:0:0:ffff:a9fe:a9fe]')),
        ),
        async (url) => {
          expect((await refusal(assertPublicUrl(url, policy)))?.reason, url).toContain('cloud metadata');
        },
      ),
      { numRuns: RUNS },
    );
    // …while a local model server on loopback, the reason the switch exists, is allowed.
    await expect(assertPublicUrl('http://127.0.0.1:11434/v1', policy)).resolves.toBeInstanceOf(URL);
  });
});

describe('guardedFetch, generated redirects (SSRF)', () => {
  let target: Server;
  let targetPort = 0;
  let targetHits = 0;
  let redirector: Server;
  let redirectorPort = 0;
  let nextLocation = '';

  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };

  beforeAll(async () => {
    target = createServer((_request, response) => {
      targetHits += 1;
      response.end('internal secret');
    });
    targetPort = await listen(target);
    redirector = createServer((_request, response) => {
      response.writeHead(302, { location: nextLocation }).end();
    });
    redirectorPort = await listen(redirector);
  });
  afterAll(async () => {
    await new Promise((resolve) => target.close(resolve));
    await new Promise((resolve) => redirector.close(resolve));
  });

  it('an allowed server redirecting to a loopback address in any spelling is refused before connecting (60 runs)', async () => {
    const policy: EgressPolicy = {
      // The redirector is reachable only because it is on the allow-list; nothing else is.
      resolve: dnsOf(new Map([['redirector.test', ['127.0.0.1']]])),
      allowedHosts: ['redirector.test'],
    };
    const fetchGuarded = guardedFetch(policy);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          spellingsOf([127, 0, 0, 1]),
          fc.constantFrom('localhost', '[::1]', 'redirector.test.localhost'),
        ),
        fc.constantFrom('http', 'HTTP'),
        async (host, scheme) => {
          nextLocation = `${scheme}://${host}:${targetPort}/secret`;
          const error = await fetchGuarded(`http://redirector.test:${redirectorPort}/start`).then(
            () => undefined,
            (caught: unknown) => caught,
          );
          expect(error, nextLocation).toBeInstanceOf(EgressRefusedError);
        },
      ),
      { numRuns: 60 },
    );
    expect(targetHits).toBe(0);
  });
});
