import type { IncomingHttpHeaders } from 'node:http';
import { isIPv6 } from 'node:net';

/**
 * Who a request comes from, for per-client limits. Directly connected, that is the socket's address. Behind a
 * proxy, every request comes from the proxy: `trustedHeader` (X-Forwarded-For or X-Real-IP, set by your own
 * proxy) names the client, and its last entry is the one that proxy added (earlier ones are the client's say).
 * IPv6 clients count per /64: one host usually holds a whole /64, so single addresses cost an attacker nothing.
 */
export function clientAddressOf(headers: IncomingHttpHeaders, socketAddress: string | undefined, trustedHeader?: string): string {
  const forwarded = trustedHeader ? headers[trustedHeader.toLowerCase()] : undefined;
  const raw = Array.isArray(forwarded) ? forwarded[forwarded.length - 1] : forwarded;
  const fromProxy = raw?.split(',').pop()?.trim();
  return normalizeAddress(fromProxy || socketAddress || 'unknown');
}

function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, "::" filled in. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((hextet) => hextet.toLowerCase().replace(/^0+(?=.)/, ''));
}
