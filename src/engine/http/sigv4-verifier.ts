import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, QueryParameterBag } from '@smithy/types';
import { Sha256Checksum } from './sha256-checksum';

/** A request as it arrived, before anything was decoded or normalised. */
export interface IncomingSignedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  path: string;
  /** The query string exactly as sent, without the `?`. */
  query: string;
  /** Lower-case names; a repeated header as an array (Node's `headersDistinct`). */
  headers: Record<string, string | string[] | undefined>;
}

/** What the Authorization header claims, checked as far as it can be without the body. */
export interface SignatureClaim {
  accessKeyId: string;
  region: string;
  service: string;
  readonly secret: string;
  readonly signedHeaders: string[];
  readonly signature: string;
  readonly signingDate: Date;
}

export type RejectionReason = 'missing' | 'malformed' | 'expired' | 'wrong-service' | 'unknown-key' | 'mismatch';

/**
 * A refused signature. The message is the one AWS gives for the reason, so a
 * caller learns no more than AWS would tell it; `reason` lets another API on
 * the same port (S3 answers with its own error codes) choose its error type.
 */
export class SignatureRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
  }
}

export interface PayloadOptions {
  /**
   * S3's rule: the signature covers the payload as `x-amz-content-sha256`
   * declares it (the body's hash, `UNSIGNED-PAYLOAD` or a `STREAMING-` mode),
   * a header the client must sign; no body is passed, and the caller checks
   * the body against the declaration as it streams (s3/request-payload.ts).
   */
  declaredPayload?: boolean;
}

/** The request exactly as it arrived, for the signature: the raw path and query, every header value. */
export function incomingSignedRequest(req: IncomingMessage): IncomingSignedRequest {
  const target = req.url ?? '/';
  const question = target.indexOf('?');
  return {
    method: req.method ?? 'GET',
    path: question < 0 ? target : target.slice(0, question),
    query: question < 0 ? '' : target.slice(question + 1),
    headers: req.headersDistinct,
  };
}

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MALFORMED = "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters, and an X-Amz-Date header it signs.";

/**
 * Verifies AWS Signature Version 4 (the Authorization header form) by
 * recomputing the signature with `@smithy/signature-v4` — the signer the AWS
 * SDK itself uses — over the request as received, and comparing in constant
 * time. Two steps, so that a request with no or an unknown credential is
 * refused before its body is read: `checkHeaders`, then `checkSignature` with
 * the body.
 */
export class SigV4Verifier {
  constructor(private readonly secrets: ReadonlyMap<string, string>) {}

  /** Everything the headers alone can show: the header's form, the request time, the service, the key id. */
  checkHeaders(request: IncomingSignedRequest, now: Date, expectedService: string): SignatureClaim {
    if (request.headers.authorization === undefined) throw new SignatureRejected('missing', 'Missing Authentication Token');
    const authorization = single(request.headers.authorization);
    const parsed = authorization ? parseAuthorization(authorization) : null;
    const amzDate = single(request.headers['x-amz-date']) ?? '';
    const signingDate = parseAmzDate(amzDate);
    if (!parsed || !signingDate || parsed.scopeDate !== amzDate.slice(0, 8) || !parsed.signedHeaders.includes('x-amz-date')) {
      throw new SignatureRejected('malformed', MALFORMED);
    }
    checkClock(amzDate, signingDate, now);
    if (parsed.service !== expectedService) {
      throw new SignatureRejected('wrong-service', `Credential should be scoped to correct service: '${expectedService}'.`);
    }
    const secret = this.secrets.get(parsed.accessKeyId);
    if (secret === undefined) throw new SignatureRejected('unknown-key', 'The security token included in the request is invalid.');
    return { ...parsed, secret, signingDate };
  }

  /** A presigned URL's signature, wholly in its query (S3 only; the payload is unsigned). */
  checkPresigned(request: IncomingSignedRequest, now: Date, expectedService: string): Promise<SignatureClaim> {
    return verifyPresigned(this.secrets, request, now, expectedService);
  }

