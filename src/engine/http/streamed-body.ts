import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AWS_CHUNKED, STREAMING_SIGNED_PAYLOAD, STREAMING_UNSIGNED_TRAILER } from '../../lookout/streamed-payload';
import { ArrivingBytes, TooLargeError } from '../../util/read-bounded';
import { AwsChunkedDecoder } from '../s3/aws-chunked-decoder';
import { algorithmOfHeader, createChecksum } from '../s3/checksums';
import { payloadModeOf } from '../s3/request-payload';
import { S3Error } from '../s3/s3-error';
import { AwsError, accessDenied, validation } from './aws-error';
import type { SignatureClaim } from './sigv4-verifier';

/** Whether a body declares itself aws-chunked (`x-amz-content-sha256: STREAMING-...`). */
export function isStreamedBody(req: IncomingMessage): boolean {
  return single(req.headers['x-amz-content-sha256'])?.startsWith('STREAMING-') === true;
}

/**
 * The image of a DetectAnomalies sent aws-chunked (src/lookout/streamed-payload.ts),
 * decoded as it arrives, with S3's rules for that encoding. With credentials
 * the chunks must be signed, each signature checked as its chunk ends: the
 * chain covers the bytes as the request's signature (checked by the caller
 * before a byte is read) covers the headers, `x-amz-content-sha256` among
 * them. Unlike S3 an unsigned stream with a checksum trailer is refused then,
 * as a plain UNSIGNED-PAYLOAD is: a checksum anyone can compute would let a
 * captured request carry another image. Without credentials (local
 * development) an unsigned stream is taken, with a checksum trailer, which is
 * checked. Failures are Lookout's errors: a signature that does not match is
 * AccessDeniedException, any other fault of the body ValidationException.
 */
export async function readStreamedBody(req: IncomingMessage, claim: SignatureClaim | null, maxBytes: number): Promise<Buffer> {
  const headers = req.headers;
  const encodings = (single(headers['content-encoding']) ?? '').split(',').map((e) => e.trim());
  if (!encodings.includes(AWS_CHUNKED)) throw validation(`A STREAMING- payload must be sent with Content-Encoding: ${AWS_CHUNKED}.`);
  const mode = lookoutErrors(() => payloadModeOf(headers, claim));
  if (mode.kind !== 'chunked') throw validation('x-amz-content-sha256 does not name a streaming payload.');
  // With credentials the image must be signed, as a whole image must be: a checksum is no signature.
  if (claim && !mode.chain) throw accessDenied(`An image sent aws-chunked must have its chunks signed (${STREAMING_SIGNED_PAYLOAD}).`);
  const trailer = single(headers['x-amz-trailer'])?.trim().toLowerCase() || undefined;
  const algorithm = trailer === undefined ? undefined : algorithmOfHeader(trailer);
  if (trailer !== undefined && !algorithm) throw validation(`The trailer ${trailer.slice(0, 100)} is not a checksum this engine verifies (CRC32, CRC32C, SHA1, SHA256).`);
  if (!algorithm && single(headers['x-amz-content-sha256']) === STREAMING_UNSIGNED_TRAILER) {
    throw validation(`${STREAMING_UNSIGNED_TRAILER} needs a checksum trailer (x-amz-trailer), or nothing would cover the image's bytes.`);
  }
  const declaredLength = single(headers['x-amz-decoded-content-length']);
  const decodedLength = declaredLength === undefined ? undefined : Number(declaredLength);
  if (decodedLength !== undefined && !(Number.isSafeInteger(decodedLength) && decodedLength >= 0)) throw validation('x-amz-decoded-content-length is not a byte count.');
  if (decodedLength !== undefined && decodedLength > maxBytes) throw tooLarge(maxBytes);

  const decoder = new AwsChunkedDecoder(mode.chain);
  const checksum = algorithm ? createChecksum(algorithm) : undefined;
  const image = new ArrivingBytes(decoder, maxBytes, { expectedBytes: decodedLength, hash: checksum });
  try {
    await Promise.all([pipeline(req, decoder), image.whole]);
  } catch (error) {
    if (error instanceof TooLargeError) throw tooLarge(maxBytes);
    throw toLookoutError(error);
  }
  const bytes = await image.whole;
  if (decodedLength !== undefined && bytes.length !== decodedLength) {
    throw validation('The image is not the number of bytes x-amz-decoded-content-length says.');
  }
  if (checksum && trailer) {
    const sent = decoder.trailers.get(trailer);
    if (sent === undefined) throw validation(`The trailer ${trailer} that x-amz-trailer announced was not sent.`);
    if (sent !== checksum.digest().toString('base64')) throw validation(`The image's ${algorithm} is not the one its ${trailer} trailer says: it was changed or cut on the way.`);
  }
  return bytes;
}

function tooLarge(maxBytes: number): AwsError {
  return validation(`The request body exceeds ${maxBytes} bytes.`);
}

function lookoutErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw toLookoutError(error);
  }
}

/** The decoder's and S3's rules raise S3's errors; Lookout's clients expect Lookout's. */
function toLookoutError(error: unknown): unknown {
  if (!(error instanceof S3Error)) return error;
  return error.status === 403 ? accessDenied(error.message) : validation(error.message);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
