import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeadline } from '../../src/engine/datasets/deadline';
import { manifestLines } from '../../src/engine/datasets/manifest-lines';
import { ObjectReader } from '../../src/engine/datasets/object-reader';
import { S3Mapping } from '../../src/engine/s3-mapping';
import { tempDataDir } from '../support/engine-harness';

/*
 * The local S3 area as an import reads it: what ObjectReader refuses before
 * reading a byte, and the streaming pieces it is read with.
 */

const dataDir = tempDataDir('lookout-objects-');
const outside = tempDataDir('lookout-outside-');
const bucket = join(dataDir, 's3', 'bucket');
const reader = new ObjectReader(new S3Mapping(dataDir), 2_000);
const LIMIT = { bytes: 1024, name: 'maxImageBytes' };
const at = (key: string) => ({ bucket: 'bucket', key });
let socketServer: Server;

beforeAll(async () => {
  mkdirSync(join(bucket, 'folder'), { recursive: true });
  writeFileSync(join(bucket, 'small.bin'), 'hello');
  writeFileSync(join(outside, 'secret.txt'), 'not yours');
  symlinkSync(join(outside, 'secret.txt'), join(bucket, 'escape.bin'));
  symlinkSync(outside, join(bucket, 'escape-folder'));
  symlinkSync(join(bucket, 'small.bin'), join(bucket, 'alias.bin'));
  symlinkSync(join(bucket, 'nowhere.bin'), join(bucket, 'dangling.bin'));
  execFileSync('mkfifo', [join(bucket, 'pipe.bin')]);
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(bucket, 'socket.bin'), resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => socketServer.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('ObjectReader', () => {
  it('reads a regular file, and one reached by a symbolic link inside the store', async () => {
    expect((await reader.read(at('small.bin'), LIMIT)).toString()).toBe('hello');
    expect((await reader.read(at('alias.bin'), LIMIT)).toString()).toBe('hello');
  });

  it.each([
    ['a FIFO', 'pipe.bin', /pipe\.bin is a FIFO, not a regular file/],
    ['a socket', 'socket.bin', /is a socket, not a regular file/],
    ['a directory', 'folder', /is a directory, not a regular file/],
    ['a missing file', 'none.bin', /none\.bin does not exist/],
    ['a dangling link', 'dangling.bin', /dangling\.bin does not exist/],
    ['a link to a file outside the store', 'escape.bin', /escape\.bin is a symbolic link to a file outside the object store/],
    ['a file under a linked folder outside the store', 'escape-folder/secret.txt', /outside the object store/],
  ])('refuses %s at once', async (_what, key, message) => {
    const started = performance.now();
    await expect(reader.read(at(key), LIMIT)).rejects.toThrow(message);
    await expect(collect(reader.chunks(at(key), LIMIT))).rejects.toThrow(message);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a file over the limit from its size, without reading it', async () => {
    // Sparse: 1.5 GB that takes no disk, and would take 1.5 GB of memory if read.
    writeFileSync(join(bucket, 'huge.bin'), '');
    truncateSync(join(bucket, 'huge.bin'), 1.5 * 1024 ** 3);
    const rssBefore = process.memoryUsage().rss;
    await expect(reader.read(at('huge.bin'), LIMIT)).rejects.toThrow(/huge\.bin is 1610612736 bytes, over the limit of 1024 bytes \(maxImageBytes\)/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it('streams a file in chunks that add up to it', async () => {
    writeFileSync(join(bucket, 'big.bin'), Buffer.alloc(200_000, 7));
    const chunks = await collect(reader.chunks(at('big.bin'), { bytes: 1_000_000, name: 'maxManifestBytes' }));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(Buffer.alloc(200_000, 7))).toBe(true);
  });
});

describe('manifestLines', () => {
  it('splits on newlines, with CRLF, blank lines and no final newline', async () => {
    const source = [Buffer.from('{"a":1}\r\n\n{"b":'), Buffer.from('2}\n{"c":3}')];
    expect(await collect(manifestLines(source, 100))).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '' },
      { number: 3, text: '{"b":2}' },
      { number: 4, text: '{"c":3}' },
    ]);
  });

  it('keeps multi-byte characters cut between chunks whole', async () => {
    const bytes = Buffer.from('{"name":"Größe ✓"}\n');
    const source = Array.from(bytes, (byte) => Buffer.from([byte]));
    expect(await collect(manifestLines(source, 100))).toEqual([{ number: 1, text: '{"name":"Größe ✓"}' }]);
  });

  it('refuses a line longer than the limit before it has all of it', async () => {
    const endless = (async function* () {
      yield Buffer.from('{"ok":1}\n');
      for (;;) yield Buffer.alloc(64, 'x');
    })();
    await expect(collect(manifestLines(endless, 1_000))).rejects.toThrow('Manifest line 2: the entry is longer than 8192 characters.');
  });
});

describe('withDeadline', () => {
  it('gives up on a read that never ends', async () => {
    const stuck = new PassThrough(); // never written to, like a read blocked in the kernel
    const started = performance.now();
    await expect(withDeadline(stuck[Symbol.asyncIterator]().next(), 100, () => new Error('too slow'))).rejects.toThrow('too slow');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('passes a result on', async () => {
    await expect(withDeadline(Promise.resolve(3), 100, () => new Error('too slow'))).resolves.toBe(3);
  });
});

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
