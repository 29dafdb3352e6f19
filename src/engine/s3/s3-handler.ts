import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { EngineContext } from '../engine-context';
import { refuseBrowserRequests } from '../http/browser-guard';
import { incomingSignedRequest, isPresigned, type SignatureClaim, type SigV4Verifier } from '../http/sigv4-verifier';
import type { TokenBucket } from '../../util/token-bucket';
import { EndpointHosts } from './endpoint-hosts';
import { S3Call } from './s3-call';
import { internalError, invalidRequest, slowDown } from './s3-error';
import { sendS3Error } from './s3-response';
import { routeS3 } from './s3-router';
import { parseTarget } from './s3-target';
import { toS3Error } from './to-s3-error';

/** The signing name in an S3 request's credential scope. */
const SIGNING_SERVICE = 's3';

export interface S3HandlerOptions {
  /** The Lookout API's verifier (the same credentials), or null to serve unsigned requests. */
  verifier: SigV4Verifier | null;
  /** The Lookout API's rate limit, shared: one engine, one budget. */
  limiter: TokenBucket | null;
  hostNames: readonly string[];
}

/**
 * The S3 API's entry point: the request's target (path or virtual-hosted
 * style), the same checks as the Lookout API — browser guard, signature
 * (S3's rules: the declared payload hash, chunk signatures as the body
 * streams), rate limit — then the operation, and S3's XML errors with
 * `x-amz-request-id`.
 */
export function createS3Handler(engine: EngineContext, options: S3HandlerOptions): RequestListener {
  const hosts = new EndpointHosts(options.hostNames);
  const { verifier, limiter } = options;

  return (req, res) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    const disconnected = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) disconnected.abort();
    });
    serve(req, res).catch((error: unknown) => {
      if (disconnected.signal.aborted) return; // the client is gone: nothing to answer, and not a failure of ours
      let answer = toS3Error(error);
      if (!answer) {
        engine.log(`S3 request ${requestId} failed`, error);
        answer = internalError();
      }
      // A body not read (refused from the headers, or cut off by an error
      // mid-upload) is not read now either: the connection closes instead.
      if (!req.complete) res.setHeader('connection', 'close');
      sendS3Error(res, answer, requestId, resourceOf(req), req.method === 'HEAD');
      if (!req.complete) req.pause();
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const signed = incomingSignedRequest(req);
    const host = hosts.resolve(req.headers.host);
    // A virtual-hosted name is loopback when the engine's own part of it is (`bucket.localhost`).
    refuseBrowserRequests({ ...req.headers, host: host.endpointHost }, verifier === null);
    // Before the target is parsed: an unauthenticated caller learns nothing, not even which buckets exist.
    let claim: SignatureClaim | null = null;
    const now = new Date(engine.now() * 1000);
    if (verifier && isPresigned(signed)) {
      // A presigned URL's payload is unsigned: no chunk chain follows from its signature.
      await verifier.checkPresigned(signed, now, SIGNING_SERVICE);
    } else if (verifier) {
      claim = verifier.checkHeaders(signed, now, SIGNING_SERVICE);
      // S3 requires the payload's declaration; the signature must cover it.
      if (req.headers['x-amz-content-sha256'] === undefined) throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
      await verifier.checkSignature(claim, signed, undefined, { declaredPayload: true });
    }
    if (limiter && limiter.take() > 0) throw slowDown();
    const target = parseTarget(signed.path, signed.query, host.bucket);
    const operation = routeS3(req.method ?? 'GET', target, req.headers['x-amz-copy-source'] !== undefined);
    await operation.run(new S3Call(req, res, target, engine.s3Storage, engine.region, claim));
  }
}

/** The path named in an error (`<Resource>`), without the query, which may hold a presigned signature. */
function resourceOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0].slice(0, 1024);
}
