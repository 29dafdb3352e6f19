import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ArrivingBytes, TooLargeError, grownCapacity, readBounded, readPrefix } from '../src/util/read-bounded';

/** A stream of `bytes` in chunks of `chunk` bytes, as a socket or busboy delivers them. */
function chunked(bytes: Buffer, chunk: number): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) parts.push(bytes.subarray(at, at + chunk));
  return Readable.from(parts, { objectMode: false });
}

describe('reading a stream into one buffer', () => {
  const bytes = randomBytes(300_000);

  it('answers the bytes as they came, with or without a bound to size the buffer by, and one too small', async () => {
    for (const expectedBytes of [undefined, bytes.length, bytes.length + 100, 10_000, 1]) {
      for (const chunk of [1000, 65_536, bytes.length]) {
        const read = await readBounded(chunked(bytes, chunk), 1_000_000, { expectedBytes });
        expect(read.equals(bytes)).toBe(true);
      }
    }
  });

  it('keeps no large unused room: a generous bound is copied down to what came', async () => {
    const read = await readBounded(chunked(bytes, 65_536), 10_000_000, { expectedBytes: 5_000_000 });
    expect(read.equals(bytes)).toBe(true);
    expect(read.buffer.byteLength).toBeLessThan(bytes.length * 1.2);
    const small = await readBounded(chunked(Buffer.from('tiny'), 2), 1000);
    expect(small.toString()).toBe('tiny');
    expect(small.buffer.byteLength).toBeLessThan(65_536);
  });

  it('trusts a declared length only once an eighth of it has come: a client that declares much and sends little holds little', () => {
    const eightMiB = 8 * 2 ** 20;
    expect(grownCapacity(70_000, 65_536, eightMiB, eightMiB)).toBe(131_072);
    expect(grownCapacity(eightMiB / 8, 2 ** 20, eightMiB, eightMiB)).toBe(eightMiB);
    expect(grownCapacity(300_000, 262_144, 10 * eightMiB, 310_000)).toBe(310_000);
    // Past a length that was too small, doubling again; never past the limit.
    expect(grownCapacity(320_000, 310_000, 400_000, 310_000)).toBe(400_000);
    expect(grownCapacity(300_000, 262_144, 400_000)).toBe(400_000);
  });

  it('takes chunks that are plain Uint8Arrays', async () => {
    const parts = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])];
    expect([...(await readBounded(Readable.from(parts), 100, { expectedBytes: 5 }))]).toEqual([1, 2, 3, 4, 5]);
  });

  it('feeds a hash every byte on the way', async () => {
    const hash = createHash('sha256');
    await readBounded(chunked(bytes, 4096), 1_000_000, { hash });
    expect(hash.digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('answers an empty stream with no bytes', async () => {
    expect((await readBounded(chunked(Buffer.alloc(0), 1), 1000, { expectedBytes: 500 })).length).toBe(0);
  });

  it('refuses past the limit, exactly at it, whatever the bound says, and lets the rest flow away', async () => {
    expect((await readBounded(chunked(bytes, 1000), bytes.length)).length).toBe(bytes.length);
    for (const expectedBytes of [undefined, bytes.length * 2]) {
      const stream = chunked(bytes, 1000);
      await expect(readBounded(stream, bytes.length - 1, { expectedBytes })).rejects.toBeInstanceOf(TooLargeError);
      await new Promise((resolve) => stream.once('end', resolve).once('close', resolve));
      expect(stream.readableEnded).toBe(true);
    }
  });

  it('rejects with the stream error when the stream fails', async () => {
    const stream = new PassThrough();
    const read = readBounded(stream, 1000);
    stream.write(Buffer.from('part'));
    stream.destroy(new Error('connection reset'));
    await expect(read).rejects.toThrow('connection reset');
  });
});

describe('bytes passed on while they arrive', () => {
  const collect = (stream: Readable) =>
    new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.once('end', () => resolve(Buffer.concat(parts)));
      stream.once('error', reject);
    });

  it('replays every byte from the first, to readers that start before, during and after the arrival, through the buffer growing', async () => {
    const bytes = randomBytes(400_000);
    const source = new PassThrough();
    const arriving = new ArrivingBytes(source, 1_000_000, { expectedBytes: 500_000 });
    const early = collect(arriving.replay());
    source.write(bytes.subarray(0, 100_000));
    expect((await arriving.atLeast(8)).subarray(0, 8).equals(bytes.subarray(0, 8))).toBe(true);
    const during = arriving.replay();
    const duringBytes = collect(during);
    // 65 KiB first, then grown: the bytes already replayed must not change under the readers.
    for (let at = 100_000; at < bytes.length; at += 30_000) source.write(bytes.subarray(at, at + 30_000));
    source.end();
    expect((await early).equals(bytes)).toBe(true);
    expect((await duringBytes).equals(bytes)).toBe(true);
    expect(during.bytesPushed).toBe(bytes.length);
    expect((await collect(arriving.replay())).equals(bytes)).toBe(true);
    expect((await arriving.whole).equals(bytes)).toBe(true);
  });

  it('holds the bytes as arrived only once the stream has ended within the limit', async () => {
    const source = new PassThrough();
    const arriving = new ArrivingBytes(source, 10);
    source.write(Buffer.from([1, 2, 3]));
    await arriving.atLeast(3);
    expect(arriving.wholeIfArrived).toBeUndefined();
    source.end(Buffer.from([4]));
    expect([...(await arriving.whole)]).toEqual([1, 2, 3, 4]);
    expect(arriving.wholeIfArrived).toBe(await arriving.whole);
    const tooLarge = new ArrivingBytes(chunked(Buffer.alloc(20), 5), 10);
    await expect(tooLarge.whole).rejects.toThrow(TooLargeError);
    expect(tooLarge.wholeIfArrived).toBeUndefined();
  });

  it('answers atLeast with what came when the stream ends short of it', async () => {
    const arriving = new ArrivingBytes(chunked(Buffer.from([1, 2, 3]), 1), 100);
    expect([...(await arriving.atLeast(8))]).toEqual([1, 2, 3]);
    expect((await new ArrivingBytes(chunked(Buffer.alloc(0), 1), 100).atLeast(8)).length).toBe(0);
  });

  it('fails every reader, and aborts its signal, when the source fails or passes the limit', async () => {
    const cut = new PassThrough();
    const arriving = new ArrivingBytes(cut, 1000);
    const replay = collect(arriving.replay());
    cut.write(Buffer.alloc(10));
    await arriving.atLeast(10);
    cut.destroy(new Error('connection reset'));
    await expect(replay).rejects.toThrow('connection reset');
    await expect(arriving.whole).rejects.toThrow('connection reset');
    await expect(arriving.atLeast(100)).rejects.toThrow('connection reset');
    expect(arriving.failed.aborted).toBe(true);

    const big = new PassThrough();
    const over = new ArrivingBytes(big, 1000);
    const overReplay = collect(over.replay());
    big.end(Buffer.alloc(1001));
    await expect(overReplay).rejects.toBeInstanceOf(TooLargeError);
    await expect(over.whole).rejects.toBeInstanceOf(TooLargeError);
    expect(over.failed.reason).toBeInstanceOf(TooLargeError);
  });
});