  /** Recomputes the signature over method, path, query, the signed headers and the body. */
  async checkSignature(claim: SignatureClaim, request: IncomingSignedRequest, body: Uint8Array | undefined, options: PayloadOptions = {}): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of claim.signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) throw new SignatureRejected('mismatch', MISMATCH);
      // SigV4 joins a repeated header's trimmed values with commas.
      headers[name] = Array.isArray(value) ? value.map((v) => v.trim()).join(',') : value;
    }
    // When the client signs x-amz-content-sha256, the signature covers that
    // header rather than the body, so the header must be the body's hash
    // (or, for S3, be checked against the body by the caller).
    const declaredHash = headers['x-amz-content-sha256'];
    if (options.declaredPayload ? declaredHash === undefined : declaredHash !== undefined && declaredHash !== sha256Hex(body ?? new Uint8Array())) {
      throw new SignatureRejected('mismatch', MISMATCH);
    }
    const query = parseQuery(request.query);
    if (!query) throw new SignatureRejected('mismatch', MISMATCH);

    const signer = new SignatureV4({
      credentials: { accessKeyId: claim.accessKeyId, secretAccessKey: claim.secret },
      region: claim.region,
      service: claim.service,
      sha256: Sha256Checksum,
      // Clients sign the path as they send it (percent-encoded once), and every
      // service but S3 encodes it once more for the canonical request: the
      // SDK's `signingEscapePath`, botocore's quote() of the encoded path.
      uriEscapePath: claim.service !== 's3',
      // Add no x-amz-content-sha256 of our own: only the headers the client signed take part.
      applyChecksum: false,
    });
    const unsigned: HttpRequest = { method: request.method, protocol: 'http:', hostname: 'engine', path: request.path, query, headers, body };
    const signed = await signer.sign(unsigned, { signingDate: claim.signingDate, signableHeaders: new Set(claim.signedHeaders) });
    const expected = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))?.[1];
    if (!expected || !timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(claim.signature, 'hex'))) {
      throw new SignatureRejected('mismatch', MISMATCH);
    }
  }
}

/** The query parameters of a presigned URL's signature; the rest of the query is signed like any request's. */
const PRESIGNED_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];
/** SigV4's longest validity for a presigned URL: seven days. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;

/** Whether a request carries a presigned URL's signature (query-string authentication). */
export function isPresigned(request: IncomingSignedRequest): boolean {
  return /(?:^|&)X-Amz-Algorithm=/.test(request.query);
}

/**
 * Verifies a presigned URL, as S3 clients make them (`aws s3 presign`, the
 * SDK's presigner): the credential, date, validity and signature are query
 * parameters, and the payload is unsigned. Refused as a header signature
 * would be, and once `X-Amz-Expires` seconds have passed.
 */
