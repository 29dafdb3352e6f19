import type { RequestHandler } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header a request id arrives in, is answered in, and is sent upstream in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An id a client or proxy may choose: short and inert, so it can go into log
 * lines and upstream headers as it is. Anything else is replaced.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** What every log line and upstream call of one HTTP request is tagged with. */
export interface RequestContext {
  readonly requestId: string;
  /** The caller's identity name (never its key), once authenticated. */
  caller?: string;
  /** The GraphQL operation's root fields (as in the metrics), once resolved. */
  operation?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the HTTP request the current code runs for; undefined outside one (start-up, background jobs). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Gives each request an id: the client's `x-request-id` when it is sane,
 * else a fresh UUID. It is answered in the same header and carried through
 * the request's asynchronous work, so logs and Lookout calls can name it.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.headers[REQUEST_ID_HEADER];
    const context: RequestContext = { requestId: typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID() };
    res.setHeader(REQUEST_ID_HEADER, context.requestId);
    storage.run(context, next);
  };
}