describe("a stream's first bytes", () => {
  const bytes = randomBytes(300_000);

  it('answers exactly the first bytes asked for and stops reading there: the stream is destroyed', async () => {
    const stream = chunked(bytes, 65_536);
    const head = await readPrefix(stream, 100_000);
    expect(head.equals(bytes.subarray(0, 100_000))).toBe(true);
    expect(stream.destroyed).toBe(true);
    expect(stream.readableEnded).toBe(false);
  });

  it('answers the whole stream when it ends before that many bytes, and an empty one with none', async () => {
    expect((await readPrefix(chunked(bytes, 65_536), 1_000_000)).equals(bytes)).toBe(true);
    expect((await readPrefix(chunked(bytes, 1000), bytes.length)).equals(bytes)).toBe(true);
    expect((await readPrefix(Readable.from([], { objectMode: false }), 10)).length).toBe(0);
  });

  it('rejects with the stream error, or when the stream is closed before its end', async () => {
    const failing = new PassThrough();
    const read = readPrefix(failing, 100);
    failing.write(Buffer.alloc(10));
    failing.destroy(new Error('connection reset'));
    await expect(read).rejects.toThrow('connection reset');
    const closed = new PassThrough();
    const cut = readPrefix(closed, 100);
    closed.write(Buffer.alloc(10));
    closed.destroy();
    await expect(cut).rejects.toThrow(/closed before its end/);
  });
});