async function verifyPresigned(secrets: ReadonlyMap<string, string>, request: IncomingSignedRequest, now: Date, expectedService: string): Promise<SignatureClaim> {
  const query = parseQuery(request.query);
  const param = (name: string) => {
    const value = query?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  const scope = (param('X-Amz-Credential') ?? '').split('/');
  const amzDate = param('X-Amz-Date') ?? '';
  const signingDate = parseAmzDate(amzDate);
  const expires = Number(param('X-Amz-Expires'));
  const signedHeaders = (param('X-Amz-SignedHeaders') ?? '').split(';');
  const signature = param('X-Amz-Signature') ?? '';
  if (
    !query ||
    param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    scope.length !== 5 ||
    scope[4] !== 'aws4_request' ||
    !signingDate ||
    scope[1] !== amzDate.slice(0, 8) ||
    !/^\d{1,6}$/.test(param('X-Amz-Expires') ?? '') ||
    expires < 1 ||
    expires > MAX_PRESIGNED_SECONDS ||
    !signedHeaders.includes('host') ||
    !signedHeaders.every((h) => /^[a-z0-9-]+$/.test(h)) ||
    !/^[0-9a-f]{64}$/.test(signature)
  ) {
    throw new SignatureRejected('malformed', 'Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature parameters.');
  }
  if (signingDate.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) checkClock(amzDate, signingDate, now);
  if (now.getTime() > signingDate.getTime() + expires * 1000) throw new SignatureRejected('expired', 'Request has expired');
  const [accessKeyId, , region, service] = scope;
  if (service !== expectedService) throw new SignatureRejected('wrong-service', `Credential should be scoped to correct service: '${expectedService}'.`);
  if (param('X-Amz-Security-Token') !== undefined) throw new SignatureRejected('unknown-key', 'The provided token is malformed or otherwise invalid.');
  const secret = secrets.get(accessKeyId);
  if (secret === undefined) throw new SignatureRejected('unknown-key', 'The security token included in the request is invalid.');

  const headers: Record<string, string> = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw new SignatureRejected('mismatch', MISMATCH);
    headers[name] = Array.isArray(value) ? value.map((v) => v.trim()).join(',') : value;
  }
  const rest: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of Object.entries(query)) if (!PRESIGNED_PARAMS.includes(name) && value !== null) rest[name] = value;
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey: secret }, region, service, sha256: Sha256Checksum, uriEscapePath: service !== 's3', applyChecksum: false });
  const presigned = await signer.presign(
    { method: request.method, protocol: 'http:', hostname: 'engine', path: request.path, query: rest, headers },
    {
      signingDate,
      expiresIn: expires,
      signableHeaders: new Set(signedHeaders),
      // The payload line of the canonical request, not a header of it; and no signed header is moved into the query.
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set([...signedHeaders, 'x-amz-content-sha256']),
    },
  );
  const expected = String(presigned.query?.['X-Amz-Signature']);
  if (!/^[0-9a-f]{64}$/.test(expected) || !timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature, 'hex'))) {
    throw new SignatureRejected('mismatch', MISMATCH);
  }
  return { accessKeyId, region, service, secret, signedHeaders, signature, signingDate };
}

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** `AWS4-HMAC-SHA256 Credential=ID/YYYYMMDD/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`, or null. */
function parseAuthorization(header: string): ParsedAuthorization | null {
  const match = /^AWS4-HMAC-SHA256\s+(.+)$/.exec(header.trim());
  if (!match) return null;
  const fields = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const scope = (fields.get('Credential') ?? '').split('/');
  const signedHeaders = fields.get('SignedHeaders') ?? '';
  const signature = fields.get('Signature') ?? '';
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !scope[0] || !/^\d{8}$/.test(scope[1]) || !/^[a-z0-9-]+$/.test(scope[2]) || !/^[a-z0-9-]+$/.test(scope[3])) {
    return null;
  }
  if (!/^[a-z0-9-]+(;[a-z0-9-]+)*$/.test(signedHeaders) || !/^[0-9a-f]{64}$/.test(signature)) return null;
  const [accessKeyId, scopeDate, region, service] = scope;
  return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** `20240131T235959Z` as a Date, or null when it is not exactly that form of a real instant. */
function parseAmzDate(value: string): Date | null {
  const m = AMZ_DATE.exec(value);
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return formatAmzDate(date) === value ? date : null;
}

export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** AWS refuses a request time more than 15 minutes from its own clock, with these words. */
function checkClock(amzDate: string, signingDate: Date, now: Date): void {
  const skew = signingDate.getTime() - now.getTime();
  if (skew < -MAX_CLOCK_SKEW_MS) {
    const limit = formatAmzDate(new Date(now.getTime() - MAX_CLOCK_SKEW_MS));
    throw new SignatureRejected('expired', `Signature expired: ${amzDate} is now earlier than ${limit} (${formatAmzDate(now)} - 15 min.)`);
  }
  if (skew > MAX_CLOCK_SKEW_MS) {
    const limit = formatAmzDate(new Date(now.getTime() + MAX_CLOCK_SKEW_MS));
    throw new SignatureRejected('expired', `Signature not yet current: ${amzDate} is still later than ${limit} (${formatAmzDate(now)} + 15 min.)`);
  }
}

/**
 * The query as the signer wants it: decoded names and values, a repeated key
 * (`tagKeys=a&tagKeys=b`) as an array. `+` stays `+`: clients encode a space
 * as %20, and the signer re-encodes whatever it is given.
 */
function parseQuery(raw: string): QueryParameterBag | null {
  // No prototype: a key named __proto__ must stay a key.
  const query: Record<string, string | string[]> = Object.create(null);
  try {
    for (const pair of raw.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
      const previous = query[key];
      query[key] = previous === undefined ? value : [previous, value].flat();
    }
  } catch {
    return null;
  }
  return query;
}

function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}
