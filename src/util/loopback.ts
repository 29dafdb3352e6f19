import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether a listen address is reachable only from this machine: `localhost`,
 * 127.0.0.0/8, `::1` and IPv4-mapped 127.x. `0.0.0.0` and `::` (every
 * interface) are not.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIPv4(bare)) return bare.startsWith('127.');
  if (!isIPv6(bare)) return false;
  // The URL parser gives one spelling of an IPv6 address: [::1], [::ffff:7f00:1].
  const canonical = new URL(`http://[${bare}]/`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}
