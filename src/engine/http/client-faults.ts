import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ClientFault, FaultAnswer } from '../../util/client-faults';
import { isS3Request } from '../s3/s3-dispatch';
import { xmlDocument, xmlText } from '../s3/s3-xml';

/**
 * The engine answers faults Node's HTTP server finds (a request not arriving
 * in time, headers over the limit, a connection closed mid-request, bytes
 * that are not HTTP) as the API the request was for would: an S3 request
 * with S3's `<Error>` (RequestTimeout, IncompleteBody, ...), anything else,
 * and a request whose target cannot be read, as Lookout does, with
 * `x-amzn-errortype`. The SDKs then raise their own
 * exception for it, and retry a timeout as they would AWS's.
 */
export function awsFaultAnswer(fault: ClientFault): FaultAnswer {
  // Where the request cannot be told, Lookout's shape, the engine's main API: Node gives neither the request nor its
  // bytes for headers that did not all come in time, and only the last packet of headers over the limit.
  if (!fault.request && fault.target === undefined) return lookoutAnswer(fault);
  const request = fault.request ?? ({ url: fault.target, headers: {} } as IncomingMessage);
  return isS3Request(request) ? s3Answer(fault) : lookoutAnswer(fault);
}

/** Lookout's status, error type and message for each fault. */
const LOOKOUT_ANSWERS: Record<ClientFault['kind'], [number, string, string]> = {
  timeout: [408, 'RequestTimeoutException', 'The request did not arrive within the time the engine allows; send it again.'],
  'headers-too-large': [400, 'ValidationException', "The request's headers are larger than the engine reads."],
  'closed-early': [400, 'ValidationException', 'The connection was closed before the request had all arrived.'],
  malformed: [400, 'ValidationException', 'The request is not valid HTTP/1.1.'],
};

/** S3's own codes and words for each fault (all 400). */
const S3_ANSWERS: Record<ClientFault['kind'], [string, string]> = {
  timeout: ['RequestTimeout', 'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.'],
  'headers-too-large': ['RequestHeaderSectionTooLarge', 'Your request header section exceeds the maximum allowed size.'],
  'closed-early': ['IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.'],
  malformed: ['BadRequest', 'An error occurred when parsing the HTTP request.'],
};

function lookoutAnswer({ kind }: ClientFault): FaultAnswer {
  const [status, type, message] = LOOKOUT_ANSWERS[kind];
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type, 'x-amzn-RequestId': randomUUID() },
    body: JSON.stringify({ message }),
  };
}

function s3Answer({ kind }: ClientFault): FaultAnswer {
  const [code, message] = S3_ANSWERS[kind];
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  return {
    status: 400,
    headers: { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId },
    body: xmlDocument('Error', [xmlText('Code', code), xmlText('Message', message), xmlText('RequestId', requestId)], false),
  };
}
