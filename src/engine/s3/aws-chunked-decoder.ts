import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { ChunkSignatureChain } from './chunk-signature';
import { S3Error } from './s3-error';

/** Longer than any chunk header or trailer line a client writes; past it the body is refused rather than buffered. */
const MAX_LINE_BYTES = 4096;
const CHUNK_HEADER = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/;
const CRLF = Buffer.from('\r\n');

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * Decodes an `aws-chunked` body (content-encoding the AWS SDKs and CLIs use
 * for streaming uploads) into the object's bytes, as they arrive, holding at
 * most one header line:
 *
 *     <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=<sig>]\r\n
 *     [<trailer name>:<value>\r\n ...][x-amz-trailer-signature:<sig>\r\n]\r\n
 *
 * With a signature chain every chunk's signature is verified as the chunk
 * ends, and the trailer's when it ends; a failure errors the stream, so the
 * object being written is never committed. The trailers (a checksum) are in
 * `trailers` once the stream has ended.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private state: State = 'size';
  private line = Buffer.alloc(0);
  private remaining = 0;
  private chunkSignature = '';
  private chunkHash: Hash | null = null;
  private trailerSignature: string | undefined;
  private canonicalTrailer = '';

  constructor(private readonly chain: ChunkSignatureChain | null) {
    super();
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(data);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    // The JS SDK ends a body with no trailer right after `0\r\n`; anything else unfinished is a cut body.
    const endedAfterLastChunk = this.state === 'trailer' && this.line.length === 0 && this.trailers.size === 0 && !this.chain;
    done(this.state === 'done' || endedAfterLastChunk ? undefined : incomplete());
  }

  private consume(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      switch (this.state) {
        case 'data': {
          const take = Math.min(this.remaining, data.length - offset);
          const piece = data.subarray(offset, offset + take);
          this.chunkHash?.update(piece);
          this.push(piece);
          this.remaining -= take;
          offset += take;
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end': {
          // The CRLF after a chunk's data may itself arrive split.
          const take = Math.min(CRLF.length - this.line.length, data.length - offset);
          this.line = Buffer.concat([this.line, data.subarray(offset, offset + take)]);
          offset += take;
          if (this.line.length === CRLF.length) {
            if (!this.line.equals(CRLF)) throw malformed('a chunk is longer than its declared size');
            this.line = Buffer.alloc(0);
            this.endChunk();
            this.state = 'size';
          }
          break;
        }
        case 'done':
          throw malformed('bytes follow the end of the body');
        default:
          offset = this.readLine(data, offset);
      }
    }
  }

  /** Collects a header or trailer line; returns where reading stopped. */
  private readLine(data: Buffer, offset: number): number {
    const end = data.indexOf(0x0a, offset);
    const piece = data.subarray(offset, end < 0 ? data.length : end + 1);
    if (this.line.length + piece.length > MAX_LINE_BYTES) throw malformed('a chunk header or trailer line is too long');
    this.line = Buffer.concat([this.line, piece]);
    if (end < 0) return data.length;
    const text = this.line.toString('latin1');
    this.line = Buffer.alloc(0);
    if (!text.endsWith('\r\n')) throw malformed('lines must end with CRLF');
    const line = text.slice(0, -2);
    if (this.state === 'size') this.startChunk(line);
    else this.trailerLine(line);
    return end + 1;
  }

  private startChunk(line: string): void {
    const match = CHUNK_HEADER.exec(line);
    if (!match) throw malformed('a chunk header is not <hex size>[;chunk-signature=<signature>]');
    if (this.chain && match[2] === undefined) throw malformed('a chunk has no signature');
    this.remaining = parseInt(match[1], 16);
    this.chunkSignature = match[2] ?? '';
    this.chunkHash = this.chain ? createHash('sha256') : null;
    if (this.remaining > 0) {
      this.state = 'data';
      return;
    }
    this.endChunk();
    this.state = 'trailer';
  }

  private endChunk(): void {
    if (this.chain && this.chunkHash && !this.chain.verifyChunk(this.chunkHash.digest(), this.chunkSignature)) throw chunkSignatureMismatch();
  }

  private trailerLine(line: string): void {
    if (line === '') {
      if (this.chain && this.trailers.size > 0) {
        if (this.trailerSignature === undefined || !this.chain.verifyTrailer(this.canonicalTrailer, this.trailerSignature)) throw chunkSignatureMismatch();
      }
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed('a trailer is not <name>:<value>');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.trailerSignature = value;
      return;
    }
    if (this.trailers.size >= 8) throw malformed('too many trailers');
    this.trailers.set(name, value);
    this.canonicalTrailer += `${name}:${value}\n`;
  }
}

const malformed = (why: string) => new S3Error('InvalidRequest', 400, `The aws-chunked request body is malformed: ${why}.`);
const incomplete = () => new S3Error('IncompleteBody', 400, 'The request body ended before its aws-chunked encoding did.');
const chunkSignatureMismatch = () =>
  new S3Error('SignatureDoesNotMatch', 403, 'The chunk signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
