import type { Readable } from 'node:stream';
import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';

/**
 * Reads an uploaded file into memory, refusing it past `maxBytes`.
 * graphql-upload-minimal does not fail an oversize file: busboy stops
 * delivering bytes and sets `truncated`, so both are checked here.
 */
export function readUpload(stream: Readable, maxBytes: number): Promise<Buffer> {
  // Plain listeners rather than `for await`: leaving that loop early destroys
  // the stream, and a destroyed busboy file stream stalls the whole request.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        reject(tooLarge(maxBytes)); // the stream keeps flowing into the void
      } else {
        chunks.push(chunk);
      }
    });
    stream.once('end', () => {
      if ((stream as Readable & { truncated?: boolean }).truncated || size > maxBytes) reject(tooLarge(maxBytes));
      else resolve(Buffer.concat(chunks, size));
    });
    stream.once('error', (error) => {
      reject(isTooLarge(error) ? tooLarge(maxBytes) : gatewayError(ErrorCode.BAD_USER_INPUT, 'The upload was interrupted before the file was complete.'));
    });
  });
}

/**
 * Lets the rest of an upload flow to nowhere. Destroying a busboy file stream
 * would stall the multipart parser (and so the request); draining it lets the
 * request finish and the connection be reused.
 */
export function discardUpload(stream: Readable): void {
  stream.on('error', () => {});
  stream.resume();
}

export function tooLarge(maxBytes: number) {
  return gatewayError(ErrorCode.PAYLOAD_TOO_LARGE, `The file exceeds the upload limit of ${maxBytes} bytes.`);
}

function isTooLarge(error: unknown): boolean {
  const e = error as { status?: number; extensions?: { code?: string } };
  return e?.status === 413 || e?.extensions?.code === ErrorCode.PAYLOAD_TOO_LARGE;
}
