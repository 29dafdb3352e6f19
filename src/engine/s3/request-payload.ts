import { createHash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { SignatureClaim } from '../http/sigv4-verifier';
import { AwsChunkedDecoder } from './aws-chunked-decoder';
import { ChunkSignatureChain } from './chunk-signature';
import { algorithmOfHeader, checksumHeaderName, createChecksum, type Checksum, type ChecksumAlgorithm } from './checksums';
import { S3Error, badDigest, entityTooLarge, invalidArgument, invalidRequest } from './s3-error';

/**
 * What `x-amz-content-sha256` says the body is: its SHA-256 (checked as it
 * streams), not hashed at all, or `aws-chunked` (chunks signed one by one,
 * or unsigned with a checksum trailer).
 */
export type PayloadMode =
  | { kind: 'sha256'; hex: string }
  | { kind: 'unsigned' }
  | { kind: 'chunked'; chain: ChunkSignatureChain | null };

const STREAMING_SIGNED = new Set(['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER']);

/**
 * The body's mode. A signed request must declare one (S3 requires the
 * header, and the signature covers it); an unsigned one (an engine without
 * credentials) may leave it out. Without credentials chunk signatures
 * cannot be checked and are only parsed.
 */
export function payloadModeOf(headers: IncomingHttpHeaders, claim: SignatureClaim | null): PayloadMode {
  const declared = single(headers['x-amz-content-sha256']);
  const chunkedEncoding = (single(headers['content-encoding']) ?? '').split(',').some((c) => c.trim() === 'aws-chunked');
  if (declared === undefined) {
    if (claim) throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
    return chunkedEncoding ? { kind: 'chunked', chain: null } : { kind: 'unsigned' };
  }
  if (/^[0-9a-f]{64}$/.test(declared)) return { kind: 'sha256', hex: declared };
  if (declared === 'UNSIGNED-PAYLOAD') return { kind: 'unsigned' };
  if (declared === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') return { kind: 'chunked', chain: null };
  if (STREAMING_SIGNED.has(declared)) return { kind: 'chunked', chain: claim ? new ChunkSignatureChain(claim) : null };
  throw invalidArgument('x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING- mode, or a valid sha256 value.', 'x-amz-content-sha256', declared.slice(0, 100));
}

/** What a body turned out to be once it was read and checked. */
export interface PayloadDigest {
  size: number;
  md5: Buffer;
  /** The flexible checksum the client sent and the engine verified, to echo back. */
  checksum?: { algorithm: ChecksumAlgorithm; base64: string };
}

/**
 * A request body as the object's bytes: the stages to pipe it through
 * (aws-chunked decoding, then hashing and counting), and `verify()` to call
 * once they have ended, which checks every digest the client declared —
 * `x-amz-content-sha256`, `Content-MD5`, an `x-amz-checksum-*` header or
 * trailer, `x-amz-decoded-content-length` — before anything is committed.
 */
export class RequestPayload {
  readonly source: Readable;
  readonly stages: Transform[];
  private readonly decoder: AwsChunkedDecoder | null;
  private readonly digests: DigestStage;
  private readonly declaredChecksum: DeclaredChecksum | undefined;
  private readonly expectedMd5: Buffer | undefined;
  private readonly decodedLength: number | undefined;

  constructor(
    req: IncomingMessage,
    private readonly mode: PayloadMode,
    limit: { bytes: number; name: string },
  ) {
    const headers = req.headers;
    const declaredSize = mode.kind === 'chunked' ? single(headers['x-amz-decoded-content-length']) : headers['content-length'];
    // Refused from the headers, before a byte of an oversized body is read.
    if (declaredSize !== undefined && Number(declaredSize) > limit.bytes) throw entityTooLarge(limit.bytes, limit.name);
    this.decodedLength = mode.kind === 'chunked' && declaredSize !== undefined ? Number(declaredSize) : undefined;
    this.declaredChecksum = declaredChecksumOf(headers, mode);
    this.expectedMd5 = contentMd5Of(headers);
    this.decoder = mode.kind === 'chunked' ? new AwsChunkedDecoder(mode.chain) : null;
    this.digests = new DigestStage(limit, mode.kind === 'sha256', this.declaredChecksum ? createChecksum(this.declaredChecksum.algorithm) : null);
    this.source = req;
    this.stages = this.decoder ? [this.decoder, this.digests] : [this.digests];
  }

  /** Every declared digest against the bytes that passed; throws the S3 error for the first that differs. */
  verify(): PayloadDigest {
    const { size, md5, sha256, checksum } = this.digests.result();
    if (this.decodedLength !== undefined && this.decodedLength !== size) {
      throw new S3Error('IncompleteBody', 400, 'You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header.');
    }
    if (this.mode.kind === 'sha256' && sha256 !== this.mode.hex) {
      throw new S3Error('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    if (this.expectedMd5 && !this.expectedMd5.equals(md5)) throw badDigest('Content-MD5');
    if (!this.declaredChecksum || !checksum) return { size, md5 };
    const { algorithm, header, value } = this.declaredChecksum;
    const expected = value ?? this.decoder?.trailers.get(header);
    if (expected === undefined) throw invalidRequest(`The trailer ${header} that x-amz-trailer announced was not sent.`);
    const base64 = checksum.toString('base64');
    if (expected.trim() !== base64) throw badDigest(algorithm);
    return { size, md5, checksum: { algorithm, base64 } };
  }
}

interface DeclaredChecksum {
  algorithm: ChecksumAlgorithm;
  header: string;
  /** The value of a checksum header; undefined for one that comes as a trailer. */
  value?: string;
}

/**
 * The checksum the client declared: in a header (`x-amz-checksum-crc32: ...`)
 * or, for an aws-chunked body, announced by `x-amz-trailer` and sent after it.
 */
function declaredChecksumOf(headers: IncomingHttpHeaders, mode: PayloadMode): DeclaredChecksum | undefined {
  const trailer = single(headers['x-amz-trailer'])?.trim().toLowerCase();
  if (trailer !== undefined && trailer !== '') {
    if (mode.kind !== 'chunked') throw invalidRequest('x-amz-trailer needs an aws-chunked body.');
    const algorithm = algorithmOfHeader(trailer);
    if (!algorithm) throw invalidRequest(`The trailer ${trailer.slice(0, 100)} is not a checksum this engine verifies (CRC32, CRC32C, SHA1, SHA256).`);
    return { algorithm, header: trailer };
  }
  for (const name of Object.keys(headers)) {
    const algorithm = algorithmOfHeader(name);
    if (algorithm) return { algorithm, header: checksumHeaderName(algorithm), value: single(headers[name]) };
  }
  return undefined;
}

function contentMd5Of(headers: IncomingHttpHeaders): Buffer | undefined {
  const value = single(headers['content-md5']);
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== value.trim()) throw new S3Error('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.');
  return bytes;
}

/** Hashes and counts the object's bytes as they pass; past the limit, the upload fails. */
class DigestStage extends Transform {
  private size = 0;
  private readonly md5 = createHash('md5');
  private readonly sha256: Hash | null;

  constructor(
    private readonly limit: { bytes: number; name: string },
    hashSha256: boolean,
    private readonly checksum: Checksum | null,
  ) {
    super();
    this.sha256 = hashSha256 ? createHash('sha256') : null;
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += data.length;
    if (this.size > this.limit.bytes) {
      done(entityTooLarge(this.limit.bytes, this.limit.name));
      return;
    }
    this.md5.update(data);
    this.sha256?.update(data);
    this.checksum?.update(data);
    done(null, data);
  }

  result(): { size: number; md5: Buffer; sha256?: string; checksum?: Buffer } {
    return { size: this.size, md5: this.md5.digest(), sha256: this.sha256?.digest('hex'), checksum: this.checksum?.digest() };
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
