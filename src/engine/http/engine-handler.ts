import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { EngineContext } from '../engine-context';
import { AwsError, accessDenied, internal, throttled, validation } from './aws-error';
import { toAwsError } from './to-aws-error';
import type { Operation, OperationRequest } from './operation';
import { RateLimiter } from './rate-limiter';
import { Router } from './router';
import { clientToken as validClientToken } from './validate';
import { TooLargeError, readBounded } from '../../util/read-bounded';

const DEFAULT_MAX_BODY = 1024 * 1024;

export interface HandlerOptions {
  /** When set, only requests signed with one of these access key ids are served. */
  allowedAccessKeyIds?: string[];
  /** Sustained requests per second before ThrottlingException (burst: twice that). */
  requestsPerSecond?: number;
}

/** The engine's HTTP entry point: routing, bodies, idempotency, and AWS-shaped errors. */
export function createEngineHandler(operations: Operation[], engine: EngineContext, options: HandlerOptions = {}): RequestListener {
  const router = new Router(operations);
  const limiter = options.requestsPerSecond ? new RateLimiter(options.requestsPerSecond, options.requestsPerSecond * 2) : null;

  return (req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-amzn-requestid', requestId);
    serve(req, res).catch((error: unknown) => {
      let answer = toAwsError(error);
      if (!answer) {
        engine.log(`request ${requestId} failed`, error);
        answer = internal();
      }
      drain(req);
      sendError(res, answer);
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://engine');
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match === null || match === 'method') {
      throw new AwsError('UnknownOperationException', match === null ? 404 : 405, `No operation at ${req.method} ${url.pathname}.`);
    }
    checkAccess(req, options.allowedAccessKeyIds);
    if (limiter) {
      const wait = limiter.take();
      if (wait > 0) throw throttled('Rate exceeded.', Math.ceil(wait));
    }
    const { operation, params } = match;
    const body = await readBody(req, operation.maxBodyBytes ?? DEFAULT_MAX_BODY);
    const request: OperationRequest = { params, query: url.searchParams, headers: req.headers, body, json: operation.rawBody ? {} : parseJson(body) };
    const { status, payload } = operation.idempotent ? runIdempotent(operation, request, engine) : { status: operation.successStatus, payload: JSON.stringify(await operation.handle(request, engine)) };
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  }
}

/**
 * Same token and same input: the first answer again, without acting twice.
 * Same token, other input: ConflictException, as the API reference says.
 */
function runIdempotent(operation: Extract<Operation, { idempotent: true }>, req: OperationRequest, engine: EngineContext): { status: number; payload: string } {
  const token = validClientToken(headerValue(req.headers['x-amzn-client-token']));
  if (!token) return { status: operation.successStatus, payload: JSON.stringify(engine.db.transaction(() => operation.handle(req, engine))()) };
  const hash = createHash('sha256').update(JSON.stringify([operation.name, req.params, req.query.toString()])).update(req.body).digest('hex');
  return engine.db.transaction(() => {
    const now = engine.now();
    const remembered = engine.stores.clientTokens.find(operation.name, token, now);
    if (remembered) {
      if (remembered.request_hash !== hash) {
        throw new AwsError('ConflictException', 409, `Client token ${token} was already used with different parameters.`, {
          ResourceId: token,
          ResourceType: conflictResourceType(operation.name),
        });
      }
      return { status: remembered.status, payload: remembered.body };
    }
    const payload = JSON.stringify(operation.handle(req, engine));
    engine.stores.clientTokens.remember(operation.name, token, { request_hash: hash, status: operation.successStatus, body: payload }, now);
    return { status: operation.successStatus, payload };
  })();
}

function conflictResourceType(operation: string): string {
  if (operation.includes('Dataset')) return 'DATASET';
  if (operation.includes('Model')) return 'MODEL';
  return 'PROJECT';
}

function checkAccess(req: IncomingMessage, allowed: string[] | undefined): void {
  if (!allowed || allowed.length === 0) return;
  const auth = headerValue(req.headers.authorization) ?? '';
  const keyId = /Credential=([^/,\s]+)\//.exec(auth)?.[1];
  if (!keyId || !allowed.includes(keyId)) throw accessDenied('The request is not signed with an access key this engine accepts.');
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => validation(`The request body exceeds ${maxBytes} bytes.`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  try {
    return await readBounded(req, maxBytes);
  } catch (error) {
    throw error instanceof TooLargeError ? tooLarge() : error;
  }
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw validation('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw validation('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

function sendError(res: ServerResponse, error: AwsError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ message: error.message, ...error.fields });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': error.type,
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = error.retryAfterSeconds;
  res.writeHead(error.status, headers);
  res.end(body);
}

/** Lets an unread request body flow away so the connection can be reused. */
function drain(req: IncomingMessage): void {
  if (!req.complete) req.resume();
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
