import pino, { type DestinationStream, type Logger } from 'pino';
import { ConfigError } from '../util/config-values';
import { currentRequest } from './request-id';

export type { Logger };

/** How the gateway's own code logs (GatewayDeps.log / info), whatever writes the lines. */
export interface LogFunctions {
  /** A failure (logged with its stack), or a notice with a detail object. */
  log: (message: string, error: unknown) => void;
  /** An event worth a line at info level: one per mutation, start-up. */
  info: (line: string) => void;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Headers are not logged today; should one ever be, its credentials are not
 * (`Authorization: Bearer <key>`, `x-api-key: <key>`).
 */
const REDACTED_PATHS = ['headers.authorization', 'headers["x-api-key"]', '*.headers.authorization', '*.headers["x-api-key"]'];

export interface LoggerOptions {
  /** `LOG_LEVEL`, default `info`. */
  level?: string;
  /** Where lines go: stdout unless given (tests pass a collector). */
  destination?: DestinationStream;
}

/**
 * JSON lines for operators: `time` (ISO 8601), `level` (its name), `msg`,
 * and inside an HTTP request its `requestId`, `caller` (the identity's name)
 * and `operation`, wherever in the request the line is written.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (!LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got "${level}".`);
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: requestFields,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    // Asynchronous writes: a synchronous write(2) per request log line held the event loop on every
    // request (BENCHMARKS.md). Lines still go out at once, not batched; pino flushes what is
    // pending when the process exits. A reader that stops reading costs at most 8 MiB of pending
    // lines (then lines are dropped), never the gateway's memory.
    options.destination ?? pino.destination({ dest: 1, sync: false, maxLength: 8 * 2 ** 20 }),
  );
}

/** The logger `LOG_LEVEL` asks for. */
export function loggerFromEnv(env: NodeJS.ProcessEnv = process.env): Logger {
  return createLogger({ level: env.LOG_LEVEL?.trim().toLowerCase() || undefined });
}

function requestFields(): object {
  const request = currentRequest();
  return request ? { requestId: request.requestId, caller: request.caller, operation: request.operation } : {};
}

/** GatewayDeps' `log` and `info` writing to `logger`. */
export function logFunctions(logger: Logger): LogFunctions {
  return {
    log: (message, detail) => {
      // A GraphQLError carries the stack of the failure it wraps, so this logs where that began.
      if (detail instanceof Error) logger.error({ err: detail }, message);
      else logger.warn({ detail }, message);
    },
    info: (line) => logger.info(line),
  };
}
