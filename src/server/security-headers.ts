import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * helmet's headers, worked out once. With options that hold no functions of
 * the request (helmet's defaults hold none), helmet sets the same headers on
 * every response, through a chain of a dozen middlewares per request; here
 * they are read off helmet once, at start-up, and set from a list.
 */
export function securityHeaders(options: Readonly<HelmetOptions> = {}): RequestHandler {
  if (holdsFunction(options)) throw new Error('securityHeaders takes helmet options without functions (nonces and the like depend on the request)');
  const { set, removed } = headersOf(helmet(options));
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/** What a helmet middleware does to a response, which must not depend on the request. */
function headersOf(middleware: ReturnType<typeof helmet>): { set: [string, string][]; removed: string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a ${typeof value}; only fixed strings can be worked out once`);
      set.set(name, value);
      return res;
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.push(name);
    },
  };
  let done = false;
  middleware({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously; its headers cannot be worked out once');
  return { set: [...set], removed };
}

function holdsFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsFunction);
}
