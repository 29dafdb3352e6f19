import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Kind, parse, type OperationDefinitionNode, type TypeNode } from 'graphql';
import { Upload, graphqlUploadExpress, processRequest, type UploadOptions } from 'graphql-upload-minimal';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { expectSize } from '../util/expected-size';
import { sendHttpError } from './http-errors';
import { series } from './middleware-series';

const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

// GraphQL prints a variable value it refuses (graphql-js's inspect, which takes toJSON when there is one). An upload
// placed in an input field that is not an Upload is then named by its file, instead of dumped with its functions.
Object.defineProperty(Upload.prototype, 'toJSON', {
  value(this: { file?: { filename?: string } }) {
    return this.file?.filename ? `a file upload (${this.file.filename})` : 'a file upload';
  },
});

/**
 * Multipart handling for `/graphql`, in the order that keeps uploads safe:
 * 1. refuse a multipart request without a preflight header before parsing it
 *    (Apollo would refuse it too, but only after the file had been received);
 * 2. parse it, each file bounded by `maxFileBytes`, at most `maxFiles` files
 *    and `maxRequestBytes` in all, every file named by the map, with its map
 *    paths checked and a malformed body answered as the client's mistake;
 * 3. once the response is sent, let any file no resolver read drain away, so
 *    a rejected operation cannot leave the connection hanging.
 */
export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxRequestBytes: number;
}

export function uploadMiddleware(limits: UploadLimits): RequestHandler {
  const processWithChecks = (req: IncomingMessage, res: ServerResponse, options: UploadOptions) => checkedProcessRequest(req, res, options, limits.maxRequestBytes);
  const multipart = series(
    requirePreflightForMultipart,
    refuseOversizedRequest(limits.maxRequestBytes),
    drainUnreadBodyAfterResponse,
    // `processRequest` is an option of graphqlUploadExpress its typings leave out. busboy marks a file
    // truncated on reaching its limit, not on passing it: one byte more, so that a file of exactly
    // maxFileBytes is taken (readUpload refuses past maxFileBytes itself).
    graphqlUploadExpress({ maxFileSize: limits.maxFileBytes + 1, maxFiles: limits.maxFiles, maxFieldSize: 1024 * 1024, processRequest: processWithChecks } as UploadOptions),
    refuseUndeclaredUploads,
  );
  // Every step concerns multipart requests alone: a JSON request is told apart once, not at each step.
  return (req, res, next) => (isMultipart(req) ? multipart(req, res, next) : next());
}

/** `req.is('multipart/form-data')`, which parses the content type: only for a type that can be that. */
function isMultipart(req: Request): boolean {
  const type = req.headers['content-type'];
  return type !== undefined && /multipart/i.test(type) && Boolean(req.is('multipart/form-data'));
}

/**
 * A file placed in a variable the operation does not declare would be
 * ignored by GraphQL and drained unread: a client mistake (a second image to a
 * one-image mutation), refused instead of silently dropped. So is a file
 * placed straight in a variable of a built-in scalar type (`$project:
 * String!`), which GraphQL would refuse with the upload object printed.
 */
function refuseUndeclaredUploads(req: Request, res: Response, next: NextFunction): void {
  const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
  if (!body || typeof body.query !== 'string' || typeof body.variables !== 'object' || body.variables === null) return next();
  let declared: Map<string, string>;
  try {
    const operations = parse(body.query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operations.length === 1 ? operations[0] : operations.find((o) => o.name?.value === body.operationName);
    if (!operation) return next(); // Apollo says what is wrong
    declared = new Map((operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, namedType(v.type)]));
  } catch {
    return next(); // not a document: Apollo answers GRAPHQL_PARSE_FAILED
  }
  for (const [name, value] of Object.entries(body.variables)) {
    if (!holdsUpload(value)) continue;
    const type = declared.get(name);
    if (type === undefined) return sendHttpError(res, 400, 'BAD_REQUEST', `A file is mapped to variables.${name}, which the operation does not declare.`);
    if (BUILT_IN_SCALARS.has(type) && isUploadOrListOfThem(value)) {
      return sendHttpError(res, 400, 'BAD_USER_INPUT', `A file is mapped to variables.${name}, declared as ${type}: only a variable of type Upload takes a file.`);
    }
  }
  next();
}

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function isUploadOrListOfThem(value: unknown): boolean {
  return value instanceof Upload || (Array.isArray(value) && value.some(isUploadOrListOfThem));
}

