import type { IncomingHttpHeaders } from 'node:http';
import { accessDenied } from './aws-error';
import { isLoopbackHost } from '../../util/loopback';

/**
 * Refuses requests a web page makes the browser send. The AWS SDKs, CLI and
 * boto3 send no `Origin`, and the engine answers no CORS preflight, so no
 * browser could use it anyway.
 *
 * - Browsers put `Origin` on every POST, PATCH and DELETE, cross-site or not,
 *   including the body-less ones no content-type rule can catch (StopModel).
 * - Without credentials (`unsignedAllowed`), a page on a DNS-rebinding name
 *   that resolves to 127.0.0.1 could still GET answers as same-origin; such
 *   requests carry that name in `Host`, and only loopback names are served.
 */
export function refuseBrowserRequests(headers: IncomingHttpHeaders, unsignedAllowed: boolean): void {
  if (headers.origin !== undefined) throw accessDenied('Requests from web pages are not accepted.');
  if (unsignedAllowed && !isLoopbackHost(hostName(headers.host))) throw accessDenied('This engine answers only to loopback host names.');
}

/** The name in a Host header, without the port; '' when malformed. */
function hostName(header: string | undefined): string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header?.trim() ?? '');
  return match?.[1] ?? '';
}
