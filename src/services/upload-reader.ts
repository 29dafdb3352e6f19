import type { Hash } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { Readable } from 'node:stream';
import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';
import { expectedSize } from '../util/expected-size';
import { ArrivingBytes, TooLargeError } from '../util/read-bounded';

/** An upload as it arrives, bounded by `maxBytes`; `refusedUpload` says why it failed. */
export function receiveUpload(stream: Readable, maxBytes: number, hash?: Hash): ArrivingBytes {
  return new ArrivingBytes(stream, maxBytes, { expectedBytes: expectedSize(stream), hash });
}

/**
 * Reads an uploaded file into memory, refusing it past `maxBytes`.
 * graphql-upload-minimal does not fail an oversize file: busboy stops
 * delivering bytes and sets `truncated`, so both are checked here. A `hash`
 * is fed the bytes on the way (see ArrivingBytes).
 */
export async function readUpload(stream: Readable, maxBytes: number, hash?: Hash): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await receiveUpload(stream, maxBytes, hash).whole;
  } catch (error) {
    throw refusedUpload(error, maxBytes);
  }
  if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
  return bytes;
}

/** Why an upload stopped short: over the limit, or cut off. */
export function refusedUpload(error: unknown, maxBytes: number): GraphQLError {
  if (error instanceof TooLargeError || isTooLarge(error)) return tooLarge(maxBytes);
  return gatewayError(ErrorCode.BAD_USER_INPUT, 'The upload was interrupted before the file was complete.');
}

export function tooLarge(maxBytes: number) {
  return gatewayError(ErrorCode.PAYLOAD_TOO_LARGE, `The file exceeds the upload limit of ${maxBytes} bytes.`);
}

/**
 * Why graphql-upload-minimal could not hand over the file. It rejects with
 * HTTP 413 both for a file over the size limit and for a request with more
 * files than allowed (an extra file, mapped or not): told apart by its message.
 */
export function uploadFailure(error: unknown, maxBytes: number): GraphQLError {
  const message = String((error as { message?: unknown })?.message ?? '');
  const status = (error as { status?: unknown })?.status;
  // The upload middleware's own refusals say what was wrong with the request.
  // graphql-upload-minimal names its own limit, one byte over ours (upload-middleware.ts): say ours.
  if ((error as { expose?: unknown })?.expose === true && status === 413) return /^File truncated/.test(message) ? tooLarge(maxBytes) : gatewayError(ErrorCode.PAYLOAD_TOO_LARGE, message);
  if ((error as { expose?: unknown })?.expose === true && status === 400) return gatewayError(ErrorCode.BAD_USER_INPUT, message, { argument: 'file' });
  const files = /^(\d+) max file uploads exceeded/.exec(message);
  if (files) return gatewayError(ErrorCode.BAD_USER_INPUT, `A request may carry at most ${files[1]} files (MAX_UPLOAD_FILES); this one carries more.`, { argument: 'file' });
  if (isTooLarge(error)) return tooLarge(maxBytes);
  // The multipart spec lets one file fill several variables; each field here reads its file as it arrives, once.
  if (/createReadStream\(\) multiple times/.test(message)) {
    return gatewayError(ErrorCode.BAD_USER_INPUT, 'This file is mapped to more than one place in the request, and another place reads it; send the file once for each place that takes one.', { argument: 'file' });
  }
  return gatewayError(ErrorCode.BAD_USER_INPUT, 'The file upload is missing or incomplete.', { argument: 'file' });
}

function isTooLarge(error: unknown): boolean {
  const e = error as { status?: number; extensions?: { code?: string } };
  return e?.status === 413 || e?.extensions?.code === ErrorCode.PAYLOAD_TOO_LARGE;
}
