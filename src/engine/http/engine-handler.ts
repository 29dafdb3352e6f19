import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { EngineContext } from '../engine-context';
import { AfterCommitEffects } from './after-commit';
import { AwsError, accessDenied, internal, throttled, validation } from './aws-error';
import { refuseBrowserRequests } from './browser-guard';
import { requireJsonContentType } from './content-type';
import { toAwsError } from './to-aws-error';
import type { Operation, OperationRequest } from './operation';
import { TokenBucket } from '../../util/token-bucket';
import { Router } from './router';
import { SignatureRejected, SigV4Verifier, incomingSignedRequest, type IncomingSignedRequest, type SignatureClaim } from './sigv4-verifier';
import { isS3Request } from '../s3/s3-dispatch';
import { createS3Handler } from '../s3/s3-handler';
import { clientToken as validClientToken } from './validate';
import { TooLargeError, readBounded } from '../../util/read-bounded';
import { AWS_CHUNKED, STREAMED_PAYLOADS_HEADER } from '../../lookout/streamed-payload';
import { isStreamedBody, readStreamedBody } from './streamed-body';

const DEFAULT_MAX_BODY = 1024 * 1024;

/** The signing name in a Lookout request's credential scope. */
const SIGNING_SERVICE = 'lookoutvision';

export interface HandlerOptions {
  /**
   * Access key id -> secret access key. When set, every request must carry a
   * valid SigV4 signature by one of them. When absent nothing is checked, for
   * local development (the CLI then listens on loopback only).
   */
  credentials?: ReadonlyMap<string, string>;
  /** Sustained requests per second before ThrottlingException (burst: twice that). */
  requestsPerSecond?: number;
  /**
   * Names clients reach the engine by besides `localhost` (its listen
   * address, a proxy's name): `Host: <bucket>.<name>` is a virtual-hosted-style
   * S3 request (s3/endpoint-hosts.ts).
   */
  hostNames?: readonly string[];
}

/**
 * The engine's HTTP entry point: routing, bodies, idempotency, and AWS-shaped
 * errors. One port serves both APIs: S3 requests (s3/s3-dispatch.ts) go to
 * the S3 handler, with the same credentials, rate limit and browser guard.
 */
export function createEngineHandler(operations: Operation[], engine: EngineContext, options: HandlerOptions = {}): RequestListener {
  const router = new Router(operations);
  const limiter = options.requestsPerSecond ? new TokenBucket(options.requestsPerSecond, options.requestsPerSecond * 2) : null;
  const verifier = options.credentials ? new SigV4Verifier(options.credentials) : null;
  const s3 = createS3Handler(engine, { verifier, limiter, hostNames: options.hostNames ?? [] });

  return (req, res) => {
    if (isS3Request(req)) {
      s3(req, res);
      return;
    }
    const requestId = randomUUID();
    res.setHeader('x-amzn-requestid', requestId);
    res.setHeader(STREAMED_PAYLOADS_HEADER, AWS_CHUNKED);
    const disconnected = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) disconnected.abort();
    });
    serve(req, res, disconnected.signal).catch((error: unknown) => {
      if (disconnected.signal.aborted) return; // the client is gone: nothing to answer, and not a failure of ours
      let answer = toAwsError(error);
      if (!answer) {
        engine.log(`request ${requestId} failed`, error);
        answer = internal();
      }
      // A request refused before its body was read is not read at all: the
      // connection closes instead, so an unauthenticated caller cannot make
      // the engine take in an arbitrary body.
      if (res.getHeader('connection') === 'close') req.pause();
      else drain(req);
      sendError(res, answer);
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    // Before routing: with credentials, an unauthenticated caller learns nothing, not even which paths exist.
    const signed = incomingSignedRequest(req);
    const claim = authenticate(req, res, signed);
    // The path as sent, not a URL's pathname: WHATWG URL parsing resolves `..` and `%2e%2e`
    // segments and reads `\` as `/` and `//host/...` as a host, so `.../detect/%2e%2e/stop`
    // would route to StopModel (and its signature covers another path than the one routed).
    const match = router.match(req.method ?? 'GET', signed.path);
    if (match === null || match === 'method') {
      throw new AwsError('UnknownOperationException', match === null ? 404 : 405, `No operation at ${req.method} ${signed.path.slice(0, 200)}.`);
    }
    const { operation, params } = match;
    if (!operation.rawBody) requireJsonContentType(req.headers);
    if (limiter) {
      const wait = limiter.take();
      if (wait > 0) throw throttled('Rate exceeded.', Math.ceil(wait));
    }
    const maxBytes = operation.maxBodyBytes ?? DEFAULT_MAX_BODY;
    let body: Buffer;
    if (operation.rawBody && isStreamedBody(req)) {
      // The signature covers the declared payload mode, checked before a byte is read; the chunks as they come.
      if (verifier && claim) await verifier.checkSignature(claim, signed, undefined, { declaredPayload: true }).catch(denyRejected);
      body = await readStreamedBody(req, claim, maxBytes);
    } else {
      body = await readBody(req, maxBytes);
      if (verifier && claim) await verifier.checkSignature(claim, signed, body).catch(denyRejected);
    }
    const effects = new AfterCommitEffects();
    const json = operation.rawBody ? {} : parseJson(body);
    const request: OperationRequest = { params, query: new URLSearchParams(signed.query), headers: req.headers, body, json, signal, afterCommit: effects.add };
    const { status, payload } = operation.idempotent ? runIdempotent(operation, request, engine) : { status: operation.successStatus, payload: JSON.stringify(await operation.handle(request, engine)) };
    // Reached only when the transaction committed (runIdempotent throws on a rollback).
    effects.runAll(engine.log);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  }

  /** What the headers alone can show. A refusal here closes the connection rather than read the body. */
  function authenticate(req: IncomingMessage, res: ServerResponse, signed: IncomingSignedRequest): SignatureClaim | null {
    try {
      refuseBrowserRequests(req.headers, verifier === null);
      return verifier?.checkHeaders(signed, new Date(engine.now() * 1000), SIGNING_SERVICE) ?? null;
    } catch (error) {
      res.setHeader('connection', 'close');
      return denyRejected(error);
    }
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
  if (operation.includes('PackagingJob')) return 'MODEL_PACKAGE_JOB';
  if (operation.includes('Dataset')) return 'DATASET';
  if (operation.includes('Model')) return 'MODEL';
  return 'PROJECT';
}

function denyRejected(error: unknown): never {
  throw error instanceof SignatureRejected ? accessDenied(error.message) : error;
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
