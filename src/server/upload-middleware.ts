import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { graphqlUploadExpress, processRequest, type UploadOptions } from 'graphql-upload-minimal';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { sendHttpError } from './http-errors';

const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * Multipart handling for `/graphql`, in the order that keeps uploads safe:
 * 1. refuse a multipart request without a preflight header before parsing it
 *    (Apollo would refuse it too, but only after the file had been received);
 * 2. parse it, one file at most, bounded by `maxUploadBytes`, with its map
 *    paths checked and a malformed body answered as the client's mistake;
 * 3. once the response is sent, let any file no resolver read drain away, so
 *    a rejected operation cannot leave the connection hanging.
 */
export function uploadMiddleware(maxUploadBytes: number): RequestHandler[] {
  return [
    requirePreflightForMultipart,
    drainUnreadBodyAfterResponse,
    // `processRequest` is an option of graphqlUploadExpress its typings leave out.
    graphqlUploadExpress({ maxFileSize: maxUploadBytes, maxFiles: 1, maxFieldSize: 1024 * 1024, processRequest: checkedProcessRequest } as UploadOptions),
  ];
}

function requirePreflightForMultipart(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('multipart/form-data') || PREFLIGHT_HEADERS.some((h) => req.headers[h])) return next();
  req.resume();
  sendHttpError(
    res,
    400,
    'BAD_REQUEST',
    'This multipart request was blocked as a potential cross-site request forgery: send an `apollo-require-preflight: true` header with file uploads.',
  );
}

function drainUnreadBodyAfterResponse(req: Request, res: Response, next: NextFunction): void {
  res.once('finish', () => {
    if (!req.complete) {
      req.unpipe();
      req.resume();
    }
  });
  next();
}

/** An error graphqlUploadExpress answers with its own status (it reads `status` and `expose`). */
function clientError(message: string): Error & { status: number; expose: boolean } {
  return Object.assign(new Error(message), { status: 400, expose: true });
}

/** busboy's own descriptions of a malformed body ("Unexpected end of form", "Multipart: Boundary not found", ...). */
const BUSBOY_MESSAGE = /^(Multipart: |Unexpected end of |Malformed |Unsupported content type)/;

/**
 * graphql-upload-minimal's processRequest, with two faults of it closed:
 *
 * - It places a file by walking the map path with plain property reads,
 *   inherited ones included (it refuses only `__proto__` and `constructor`),
 *   so `variables.hasOwnProperty.call` would set `call` on
 *   Object.prototype.hasOwnProperty for the whole process, breaking every
 *   later request. The map is checked against the operations first; an
 *   unsafe one never reaches the library (busboy's `map` field event becomes
 *   an error, which the library answers like its own).
 * - A body it cannot parse (no boundary, no parts, cut short) fails with
 *   busboy's status-less errors, or a 500 of its own; those are the client's
 *   mistakes, answered 400. And one request must not be able to end the
 *   process with a parser error nobody listens for (below).
 */
function checkedProcessRequest(req: IncomingMessage, res: ServerResponse, options: UploadOptions): ReturnType<typeof processRequest> {
  let operations: unknown;
  const pipe = req.pipe.bind(req);
  req.pipe = (<T extends Writable>(parser: T, pipeOptions?: { end?: boolean }): T => {
    // The library listens for the parser's first error only (`once`), then destroys it; busboy
    // then reports the cut-short form ("Unexpected end of form") as a second error, which with
    // no listener left is an uncaught exception that ends the process. The first one decides.
    parser.on('error', () => {});
    const emit = parser.emit.bind(parser);
    parser.emit = (event: string | symbol, ...args: unknown[]): boolean => {
      if (event === 'field' && args[0] === 'operations') operations = parseOrUndefined(args[1]);
      if (event === 'field' && args[0] === 'map') {
        const unsafe = unsafeMapPath(args[1], operations);
        if (unsafe !== null) return emit('error', clientError(`The map path "${unsafe}" does not name a variable of the operations.`));
      }
      return emit(event, ...args);
    };
    return pipe(parser, pipeOptions);
  }) as typeof req.pipe;
  return processRequest(req, res, options).catch((error: unknown) => {
    const status = (error as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) throw error;
    const message = String((error as Error)?.message ?? '');
    throw clientError(BUSBOY_MESSAGE.test(message) ? `The multipart request is malformed: ${message}.` : 'The multipart request is malformed: expected the parts operations, map, then the file, within its boundary.');
  });
}

function parseOrUndefined(value: unknown): unknown {
  try {
    return JSON.parse(String(value));
  } catch {
    return undefined; // the library says so itself
  }
}

/**
 * The first map path whose steps are not own properties of the operations,
 * each an object or list, or null. The last key is set on the object the
 * steps lead to, so it needs not exist (the spec's clients send a null
 * placeholder). A map the library refuses on its own (not JSON, not lists
 * of strings) is left to it.
 */
function unsafeMapPath(map: unknown, operations: unknown): string | null {
  const parsed = parseOrUndefined(map);
  if (typeof parsed !== 'object' || parsed === null) return null;
  for (const paths of Object.values(parsed)) {
    if (!Array.isArray(paths)) continue;
    for (const path of paths) {
      if (typeof path === 'string' && !leadsToOwnObject(operations, path.split('.').slice(0, -1))) return path;
    }
  }
  return null;
}

function leadsToOwnObject(root: unknown, keys: string[]): boolean {
  let node = root;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'object' && node !== null;
}
