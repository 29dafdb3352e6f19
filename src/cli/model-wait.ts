import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GatewayRequestError, hashOf } from '../client/gateway-client';
import { CliModelStatusChangedDocument, CliModelStatusDocument, type ModelStatus } from '../client/generated/graphql';
import { CliError, ExitCode, networkCause, toCliError } from './exit-codes';
import type { GatewayConnection } from './gateway-connection';

/** What a --wait waits for: a status that ends it well, or badly. */
export interface WaitGoal {
  /** e.g. HOSTED for a start. */
  success: readonly ModelStatus[];
  /** e.g. HOSTING_FAILED for a start. */
  failure: readonly ModelStatus[];
  timeoutSeconds: number;
}

export interface SeenStatus {
  project: string;
  version: string;
  status: ModelStatus;
  statusMessage?: string | null;
}

/**
 * The line a wait prints for a status it is told, or null when there is
 * nothing new: a transition (`TRAINING -> TRAINED (Training completed.) after
 * 9.8 s`), or, when only the message changed, the message under the same
 * status (`STARTING_HOSTING: Loading the model. (after 1.2 s)`).
 */
export function describeChange(last: SeenStatus, now: SeenStatus, seconds: number): string | null {
  const who = `${now.project} version ${now.version}`;
  const after = seconds.toFixed(1);
  if (now.status !== last.status) return `${who}: ${last.status} -> ${now.status}${now.statusMessage ? ` (${now.statusMessage})` : ''} after ${after} s`;
  if (now.statusMessage && now.statusMessage !== last.statusMessage) return `${who}: ${now.status}: ${now.statusMessage} (after ${after} s)`;
  return null;
}

/** The socket could not carry the subscription (no WebSocket through a proxy, a gateway without subscriptions): poll instead. */
class SocketUnavailable extends Error {}

/**
 * Follows a model version's status until the goal's success or failure
 * status, telling each transition, and answers the status it ended in (a
 * failure status too: the caller decides the exit code). Gives up with a
 * CliError after the goal's timeout.
 *
 * It listens to the `modelStatusChanged` subscription over graphql-ws: the
 * gateway pushes each change the moment its status watcher sees it, the
 * first message is the status now (so subscribing after the mutation misses
 * nothing), one socket serves a wait of any length (an HTTP mutation with
 * `wait: true` is cut at the gateway's REQUEST_TIMEOUT_MS), and it costs no
 * request per second of the key's rate limit. When no socket can be opened
 * (a proxy without WebSocket), it polls `modelStatus` instead.
 */
export async function waitForModel(connection: GatewayConnection, start: SeenStatus, goal: WaitGoal, say: (line: string) => void): Promise<SeenStatus> {
  const began = Date.now();
  let last = start;
  const seen = (status: SeenStatus): boolean => {
    const line = describeChange(last, status, (Date.now() - began) / 1000);
    if (line) say(line);
    last = status;
    return goal.success.includes(status.status) || goal.failure.includes(status.status);
  };
  if (seen(start)) return start;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const goalText = goal.success.join(' or ');
      reject(new CliError(`gave up after ${goal.timeoutSeconds} s waiting for ${goalText}; ${last.project} version ${last.version} is ${last.status}.`, ExitCode.FAILED));
    }, goal.timeoutSeconds * 1000);
  });
  const stop = { stopped: false, cancel: () => {} };
  try {
    const follow = followStatus(connection, start, seen, say, stop);
    // Once the race is decided, how the loser ends (a socket closed by the timeout) is of no interest.
    follow.catch(() => undefined);
    await Promise.race([follow, timeout]);
    return last;
  } finally {
    stop.stopped = true;
    stop.cancel();
    clearTimeout(timer);
  }
}

/**
 * Subscribes, and subscribes again after a socket that had worked is closed
 * (a gateway restarting says "going away"; the first message of a new
 * subscription is the status then, so nothing is missed), waiting between
 * tries while the gateway cannot be reached; only the wait's timeout ends
 * that. A socket the gateway never acknowledged (no WebSocket through a
 * proxy) means polling instead.
 */
