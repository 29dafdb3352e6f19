import { createHash, timingSafeEqual } from 'node:crypto';
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
  /** S3 lets a client sign `x-amz-content-sha256: UNSIGNED-PAYLOAD` instead of the body's hash. */
  allowUnsignedPayload?: boolean;
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

  /** Recomputes the signature over method, path, query, the signed headers and the body. */
  async checkSignature(claim: SignatureClaim, request: IncomingSignedRequest, body: Uint8Array, options: PayloadOptions = {}): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of claim.signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) throw new SignatureRejected('mismatch', MISMATCH);
      // SigV4 joins a repeated header's trimmed values with commas.
      headers[name] = Array.isArray(value) ? value.map((v) => v.trim()).join(',') : value;
    }
    // When the client signs x-amz-content-sha256, the signature covers that
    // header rather than the body, so the header must be the body's hash.
    const declaredHash = headers['x-amz-content-sha256'];
    if (declaredHash !== undefined && declaredHash !== sha256Hex(body) && !(declaredHash === 'UNSIGNED-PAYLOAD' && options.allowUnsignedPayload)) {
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

function formatAmzDate(date: Date): string {
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
