/**
 * @module dispatch/address-class
 * Classifies IPv4 and IPv6 addresses for the SSRF guard: only `public` addresses may receive
 * webhooks outside dev mode. IPv6 forms that carry an IPv4 address (mapped, compatible, translated,
 * NAT64, 6to4) are judged by the IPv4 address they carry, so `::ffff:127.0.0.1` is loopback.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** What an address is, from the IANA special-purpose registries; anything but `public` is refused. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'link_local'
  | 'unique_local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

interface Ipv4Range {
  base: number;
  prefix: number;
  kind: AddressClass;
}

// Order matters only where ranges nest (255.255.255.255 inside 240/4).
const IPV4_RANGES: readonly Ipv4Range[] = [
  { base: ipv4(255, 255, 255, 255), prefix: 32, kind: 'broadcast' },
  { base: ipv4(0, 0, 0, 0), prefix: 8, kind: 'unspecified' }, // "this network"; Linux routes 0.0.0.0 to loopback
  { base: ipv4(10, 0, 0, 0), prefix: 8, kind: 'private' },
  { base: ipv4(100, 64, 0, 0), prefix: 10, kind: 'cgnat' }, // also Alibaba Cloud's 100.100.100.200 metadata
  { base: ipv4(127, 0, 0, 0), prefix: 8, kind: 'loopback' },
  { base: ipv4(169, 254, 0, 0), prefix: 16, kind: 'link_local' }, // 169.254.169.254 cloud metadata
  { base: ipv4(172, 16, 0, 0), prefix: 12, kind: 'private' },
  { base: ipv4(192, 0, 0, 0), prefix: 24, kind: 'reserved' }, // IETF assignments, Oracle metadata 192.0.0.192
  { base: ipv4(192, 0, 2, 0), prefix: 24, kind: 'documentation' },
  { base: ipv4(192, 88, 99, 0), prefix: 24, kind: 'reserved' }, // 6to4 relay anycast, deprecated
  { base: ipv4(192, 168, 0, 0), prefix: 16, kind: 'private' },
  { base: ipv4(198, 18, 0, 0), prefix: 15, kind: 'reserved' }, // benchmarking
  { base: ipv4(198, 51, 100, 0), prefix: 24, kind: 'documentation' },
  { base: ipv4(203, 0, 113, 0), prefix: 24, kind: 'documentation' },
  { base: ipv4(224, 0, 0, 0), prefix: 4, kind: 'multicast' },
  { base: ipv4(240, 0, 0, 0), prefix: 4, kind: 'reserved' },
];

/**
 * Classifies an IP address written as Node and WHATWG URL print them: dotted-quad IPv4, or IPv6
 * (with or without brackets or a `%zone`). Throws a `TypeError` for anything else; hostnames of URLs
 * must go through `new URL()` first, which turns `2130706433`, `0x7f.1` or `0177.0.0.1` into
 * `127.0.0.1`.
 *
 * @example
 * classifyAddress('169.254.169.254'); // 'link_local'
 * classifyAddress('[::ffff:7f00:1]'); // 'loopback'
 * classifyAddress('2606:4700::6810:84e5'); // 'public'
 */
export function classifyAddress(address: string): AddressClass {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIPv4(bare)) return classifyIpv4(parseIpv4(bare));
  const unzoned = bare.split('%', 1)[0] ?? bare;
  if (isIPv6(unzoned)) return classifyIpv6(parseIpv6(unzoned));
  throw new TypeError('not an IP address');
}

/** Whether an address may receive webhooks outside dev mode; false for any non-public class. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

function classifyIpv4(value: number): AddressClass {
  for (const range of IPV4_RANGES) {
    const mask = range.prefix === 0 ? 0 : (0xffffffff << (32 - range.prefix)) >>> 0;
    if ((value & mask) >>> 0 === range.base) return range.kind;
  }
  return 'public';
}

function classifyIpv6(groups: readonly number[]): AddressClass {
  const g = (i: number) => groups[i] ?? 0;
  const zeroUpTo = (end: number) => groups.slice(0, end).every((x) => x === 0);
  const embeddedV4 = (hi: number, lo: number) => classifyIpv4(((g(hi) << 16) | g(lo)) >>> 0);

  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g(7) === 1) return 'loopback';
  if (zeroUpTo(5) && g(5) === 0xffff) return embeddedV4(6, 7); // ::ffff:a.b.c.d mapped
  if (zeroUpTo(4) && g(4) === 0xffff && g(5) === 0) return embeddedV4(6, 7); // ::ffff:0:a.b.c.d translated
  if (zeroUpTo(6)) return embeddedV4(6, 7); // ::a.b.c.d compatible (deprecated)
  if (g(0) === 0x64 && g(1) === 0xff9b) {
    // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local NAT64 only.
    return g(2) === 0 && g(3) === 0 && g(4) === 0 && g(5) === 0 ? embeddedV4(6, 7) : 'reserved';
  }
  if (g(0) === 0x2002) return embeddedV4(1, 2); // 6to4
  if (g(0) === 0x0100 && g(1) === 0 && g(2) === 0 && g(3) === 0) return 'reserved'; // discard-only
  if (g(0) === 0x2001 && g(1) === 0x0db8) return 'documentation';
  // 2001::/23 holds Teredo (2001::/32, which can tunnel to any IPv4) and protocol assignments.
  if (g(0) === 0x2001 && g(1) < 0x0200) return 'reserved';
  if (g(0) === 0x3fff && g(1) < 0x1000) return 'documentation'; // 3fff::/20
  if (g(0) === 0x5f00) return 'reserved'; // SRv6 SIDs
  if ((g(0) & 0xfe00) === 0xfc00) return 'unique_local'; // fc00::/7, also AWS metadata fd00:ec2::254
  if ((g(0) & 0xffc0) === 0xfe80) return 'link_local';
  if ((g(0) & 0xffc0) === 0xfec0) return 'reserved'; // site-local, deprecated
  if ((g(0) & 0xff00) === 0xff00) return 'multicast';
  // Only 2000::/3 is allocated as global unicast; the rest of the space is unassigned.
  return (g(0) & 0xe000) === 0x2000 ? 'public' : 'reserved';
}

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function parseIpv4(text: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  return ipv4(a, b, c, d);
}

// Input already passed net.isIPv6, so the shape is valid. A dotted IPv4 tail becomes two hex groups,
// then `::` expands to the missing zero groups.
function parseIpv6(text: string): number[] {
  let hex = text.toLowerCase();
  const lastColon = hex.lastIndexOf(':');
  const tail = hex.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    hex = `${hex.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)));
  const [head = '', rest] = hex.split('::');
  if (rest === undefined) return parse(head);
  const headGroups = parse(head);
  const restGroups = parse(rest);
  const zeros = new Array<number>(8 - headGroups.length - restGroups.length).fill(0);
  return [...headGroups, ...zeros, ...restGroups];
}
