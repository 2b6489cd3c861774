import { isIP } from 'node:net';
/*
 * What kind of address an IP is (public, loopback, private, cloud metadata, …), IPv4 and IPv6,
 * including the IPv6 forms that embed an IPv4 address. Pure: the egress policy decides with it.
 */

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

/** The special ranges of each category, IPv4 and IPv6 (RFC 6890, and the clouds' metadata addresses). */
const SPECIAL_RANGES: Record<string, string[]> = {
  'cloud metadata': ['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', 'fd00:ec2::254/128'],
  broadcast: ['255.255.255.255/32'],
  unspecified: ['0.0.0.0/8', '::/128'],
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '64:ff9b:1::/48', 'fec0::/10'],
  'carrier-grade NAT': ['100.64.0.0/10'],
  'link-local': ['169.254.0.0/16', 'fe80::/10'],
  'unique-local': ['fc00::/7'],
  reserved: ['192.0.0.0/24', '192.88.99.0/24', '240.0.0.0/4', '100::/64', '2001::/32'],
  documentation: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'],
  benchmarking: ['198.18.0.0/15'],
  multicast: ['224.0.0.0/4', 'ff00::/8'],
};

type Range = [base: string, prefix: number, category: string];

/**
 * One family's ranges, most specific first: a range inside another has the longer prefix, so
 * the first match decides (169.254.169.254 is cloud metadata, not link-local).
 */
function rangesOf(family: 4 | 6): Range[] {
  return Object.entries(SPECIAL_RANGES)
    .flatMap(([category, cidrs]) =>
      cidrs.map((cidr): Range => {
        const [base = '', prefix] = cidr.split('/');
        return [base, Number(prefix), category];
      }),
    )
    .filter(([base]) => isIP(base) === family)
    .sort((a, b) => b[1] - a[1]);
}

const IPV4_RANGES = rangesOf(4);
const IPV6_RANGES = rangesOf(6);

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

const inIPv4 = (value: number, [base, prefix]: Range) =>
  Math.floor(value / 2 ** (32 - prefix)) === Math.floor(ipv4Value(base) / 2 ** (32 - prefix));
const inIPv6 = (value: bigint, [base, prefix]: Range) =>
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

/** Public, or one of the private categories when the operator allows them (EGRESS_ALLOW_PRIVATE). */
export function isPermittedAddress(address: AddressClass, allowPrivate: boolean): boolean {
  return address.category === 'public' || (allowPrivate && PRIVATE_CATEGORIES.has(address.category));
}
