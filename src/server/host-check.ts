import type { RequestHandler } from 'express';
import { ErrorCode } from '../services/error-codes';
import { sendHttpError } from './http-errors';

/** Host headers whose answer is kept; past this many (a client making them up) the list starts again. */
const DECIDED_HOSTS = 256;

/** Host names every gateway answers to: its own loopback names. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];

/**
 * Answers only requests whose `Host` names this gateway. A DNS-rebinding page
 * (attacker.example resolving to 127.0.0.1) makes a browser send
 * `Host: attacker.example` to a loopback gateway and read the answers as
 * same-origin; refusing unknown hosts breaks that. `*` turns the check off
 * (behind a proxy that checks hosts itself). Health probes are exempt: load
 * balancers probe by address, and the answers reveal nothing.
 */
export function hostCheck(allowedHosts: readonly string[], exemptPaths: readonly string[] = ['/healthz', '/readyz']): RequestHandler {
  const serves = servesHost(allowedHosts);
  return (req, res, next) => {
    if (exemptPaths.includes(req.path) || serves(req.headers.host)) return next();
    req.resume();
    sendHttpError(res, 421, ErrorCode.MISDIRECTED_REQUEST, 'This gateway does not serve that host name; configure it in ALLOWED_HOSTS.');
  };
}

/** The rule of hostCheck on its own, for requests Express does not see (WebSocket upgrades). */
export function servesHost(allowedHosts: readonly string[]): (hostHeader: string | undefined) => boolean {
  if (allowedHosts.includes('*')) return () => true;
  const allowed = new Set([...LOOPBACK_HOSTS, ...allowedHosts].map((h) => h.toLowerCase()));
  // Clients send a handful of distinct Host headers: each is parsed once, not on every request.
  const decided = new Map<string, boolean>();
  return (hostHeader) => {
    if (hostHeader === undefined) return false;
    let serves = decided.get(hostHeader);
    if (serves === undefined) {
      const host = hostName(hostHeader);
      serves = host !== null && allowed.has(host);
      if (decided.size >= DECIDED_HOSTS) decided.clear();
      decided.set(hostHeader, serves);
    }
    return serves;
  };
}

/** The name in a Host header, without the port or IPv6 brackets, lower case; null when malformed. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9.])?))(?::\d{1,5})?$/.exec(header.trim());
  if (!match) return null;
  return (match[1] ?? match[2]).toLowerCase().replace(/\.$/, '');
}
