import { Readable } from 'node:stream';

/** The stream carried more than the limit; the rest was let flow away. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

export interface ReadOptions {
  /** At most this many bytes are expected (a hint: more or fewer may come). */
  expectedBytes?: number;
  /** Fed every byte read, while within the limit (a Hash, or any running checksum). */
  hash?: { update(data: Uint8Array): unknown };
}

/** Where a buffer starts when nothing says how much will come. */
const FIRST_CAPACITY = 64 * 1024;
/** The share of the expected bytes that must have come before the buffer grows to all of them. */
const EXPECTED_SHARE = 8;
/** Unused room a buffer may keep at the end; with more it is copied down to size. */
const SLACK = 4096;

/**
 * Collects a stream into one buffer, rejecting with TooLargeError past
 * `maxBytes` (see ArrivingBytes).
 */
export function readBounded(stream: Readable, maxBytes: number, options: ReadOptions = {}): Promise<Buffer> {
  return new ArrivingBytes(stream, maxBytes, options).whole;
}

/**
 * The stream's first `count` bytes, or all of them if it ends sooner. Once
 * they have come the stream is destroyed: the rest is never read.
 */
export function readPrefix(stream: Readable, count: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, Math.min(size, count)));
    };
    stream.on('data', (chunk: Uint8Array) => {
      if (settled) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size < count) return;
      finish();
      stream.destroy();
    });
    stream.once('end', finish);
    stream.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    stream.once('close', () => {
      if (settled) return;
      settled = true;
      reject(new Error('the stream closed before its end'));
    });
  });
}

/**
 * A stream's bytes collected into one buffer as they arrive, bounded by
 * `maxBytes`; `whole` settles when the stream has ended, and meanwhile
 * `atLeast` and `replay` hand out what has come so far, so a reader can act
 * on the first bytes, or pass them on, before the last have arrived.
 *
 * Plain listeners rather than `for await`: leaving that loop early destroys
 * the stream, which cuts an HTTP request off before its answer (and stalls a
 * busboy file stream). Past the limit the stream keeps flowing into the void
 * instead.
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
export class ArrivingBytes {
  /** All the bytes once the stream has ended within the limit; TooLargeError past it, the stream's error if it fails. */
  readonly whole: Promise<Buffer>;
  /** Aborted, with the reason `whole` rejects with, when the bytes stop short. */
  readonly failed: AbortSignal;
  private buffer: Buffer;
  private size = 0;
  /** When the last byte came (`performance.now()`); undefined until the stream has ended within the limit. */
  private endedAt: number | undefined;
  private failure: Error | null = null;
  /** Readers waiting for more bytes, the end or a failure. */
  private readonly waiting = new Set<() => void>();

  constructor(stream: Readable, maxBytes: number, { expectedBytes, hash }: ReadOptions = {}) {
    const expected = expectedBytes !== undefined && expectedBytes > 0 ? Math.min(expectedBytes, maxBytes) : undefined;
    const failure = new AbortController();
    this.failed = failure.signal;
    this.buffer = Buffer.allocUnsafe(Math.min(maxBytes, expected ?? FIRST_CAPACITY, FIRST_CAPACITY));
    this.whole = new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        if (this.failure || this.endedAt !== undefined) return;
        this.failure = error;
        this.buffer = Buffer.alloc(0);
        failure.abort(error);
        reject(error);
        this.wake();
      };
      stream.on('data', (chunk: Uint8Array) => {
        if (this.failure) return;
        if (this.size + chunk.length > maxBytes) return fail(new TooLargeError(maxBytes));
        if (this.size + chunk.length > this.buffer.length) {
          const grown = Buffer.allocUnsafe(grownCapacity(this.size + chunk.length, this.buffer.length, maxBytes, expected));
          this.buffer.copy(grown, 0, 0, this.size);
          this.buffer = grown;
        }
        // set, not copy: a stream may carry plain Uint8Arrays.
        this.buffer.set(chunk, this.size);
        this.size += chunk.length;
        hash?.update(chunk);
        this.wake();
      });
      stream.once('end', () => {
        if (this.failure) return;
        this.endedAt = performance.now();
        // The fitted copy, if one is made, replaces the larger buffer (replays under way keep that alive until they end).
        this.buffer = fitted(this.buffer, this.size);
        resolve(this.buffer);
        this.wake();
      });
      stream.once('error', fail);
      // A stream destroyed without an error emits neither `end` nor `error`; its bytes stopped short all the same.
      stream.once('close', () => {
        fail(new Error('the stream closed before its end'));
      });
    });
    // A caller may only ever read through atLeast or replay.
    this.whole.catch(() => {});
  }

  /** When the last byte came (`performance.now()`), once the stream has ended within the limit. */
  get arrivedAt(): number | undefined {
    return this.endedAt;
  }

  /** All the bytes, once the stream has ended within the limit (what `whole` resolves with); undefined before. */
  get wholeIfArrived(): Buffer | undefined {
    return this.endedAt !== undefined && !this.failure ? this.buffer : undefined;
  }

  /** How many bytes have come so far (all of them once `whole` has settled). */
  get received(): number {
    return this.size;
  }

  /** The bytes so far once there are at least `count` of them, or all of them if the stream ends with fewer. */
  atLeast(count: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) return reject(this.failure);
        if (this.size >= count || this.endedAt !== undefined) return resolve(this.buffer.subarray(0, this.size));
        this.waiting.add(check);
      };
      check();
    });
  }

  /**
   * A new stream of the bytes from the first: those already here at once,
   * the rest as they arrive; it ends with the source and fails with it. Its
   * chunks are views of the buffer, never copied: the bytes already written
   * are never written again (a grown buffer is a new one, and the old stays
   * alive as long as a view of it).
   */
  replay(): ReplayedBytes {
    const replay = new ReplayedBytes(() => pump(), () => this.waiting.delete(pump));
    const pump = () => {
      this.waiting.delete(pump);
      if (this.failure) return void replay.destroy(this.failure);
      if (replay.bytesPushed < this.size) {
        const piece = this.buffer.subarray(replay.bytesPushed, this.size);
        replay.bytesPushed = this.size;
        return void replay.push(piece);
      }
      if (this.endedAt !== undefined) return void replay.push(null);
      this.waiting.add(pump);
    };
    return replay;
  }

  private wake(): void {
    if (this.waiting.size === 0) return;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const resume of waiting) resume();
  }
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

/** ArrivingBytes' bytes once more, from the first; `bytesPushed` counts what it has handed on. */
export class ReplayedBytes extends Readable {
  bytesPushed = 0;

  constructor(
    private readonly more: () => void,
    private readonly stop: () => void,
  ) {
    super();
  }

  override _read(): void {
    this.more();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.stop();
    done(error);
  }
}
