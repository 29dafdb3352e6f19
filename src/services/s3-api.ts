import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GraphQLError } from 'graphql';
import type { Readable } from 'node:stream';
import { TooLargeError, readBounded, readPrefix } from '../util/read-bounded';
import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';
import { withPayloadHash } from './known-payload-hash';
import type { UpstreamTimeouts } from './lookout-api';
import { fromS3Error } from './s3-errors';

export interface S3ObjectRef {
  bucket: string;
  key: string;
  /** The object in the caller's words, for errors ("the evaluation result of ..."). */
  what: string;
}

/**
 * The gateway's S3 calls, over the client it is given (configured like the
 * Lookout client: src/server/s3-client.ts). Every failure leaves here as a
 * coded GraphQL error; every call has a deadline (the Lookout calls' read or
 * change deadline), every read a size bound.
 */
export class S3Api {
  constructor(
    private readonly client: S3Client,
    private readonly timeouts: Pick<UpstreamTimeouts, 'readMs' | 'changeMs'>,
  ) {}

  /** The object's bytes; refused past `maxBytes`, from its length before reading when S3 tells it. */
  async read(object: S3ObjectRef, maxBytes: number): Promise<Buffer> {
    const tooLarge = () => gatewayError(ErrorCode.UPSTREAM_ERROR, `S3 has ${object.what} larger than the ${maxBytes} bytes the gateway reads.`);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }), this.deadline('readMs'));
      const body = out.Body as Readable | undefined;
      if ((out.ContentLength ?? 0) > maxBytes) {
        body?.destroy();
        throw tooLarge();
      }
      return body ? await readBounded(body, maxBytes, { expectedBytes: out.ContentLength }) : Buffer.alloc(0);
    } catch (error) {
      if (error instanceof TooLargeError) throw tooLarge();
      if (error instanceof GraphQLError) throw error;
      throw fromS3Error(error, object.what, 'read');
    }
  }

  /**
   * The object's first `bytes` bytes at most (a ranged GetObject), for what an
   * object's header says (an image's size) without moving the whole object.
   * A range served is read to its end, so the connection goes back to the
   * pool; a store that ignores the range and sends it all is read only that
   * far, and that connection is closed.
   */
  async readHead(object: S3ObjectRef, bytes: number): Promise<Buffer> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key, Range: `bytes=0-${bytes - 1}` }), this.deadline('readMs'));
      const body = out.Body as Readable | undefined;
      if (!body) return Buffer.alloc(0);
      if (out.ContentLength !== undefined && out.ContentLength <= bytes) return await readBounded(body, bytes, { expectedBytes: out.ContentLength });
      return await readPrefix(body, bytes);
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      // An empty object has no range to serve (416, InvalidRange).
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if ((error as { name?: string }).name === 'InvalidRange' || status === 416) return Buffer.alloc(0);
      throw fromS3Error(error, object.what, 'read');
    }
  }

  /**
   * Puts the object, replacing one of that key. `sha256Hex`, the body's
   * SHA-256 when the caller has worked it out already, is signed as the
   * payload hash instead of the signer hashing the body again.
   */
  async write(object: S3ObjectRef, body: Buffer, contentType: string, sha256Hex?: string): Promise<void> {
    try {
      const command = new PutObjectCommand({ Bucket: object.bucket, Key: object.key, Body: body, ContentType: contentType });
      await this.client.send(withPayloadHash(command, sha256Hex), this.deadline('changeMs'));
    } catch (error) {
      throw fromS3Error(error, object.what, 'write');
    }
  }

  /** Creates the bucket unless it exists (the embedded engine's bucket of the gateway; never a bucket on AWS). */
  async ensureBucket(bucket: string): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }), this.deadline('readMs'));
      return;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw fromS3Error(error, `the bucket ${bucket}`, 'read');
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: bucket }), this.deadline('changeMs'));
    } catch (error) {
      // Another request made it meanwhile.
      if ((error as { name?: string }).name === 'BucketAlreadyOwnedByYou') return;
      throw fromS3Error(error, `the bucket ${bucket}`, 'write');
    }
  }

  /** Deletes the objects, one DeleteObject each (every S3-compatible store has it); a key already gone is no failure. */
  async remove(bucket: string, keys: string[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), this.deadline('changeMs'));
      } catch (error) {
        throw fromS3Error(error, `the object ${key}`, 'delete');
      }
    }
  }

  private deadline(kind: 'readMs' | 'changeMs'): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.timeouts[kind]) };
  }
}
