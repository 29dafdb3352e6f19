import { GatewayRequestError } from '../client/gateway-client';
import { ConfigError } from '../util/config-values';

/**
 * The exit codes of every `lookout-gateway` command (docs/cli.md). Scripts
 * branch on them, so each means one thing everywhere.
 */
export const ExitCode = {
  /** Everything asked for was done. */
  OK: 0,
  /** The gateway refused or failed the operation (its code and message are printed), or a wait ended in a failed status or timed out. */
  FAILED: 1,
  /** The command line is wrong: unknown command or option, a missing or invalid value, no files to work on. */
  USAGE: 2,
  /** The gateway could not be reached, or what answered at the URL is not a GraphQL gateway. */
  UNREACHABLE: 3,
  /** The gateway refused the credentials (UNAUTHENTICATED) or the key's role (FORBIDDEN). */
  AUTH: 4,
  /** detect: some images were analysed, others failed. */
  PARTIAL: 5,
  /** Interrupted (Ctrl-C, SIGINT), as a shell reports a process its signal ended: detect prints what it analysed first. */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the CLI reports as one message and an exit code, never a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
  }
}

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/** What went wrong, for the operator: the gateway's codes and messages, or why it could not be reached. */
export function toCliError(error: unknown, url: string): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ConfigError) return new CliError(error.message, ExitCode.USAGE);
  if (error instanceof GatewayRequestError) {
    // A GraphQL endpoint answers its own errors with 200 (or 400 for a request it cannot run); a 404 is a path where none is served.
    if (error.errors.length === 0 || error.message.endsWith('without a GraphQL answer') || error.status === 404) {
      return new CliError(`${url} did not answer as a GraphQL gateway (HTTP ${error.status}); check --url.`, ExitCode.UNREACHABLE);
    }
    const lines = error.errors.map((e) => `${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`);
    return new CliError(lines.join('\n'), error.codes.some((code) => AUTH_CODES.has(code)) ? ExitCode.AUTH : ExitCode.FAILED);
  }
  const cause = networkCause(error);
  // The gateway took the request but closed the connection without an answer: reached, and failed (a request longer than its REQUEST_TIMEOUT_MS, a restart).
  if (cause === 'UND_ERR_SOCKET') return new CliError(`the gateway at ${url} closed the connection before answering (a request longer than its REQUEST_TIMEOUT_MS, or a restart).`, ExitCode.FAILED);
  if (cause) return new CliError(`could not reach the gateway at ${url}: ${cause}`, ExitCode.UNREACHABLE);
  return new CliError(error instanceof Error ? error.message : String(error), ExitCode.FAILED);
}

/** fetch's "fetch failed" names the network error in its cause (ECONNREFUSED, ENOTFOUND, a timeout...). */
export function networkCause(error: unknown): string | undefined {
  if (!(error instanceof TypeError) || error.message !== 'fetch failed') return undefined;
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? 'network error';
}
