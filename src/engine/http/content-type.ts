import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from './aws-error';

/**
 * The media types a JSON request body may declare: restJson1's own, and the
 * awsJson one some older clients send. Anything else — above all the
 * `text/plain`, form and multipart bodies a web page may POST cross-site
 * without a CORS preflight — is refused before the body is parsed.
 */
const JSON_MEDIA_TYPES = new Set(['application/json', 'application/x-amz-json-1.1']);

/**
 * For an operation whose body is JSON: a request that carries a body must say
 * it is JSON. One without a body needs no type (the SDK sends none for
 * StopModel, nor for its GET and DELETE calls).
 */
export function requireJsonContentType(headers: IncomingHttpHeaders): void {
  if (!carriesBody(headers)) return;
  const mediaType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!JSON_MEDIA_TYPES.has(mediaType)) throw unsupportedMediaType('A request body must have Content-Type application/json.');
}

function carriesBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * HTTP 415 with the error type AWS's restJson1 front ends answer: Smithy's
 * protocol tests (`RestJsonWithBodyExpectsApplicationJsonContentType` in
 * aws-protocol-tests) require `x-amzn-errortype: UnsupportedMediaTypeException`.
 * The Lookout model has no such exception, so the SDK raises its generic
 * service exception with that name and status.
 */
export const unsupportedMediaType = (message: string) => new AwsError('UnsupportedMediaTypeException', 415, message);
