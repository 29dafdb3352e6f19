import { ConfigError } from '../../util/config-values';
import { isLoopbackHost } from '../../util/loopback';

/**
 * Without credentials the engine serves any request, which is only safe when
 * nothing but this machine can reach it. Refuses (exit code 2) any other
 * address unless a credentials file is given.
 */
export function checkListenAddress(host: string, hasCredentials: boolean): void {
  if (hasCredentials || isLoopbackHost(host)) return;
  throw new ConfigError(
    `--host ${host} is not a loopback address: without --credentials the engine serves anyone who can reach it. ` +
      'Pass --credentials FILE (lines ACCESS_KEY_ID:SECRET_ACCESS_KEY) to require signed requests, or listen on 127.0.0.1.',
  );
}
