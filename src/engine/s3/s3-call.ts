import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SignatureClaim } from '../http/sigv4-verifier';
import { RequestPayload, payloadModeOf, type PayloadMode } from './request-payload';
import type { S3Storage } from './s3-storage';
import type { S3Target } from './s3-target';

/** Request bodies that are XML documents (DeleteObjects of 1,000 keys, CompleteMultipartUpload of 10,000 parts) stay below this. */
const MAX_XML_BODY_BYTES = 2 * 1024 * 1024;

/** One S3 request as an operation sees it. */
export class S3Call {
  private readonly mode: PayloadMode;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly target: S3Target,
    readonly storage: S3Storage,
    readonly region: string,
    claim: SignatureClaim | null,
  ) {
    this.mode = payloadModeOf(req.headers, claim);
  }

  get query(): URLSearchParams {
    return this.target.query;
  }

  /** The bucket, which the router has made sure the request names. */
  get bucket(): string {
    return this.target.bucket!;
  }

  /** The key, which the router has made sure the request names. */
  get key(): string {
    return this.target.key!;
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  }

  /** The body as the object's bytes, checked against every digest declared (request-payload.ts). */
  payload(limit: { bytes: number; name: string }): RequestPayload {
    return new RequestPayload(this.req, this.mode, limit);
  }

  /** A small body read whole (an XML document), verified like any other. */
  async smallBody(): Promise<Buffer> {
    const payload = this.payload({ bytes: MAX_XML_BODY_BYTES, name: 'the XML body limit' });
    const chunks: Buffer[] = [];
    await pipeline([
      payload.source,
      ...payload.stages,
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          chunks.push(chunk);
          done();
        },
      }),
    ]);
    payload.verify();
    return Buffer.concat(chunks);
  }
}
