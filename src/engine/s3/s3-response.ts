import type { ServerResponse } from 'node:http';
import type { S3Error } from './s3-error';
import { xmlDocument, xmlText } from './s3-xml';

/** An XML answer (S3's content type for them). */
export function sendXml(res: ServerResponse, xml: string, status = 200, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml), ...headers });
  res.end(xml);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { 'content-length': 0, ...headers });
  res.end();
}

/**
 * `<Error><Code>...</Code><Message>...</Message>...<RequestId>...</RequestId></Error>`,
 * S3's error document. A HEAD answer has no body, as S3's: clients read the status.
 */
export function sendS3Error(res: ServerResponse, error: S3Error, requestId: string, resource: string, head: boolean): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const xml = xmlDocument(
    'Error',
    [
      xmlText('Code', error.code),
      xmlText('Message', error.message),
      ...Object.entries(error.fields).map(([name, value]) => xmlText(name, value)),
      xmlText('Resource', resource),
      xmlText('RequestId', requestId),
    ],
    false,
  );
  if (head) sendEmpty(res, error.status, error.headers);
  else sendXml(res, xml, error.status, error.headers);
}

/** S3's timestamps in XML: ISO 8601 with milliseconds. */
export function isoDate(date: Date): string {
  return date.toISOString();
}

/** HTTP dates (Last-Modified), second precision. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}
