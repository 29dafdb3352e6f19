import type { Hash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** The stream carried more than the limit; the rest was let flow away. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

export interface ReadOptions {
  /** At most this many bytes are expected (a hint: more or fewer may come). */
  expectedBytes?: number;
  /** Fed every byte read, while within the limit. */
  hash?: Hash;
}

/** Where a buffer starts when nothing says how much will come. */
const FIRST_CAPACITY = 64 * 1024;
/** The share of the expected bytes that must have come before the buffer grows to all of them. */
const EXPECTED_SHARE = 8;
/** Unused room a buffer may keep at the end; with more it is copied down to size. */
const SLACK = 4096;

/**
 * Collects a stream into one buffer, rejecting with TooLargeError past
 * `maxBytes`. Plain listeners rather than `for await`: leaving that loop early
 * destroys the stream, which cuts an HTTP request off before its answer (and
 * stalls a busboy file stream). Past the limit the stream keeps flowing into
 * the void instead.
 *
 * Each chunk is copied into the one buffer as it arrives, so it is garbage at
 * once: keeping the chunks to join them at the end held every upload twice
 * (uploads' peak memory, BENCHMARKS.md). The buffer doubles as it fills,
 * never past `maxBytes`; when the caller knows how many bytes will come at
 * most (`expectedBytes`, from a request's Content-Length), it grows to that
 * at once when an eighth of it has come, saving the copies of doubling. Not
 * before: the length is the client's word, and one that declares much and
 * sends little holds at most eight times what it sent. A `hash` is fed each
 * chunk as it comes, while it is in the cache, rather than the whole buffer
 * afterwards.
 */
export function readBounded(stream: Readable, maxBytes: number, { expectedBytes, hash }: ReadOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const expected = expectedBytes !== undefined && expectedBytes > 0 ? Math.min(expectedBytes, maxBytes) : undefined;
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes, expected ?? FIRST_CAPACITY, FIRST_CAPACITY));
    let size = 0;
    let over = false;
    stream.on('data', (chunk: Uint8Array) => {
      if (over) return;
      if (size + chunk.length > maxBytes) {
        over = true;
        buffer = Buffer.alloc(0);
        reject(new TooLargeError(maxBytes));
        return;
      }
      if (size + chunk.length > buffer.length) {
        const grown = Buffer.allocUnsafe(grownCapacity(size + chunk.length, buffer.length, maxBytes, expected));
        buffer.copy(grown, 0, 0, size);
        buffer = grown;
      }
      // set, not copy: a stream may carry plain Uint8Arrays.
      buffer.set(chunk, size);
      size += chunk.length;
      hash?.update(chunk);
    });
    stream.once('end', () => (over ? reject(new TooLargeError(maxBytes)) : resolve(fitted(buffer, size))));
    stream.once('error', reject);
  });
}

/**
 * The room for `needed` bytes: all the `expected` bytes once an eighth of
 * them has come, else double the `current` room (up to `maxBytes`).
 */
export function grownCapacity(needed: number, current: number, maxBytes: number, expected?: number): number {
  if (expected !== undefined && needed <= expected && needed * EXPECTED_SHARE >= expected) return expected;
  return Math.min(maxBytes, Math.max(needed, current * 2));
}

/**
 * The first `size` bytes. A view keeps its whole allocation alive, so a
 * buffer much larger than what came (the bound of a request with several
 * files, met by the first; the first capacity, for a small stream) is copied
 * down to size.
 */
function fitted(buffer: Buffer, size: number): Buffer {
  if (buffer.length - size <= Math.max(SLACK, size / 8)) return buffer.subarray(0, size);
  return Buffer.from(buffer.subarray(0, size));
}
