import cors from 'cors';
import type { RequestHandler } from 'express';

/** Headers a browser app may send: the API key, and the ones Apollo's CSRF check and uploads need. */
const ALLOWED_HEADERS = ['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'];

/**
 * CORS for frontend apps served from other origins: only the exact origins
 * in `CORS_ORIGINS` get CORS headers (none by default, so browsers keep
 * cross-origin pages out); their preflights are answered and cached for ten
 * minutes. Credentials travel in headers, never cookies, so
 * `Access-Control-Allow-Credentials` stays off.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}
