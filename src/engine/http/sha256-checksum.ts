import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { Checksum, SourceData } from '@smithy/types';

/**
 * SHA-256 (or, given a secret, HMAC-SHA256) from node:crypto in the shape
 * `@smithy/signature-v4` expects. Written here rather than taken from
 * `@smithy/hash-node`, which is deprecated in favour of `@smithy/core/serde`:
 * one more direct dependency to pin for what these few lines do.
 */
export class Sha256Checksum implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = Sha256Checksum.start(secret);
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = Sha256Checksum.start(this.secret);
  }

  private static start(secret?: SourceData): Hash | Hmac {
    return secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
}

function toBytes(data: SourceData): Buffer | string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
