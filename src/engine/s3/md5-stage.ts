import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Passes bytes through, counting them and computing their MD5 (an ETag) on the way. */
export class Md5Stage extends Transform {
  size = 0;
  private readonly hash = createHash('md5');

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += data.length;
    this.hash.update(data);
    done(null, data);
  }

  /** The MD5 in hex, once the stream has ended. */
  hex(): string {
    return this.hash.digest('hex');
  }
}