function holdsUpload(value: unknown): boolean {
  if (value instanceof Upload) return true;
  if (Array.isArray(value)) return value.some(holdsUpload);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsUpload);
  return false;
}

/** A multipart request that says it is over the limit is refused before a byte of it is read. */
function refuseOversizedRequest(maxRequestBytes: number): RequestHandler {
  return (req, res, next) => {
    if (Number(req.headers['content-length'] ?? 0) <= maxRequestBytes) return next();
    req.resume();
    sendHttpError(res, 413, 'PAYLOAD_TOO_LARGE', `The request is larger than the ${maxRequestBytes} bytes one multipart request may carry.`);
  };
}

function requirePreflightForMultipart(req: Request, res: Response, next: NextFunction): void {
  if (PREFLIGHT_HEADERS.some((h) => req.headers[h])) return next();
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
function checkedProcessRequest(req: IncomingMessage, res: ServerResponse, options: UploadOptions, maxRequestBytes: number): ReturnType<typeof processRequest> {
  let operations: unknown;
  let mapped: Set<string> | undefined;
  let received = 0;
  let lastChunk = 0;
  const declaredLength = Number(req.headers['content-length']);
  const pipe = req.pipe.bind(req);
  req.pipe = (<T extends Writable>(parser: T, pipeOptions?: { end?: boolean }): T => {
    // The library listens for the parser's first error only (`once`), then destroys it; busboy
    // then reports the cut-short form ("Unexpected end of form") as a second error, which with
    // no listener left is an uncaught exception that ends the process. The first one decides.
    parser.on('error', () => {});
    const emit = parser.emit.bind(parser);
    // A chunked request carries no length to check up front: count what arrives.
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      lastChunk = chunk.length;
      if (received > maxRequestBytes && received - chunk.length <= maxRequestBytes) {
        emit('error', Object.assign(new Error(`The request is larger than the ${maxRequestBytes} bytes one multipart request may carry.`), { status: 413, expose: true }));
      }
    });
    parser.emit = (event: string | symbol, ...args: unknown[]): boolean => {
      if (event === 'field' && args[0] === 'operations') operations = parseOrUndefined(args[1]);
      if (event === 'field' && args[0] === 'map') {
        const unsafe = unsafeMapPath(args[1], operations);
        if (unsafe !== null) return emit('error', clientError(`The map path "${unsafe}" does not name a variable of the operations.`));
        const twice = pathMappedTwice(args[1]);
        if (twice !== null) return emit('error', clientError(`Two files are mapped to "${twice}"; map one file to each place.`));
        mapped = mapKeys(args[1]);
      }
      // A file starts in the chunk being parsed: the request has at most the rest of its length for it.
      if (event === 'file' && declaredLength > 0) expectSize(args[1] as object, declaredLength - (received - lastChunk));
      // The library lets a file its map does not name drain away unseen; it is a mistake to say so.
      if (event === 'file' && mapped && !mapped.has(String(args[0]))) {
        // Drained, with its errors swallowed: the parser is destroyed next, and the cut stream would
        // otherwise raise "Unexpected end of file" with nobody listening.
        const stream = args[1] as NodeJS.ReadableStream;
        stream.on('error', () => {});
        stream.resume();
        return emit('error', clientError(`The request carries a file its map does not name (part "${String(args[0]).slice(0, 64)}"); send each file once, named in the map.`));
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

function pathMappedTwice(map: unknown): string | null {
  const parsed = parseOrUndefined(map);
  if (typeof parsed !== 'object' || parsed === null) return null;
  const seen = new Set<string>();
  for (const paths of Object.values(parsed)) {
    if (!Array.isArray(paths)) continue;
    for (const path of paths) {
      if (seen.has(String(path))) return String(path);
      seen.add(String(path));
    }
  }
  return null;
}

function mapKeys(map: unknown): Set<string> | undefined {
  const parsed = parseOrUndefined(map);
  return typeof parsed === 'object' && parsed !== null ? new Set(Object.keys(parsed)) : undefined;
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
