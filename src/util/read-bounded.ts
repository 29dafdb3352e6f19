import type { Readable } from 'node:stream';

/** The stream carried more than the limit; the rest was let flow away. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/**
 * Collects a stream into one buffer, rejecting with TooLargeError past
 * `maxBytes`. Plain listeners rather than `for await`: leaving that loop early
 * destroys the stream, which cuts an HTTP request off before its answer (and
 * stalls a busboy file stream). Past the limit the stream keeps flowing into
 * the void instead.
 */
export function readBounded(stream: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        reject(new TooLargeError(maxBytes));
      } else {
        chunks.push(chunk);
      }
    });
    stream.once('end', () => (size > maxBytes ? reject(new TooLargeError(maxBytes)) : resolve(Buffer.concat(chunks, size))));
    stream.once('error', reject);
  });
}