async function followStatus(
  connection: GatewayConnection,
  start: SeenStatus,
  seen: (status: SeenStatus) => boolean,
  say: (line: string) => void,
  stop: { stopped: boolean; cancel: () => void },
): Promise<void> {
  let socketWorked = false;
  let retryMs = RETRY_FIRST_MS;
  // Said once an outage, not at every try.
  let toldLost = false;
  while (!stop.stopped) {
    const subscription = subscribe(connection, start, seen, () => {
      socketWorked = true;
      retryMs = RETRY_FIRST_MS;
      toldLost = false;
    });
    stop.cancel = subscription.cancel;
    try {
      return await subscription.done;
    } catch (error) {
      if (!(error instanceof SocketUnavailable)) throw error;
      if (!socketWorked) {
        say(`(no subscription socket: ${error.message}; polling modelStatus instead)`);
        return poll(connection, start, seen, say, stop);
      }
      if (!toldLost) say(`(the status socket was lost: ${error.message}; following again in ${(retryMs / 1000).toFixed(0)} s)`);
      toldLost = true;
    }
    await sleep(retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }
}

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Listens until `seen` says the wait is over; `cancel` ends it early (a timeout) and closes the socket. */
function subscribe(
  connection: GatewayConnection,
  start: SeenStatus,
  seen: (status: SeenStatus) => boolean,
  onConnected: () => void = () => {},
): { done: Promise<void>; cancel(): void } {
  const client = createClient({
    url: connection.socketUrl,
    webSocketImpl: WebSocket,
    connectionParams: connection.apiKey ? { authorization: `Bearer ${connection.apiKey}` } : {},
    retryAttempts: 0,
    lazy: true,
    // The gateway acknowledged the connection: WebSockets get through to it.
    on: { connected: onConnected },
  });
  let unsubscribe = () => {};
  const done = new Promise<void>((resolve, reject) => {
    unsubscribe = client.subscribe(
      { ...subscriptionDocument(connection), variables: { project: start.project, version: start.version } },
      {
        next: (result) => {
          if (result.errors?.length) return reject(new GatewayRequestError(200, result.errors as GatewayRequestError['errors']));
          const change = (result.data as { modelStatusChanged?: SeenStatus } | undefined)?.modelStatusChanged;
          if (change && seen(change)) resolve();
        },
        error: (error) => reject(socketError(error)),
        complete: () => reject(new CliError('the gateway ended the status subscription before the wait was over.', ExitCode.FAILED)),
      },
    );
  });
  const cancel = () => {
    unsubscribe();
    void client.dispose();
  };
  return { done: done.finally(cancel), cancel };
}

/** The subscription's text, or, once the client has found the gateway runs only trusted documents, its hash (as Apollo's persisted queries name it). */
function subscriptionDocument(connection: GatewayConnection): { query: string; extensions?: Record<string, unknown> } {
  const hash = hashOf(CliModelStatusChangedDocument);
  return connection.client.sendsDocumentIds && hash ? { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } } : { query: print(CliModelStatusChangedDocument) };
}

/** What the error sink got, as the CLI reports it: GraphQL errors, an auth refusal, or a socket that could not serve. */
function socketError(error: unknown): Error {
  if (Array.isArray(error)) return new GatewayRequestError(200, error as GatewayRequestError['errors']);
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number') {
    const { code, reason } = error as { code: number; reason?: string };
    if (code === 4401) return new CliError(`UNAUTHENTICATED: ${reason || 'the gateway refused the API key'}`, ExitCode.AUTH);
    if (code === 4403) return new CliError(`FORBIDDEN: ${reason || 'the key may not subscribe'}`, ExitCode.AUTH);
    return new SocketUnavailable(`socket closed with ${code}${reason ? ` ${reason}` : ''}`);
  }
  const message = error instanceof Error ? error.message : (error as { message?: string } | undefined)?.message;
  return new SocketUnavailable(message || 'the WebSocket could not be opened');
}

/** Polls modelStatus; a gateway that cannot be reached for a while (a restart) is asked again until the wait's timeout. */
async function poll(connection: GatewayConnection, start: SeenStatus, seen: (status: SeenStatus) => boolean, say: (line: string) => void, stop: { stopped: boolean }): Promise<void> {
  let delayMs = RETRY_FIRST_MS;
  let unreachable = false;
  while (!stop.stopped) {
    try {
      const { modelStatus } = await connection.client.request(CliModelStatusDocument, { project: start.project, version: start.version });
      unreachable = false;
      if (seen(modelStatus)) return;
    } catch (error) {
      const reason = passingFault(error, connection.endpoint);
      if (!reason) throw error;
      if (!unreachable) say(`(${reason}; asking again until the wait's timeout)`);
      unreachable = true;
    }
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 1.5, RETRY_MAX_MS);
  }
}

/** Why a poll failed when the gateway may come back (not reached, or the connection cut by a restart); null for an answer to act on. */
function passingFault(error: unknown, url: string): string | null {
  // Only a network error (fetch's cause) can pass; an answer from the gateway, even an error, is acted on.
  return networkCause(error) === undefined ? null : toCliError(error, url).message;
}
