import { isIPv4 } from 'node:net';

/** Where a request's Host says it is going: a bucket (virtual-hosted style) or none (path style), and the engine's own host. */
export interface HostTarget {
  bucket: string | undefined;
  /** The Host header without the bucket label: what the engine was addressed as. */
  endpointHost: string;
}

/**
 * The names the engine is reached by, so that `Host: my-bucket.localhost:4100`
 * can be read as bucket `my-bucket` on the engine `localhost:4100`: always
 * `localhost`, plus the listen address and any names configured
 * (`--host-names`, for a proxy's or a LAN name). The longest name that ends
 * the Host wins, so a bucket name with dots works. An IP address never
 * carries a bucket, and a Host that is none of these names is path style.
 */
export class EndpointHosts {
  private readonly names: string[];

  constructor(names: readonly string[] = []) {
    const all = ['localhost', ...names].map((n) => n.toLowerCase().replace(/\.$/, '')).filter((n) => n !== '' && !isIPv4(n) && !n.includes(':'));
    this.names = [...new Set(all)].sort((a, b) => b.length - a.length);
  }

  resolve(hostHeader: string | undefined): HostTarget {
    const host = (hostHeader ?? '').trim();
    const match = /^([^:[\]]+)(:\d{1,5})?$/.exec(host);
    if (!match) return { bucket: undefined, endpointHost: host };
    const name = match[1].toLowerCase().replace(/\.$/, '');
    for (const own of this.names) {
      if (name.endsWith(`.${own}`)) {
        return { bucket: name.slice(0, -own.length - 1), endpointHost: `${own}${match[2] ?? ''}` };
      }
    }
    return { bucket: undefined, endpointHost: host };
  }
}
