import type { FileHandle } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';

const CHUNK_BYTES = 256 * 1024;

/*
 * Streams over a FileHandle that leave it open: the caller fsyncs and closes
 * it. (FileHandle.createReadStream/createWriteStream with autoClose off hold
 * a reference that makes a later handle.close() wait forever.)
 */

/** Bytes `start` to `end` (included) of an open file, by positional reads, with backpressure. */
export function fileRangeStream(handle: FileHandle, start: number, end: number): Readable {
  let position = start;
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      const length = Math.min(CHUNK_BYTES, end + 1 - position);
      if (length <= 0) {
        this.push(null);
        return;
      }
      handle.read(Buffer.allocUnsafe(length), 0, length, position).then(
        ({ bytesRead, buffer }) => {
          position += bytesRead;
          // A file that shrank under the reader ends early; the client sees a short body, not bytes of another file.
          this.push(bytesRead === 0 ? null : buffer.subarray(0, bytesRead));
        },
        (error: Error) => this.destroy(error),
      );
    },
  });
}

/** Appends what is written to an open file; a short write is continued until every byte is on its way to disk. */
export function fileSink(handle: FileHandle): Writable {
  const writeAll = async (data: Buffer): Promise<void> => {
    for (let offset = 0; offset < data.length; ) {
      const { bytesWritten } = await handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
  };
  return new Writable({
    highWaterMark: CHUNK_BYTES,
    write(chunk: Buffer, _encoding, done) {
      writeAll(chunk).then(() => done(), done);
    },
    writev(chunks, done) {
      writeAll(Buffer.concat(chunks.map((c) => c.chunk as Buffer))).then(() => done(), done);
    },
  });
}
