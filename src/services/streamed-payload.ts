import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { getAwsChunkedEncodingStream } from '@smithy/util-stream';
import { DetectAnomaliesCommand, type DetectAnomaliesCommandInput, type DetectAnomaliesCommandOutput } from '@aws-sdk/client-lookoutvision';
import type { Checksum, FinalizeHandler, FinalizeHandlerArguments, HashConstructor, MiddlewareStack } from '@smithy/types';
import { AWS_CHUNKED, STREAMED_PAYLOADS_HEADER, STREAMING_UNSIGNED_TRAILER } from '../lookout/streamed-payload';

let learners = 0;

/**
 * Whether the endpoint takes a detection's image aws-chunked
 * (src/lookout/streamed-payload.ts), as its latest answer said: learned from
 * every successful call's response headers, so a gateway pointed at this
 * project's engine streams from its first status poll on, and one pointed
 * at AWS (or at an engine that stops saying so) sends each image whole, with
 * its SHA-256, as Lookout requires.
 */
export class StreamedPayloads {
  private accepted = false;
  private readonly name = `streamedPayloadsLearned${++learners}`;

  constructor(private readonly stack: MiddlewareStack<object, object>) {
    stack.add(
      (next) => async (args) => {
        const result = await next(args);
        const headers = (result.response as { headers?: Record<string, string | undefined> }).headers;
        if (headers) this.accepted = headers[STREAMED_PAYLOADS_HEADER]?.split(',').some((p) => p.trim() === AWS_CHUNKED) === true;
        return result;
      },
      { step: 'deserialize', name: this.name },
    );
  }

  get available(): boolean {
    return this.accepted;
  }

  /** Takes the learning middleware off the client again (at gateway stop: tests build several gateways over one client). */
  detach(): void {
    this.stack.remove(this.name);
  }
}

/** An image that can be read again from its first byte, while it is still arriving too (ArrivingBytes). */
export interface ReplayableImage {
  replay(): Readable;
}

/**
 * DetectAnomalies with `image` sent aws-chunked, read again from the first
 * byte for each attempt: the SDK retries throttling and network errors, but
 * never a body that is a stream (it cannot rewind one), so the command's
 * own Body is the image object, not a stream (the metrics read its size from
 * it), and the stream is made by a middleware after the retries. No Content-Length (the image
 * may still be arriving: Node sends the request chunked); the bytes are
 * covered by a CRC32 trailer the engine checks, the headers, the payload
 * mode included, by the signature, which follows. A body that fails does not
 * end the call: abort it (LookoutApi aborts it when the upload fails).
 */
export function streamedDetectAnomalies(input: Omit<DetectAnomaliesCommandInput, 'Body'>, image: ReplayableImage): DetectAnomaliesCommand {
  const command = new DetectAnomaliesCommand({ ...input, Body: image as unknown as Uint8Array });
  command.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<DetectAnomaliesCommandInput, DetectAnomaliesCommandOutput>) => (args: FinalizeHandlerArguments<DetectAnomaliesCommandInput>) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (!request.headers) return next(args);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (name.toLowerCase() !== 'content-length') headers[name] = value;
      headers['content-encoding'] = AWS_CHUNKED;
      headers['x-amz-content-sha256'] = STREAMING_UNSIGNED_TRAILER;
      headers['x-amz-trailer'] = TRAILER;
      const body = getAwsChunkedEncodingStream(image.replay(), {
        base64Encoder: (bytes) => Buffer.from(bytes).toString('base64'),
        bodyLengthChecker: (chunk: Uint8Array) => chunk.byteLength,
        checksumAlgorithmFn: TrailerChecksum,
        checksumLocationName: TRAILER,
        streamHasher: checksumOfStream,
      });
      // The SDK pipes the body into the request, and pipe() passes no error on.
      body.once('error', () => {});
      // A copy: the retry strategy looks at the request it holds, and would not retry one whose body is a stream.
      return next({ ...args, request: { ...request, headers, body } });
    },
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'streamedPayload' },
  );
  return command;
}

/** zlib's CRC32 (Node 20.15 on): native speed on every byte; SHA-256 where Node lacks it (the engine verifies either). */
const CRC32 = typeof zlib.crc32 === 'function';
const TRAILER = CRC32 ? 'x-amz-checksum-crc32' : 'x-amz-checksum-sha256';

class TrailerChecksum implements Checksum {
  private crc = 0;
  private sha256 = CRC32 ? null : createHash('sha256');

  update(data: Uint8Array): void {
    if (this.sha256) this.sha256.update(data);
    else this.crc = zlib.crc32(data, this.crc);
  }

  async digest(): Promise<Uint8Array> {
    if (this.sha256) return this.sha256.digest();
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(this.crc >>> 0);
    return bytes;
  }

  reset(): void {
    this.crc = 0;
    this.sha256 = CRC32 ? null : createHash('sha256');
  }
}

/** The checksum of everything the stream carries, read beside the encoder (which paces the stream). */
function checksumOfStream(Algorithm: HashConstructor, stream: Readable): Promise<Uint8Array> {
  const checksum = new Algorithm();
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Uint8Array) => checksum.update(chunk));
    stream.once('end', () => resolve(checksum.digest()));
    stream.once('error', reject);
  });
}
