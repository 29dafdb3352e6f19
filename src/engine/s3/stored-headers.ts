import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './s3-error';

/** The standard headers S3 stores with an object and sends back with it. */
const KEPT_HEADERS = ['content-type', 'content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires'];

/** S3's limit on user-defined metadata: names and values together. */
const MAX_USER_METADATA_BYTES = 2048;

/** S3's answer for an object stored without a Content-Type. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/**
 * The headers an upload stores with its object: Content-Type and its kin,
 * and every `x-amz-meta-*`. `aws-chunked` is how the body travelled, not
 * what it is, and is dropped from Content-Encoding.
 */
export function storedHeadersOf(headers: IncomingHttpHeaders): Record<string, string> {
  const stored: Record<string, string> = {};
  let metadataBytes = 0;
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (name.startsWith('x-amz-meta-')) {
      metadataBytes += Buffer.byteLength(name.slice('x-amz-meta-'.length)) + Buffer.byteLength(value);
      stored[name] = value;
    } else if (KEPT_HEADERS.includes(name)) {
      stored[name] = value;
    }
  }
  if (metadataBytes > MAX_USER_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', 400, 'Your metadata headers exceed the maximum allowed metadata size.', { MaxSizeAllowed: MAX_USER_METADATA_BYTES });
  }
  const encoding = stored['content-encoding']
    ?.split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked')
    .join(',');
  if (encoding) stored['content-encoding'] = encoding;
  else delete stored['content-encoding'];
  return stored;
}

/** GetObject's `response-content-type=...` and kin: the caller's choice of headers for this answer only. */
export function responseOverrides(query: URLSearchParams): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const header of KEPT_HEADERS) {
    const value = query.get(`response-${header}`);
    if (value !== null) overrides[header] = value;
  }
  return overrides;
}
