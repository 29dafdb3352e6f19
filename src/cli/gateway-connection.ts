import type { Command } from 'commander';
import { GatewayClient } from '../client/gateway-client';
import { CliError, ExitCode } from './exit-codes';
import { intOption } from './option-values';

/** Where `serve` listens by default (PORT 4000, HOST 127.0.0.1). */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

export interface ConnectionOptions {
  url?: string;
  apiKey?: string;
  /** Seconds one request may take, upload and answer included (--request-timeout). */
  requestTimeout?: number;
}

/**
 * How long a request may go unanswered by default: longer than the
 * gateway's own REQUEST_TIMEOUT_MS (120 s by default), which answers a slow
 * request itself, so this catches only a gateway that stopped answering.
 */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 150;

/** The gateway a client command talks to: its GraphQL endpoint, the key it sends, a typed client. */
export interface GatewayConnection {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  endpoint: string;
  /** The same path over ws:// or wss://, for subscriptions. */
  socketUrl: string;
  apiKey?: string;
  client: GatewayClient;
}

/** Adds --url and --api-key (with their environment variables) to a client command. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', `the gateway's GraphQL endpoint (env LOOKOUT_GATEWAY_URL; default ${DEFAULT_GATEWAY_URL})`)
    .option('--api-key <key>', 'sent as "authorization: Bearer <key>" (env LOOKOUT_API_KEY; none in development mode)')
    .option(
      '--request-timeout <seconds>',
      `how long one request may take, its upload and answer included, before the gateway counts as unreachable (exit 3); a request that asks the gateway to wait (a --timeout of its own) gets that long more (env LOOKOUT_REQUEST_TIMEOUT; default ${DEFAULT_REQUEST_TIMEOUT_SECONDS})`,
      intOption(1, 86_400),
    );
}

/**
 * The GraphQL endpoint a --url names: the URL itself when its path ends in
 * /graphql (a gateway behind a proxy may serve it under a prefix), the
 * origin's /graphql for a bare origin. Any other path (the console's
 * /console/, a health check) is not a gateway's endpoint: a usage error that
 * names the URL meant, rather than a request to <path>/graphql.
 */
export function graphqlEndpoint(given: string, source: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new CliError(`${source} must be an http(s) URL such as ${DEFAULT_GATEWAY_URL}, not "${given}".`, ExitCode.USAGE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${source} must be http:// or https://, not ${url.protocol}`, ExitCode.USAGE);
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '' || path.endsWith('/graphql')) return `${url.origin}${path || '/graphql'}`;
  throw new CliError(`${source} ${given} is not a gateway's GraphQL URL: give the gateway's origin or its /graphql endpoint, e.g. ${url.origin}/graphql.`, ExitCode.USAGE);
}

/**
 * The connection from the flags, else the environment, else the defaults
 * `serve` listens on. `serverWaitSeconds`: how long the command's requests
 * ask the gateway to wait (an import's or a promote's --timeout), added to
 * the request timeout.
 */
export function connect(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env, serverWaitSeconds = 0): GatewayConnection {
  const given = options.url ?? env.LOOKOUT_GATEWAY_URL ?? DEFAULT_GATEWAY_URL;
  const endpoint = graphqlEndpoint(given, options.url !== undefined ? '--url' : 'LOOKOUT_GATEWAY_URL');
  const apiKey = options.apiKey ?? (env.LOOKOUT_API_KEY || undefined);
  const timeout = options.requestTimeout ?? requestTimeoutFrom(env);
  return {
    endpoint,
    socketUrl: endpoint.replace(/^http/, 'ws'),
    apiKey,
    // GatewayClient appends /graphql to the base it is given. The CLI's operations are trusted documents
    // of this version: to a gateway with PERSISTED_OPERATIONS=only they go by document id.
    client: new GatewayClient(endpoint.slice(0, -'/graphql'.length), { apiKey, documentIdFallback: true, fetch: answeredWithin(timeout + serverWaitSeconds, endpoint) }),
  };
}

function requestTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const given = env.LOOKOUT_REQUEST_TIMEOUT;
  if (given === undefined || given === '') return DEFAULT_REQUEST_TIMEOUT_SECONDS;
  try {
    return intOption(1, 86_400)(given);
  } catch (error) {
    throw new CliError(`LOOKOUT_REQUEST_TIMEOUT ${(error as Error).message}`, ExitCode.USAGE);
  }
}

/**
 * fetch that gives up on a request not done after `seconds`, its upload and
 * its whole answer included (the answer is read here, so that running out
 * while it arrives is this error too): a gateway that hangs (a paused
 * process, a network that drops packets) would otherwise hold the command
 * for ever, whatever its --timeout.
 */
function answeredWithin(seconds: number, endpoint: string): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(seconds * 1000);
    try {
      const response = await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (timeout.aborted) throw new CliError(`the gateway at ${endpoint} did not answer within ${seconds} s (--request-timeout).`, ExitCode.UNREACHABLE);
      throw error;
    }
  };
}
