import type { IncomingMessage } from 'node:http';
import { API_PREFIX } from '../http/router';

/**
 * Whether a request is for the S3 API rather than Lookout's, both served on
 * one port so one endpoint URL serves both: by the service its signature is
 * scoped to (`s3` or `lookoutvision`, in the Authorization header or a
 * presigned URL's X-Amz-Credential), and for a request without one by its
 * path — every Lookout path is under /2020-11-20, which is no S3 bucket.
 */
export function isS3Request(req: IncomingMessage): boolean {
  const target = req.url ?? '/';
  const question = target.indexOf('?');
  const path = question < 0 ? target : target.slice(0, question);
  const service = signingService(req.headers.authorization, question < 0 ? '' : target.slice(question + 1));
  if (service !== undefined) return service === 's3';
  return !(path === API_PREFIX || path.startsWith(`${API_PREFIX}/`));
}

/** The service of a SigV4 credential scope (`KEY/20240101/us-east-1/s3/aws4_request`), if there is one to read. */
function signingService(authorization: string | undefined, query: string): string | undefined {
  const scope = authorization ? /Credential=([^,\s]+)/.exec(authorization)?.[1] : presignedCredential(query);
  const parts = scope?.split('/');
  return parts && parts.length === 5 ? parts[3] : undefined;
}

function presignedCredential(query: string): string | undefined {
  const raw = /(?:^|&)X-Amz-Credential=([^&]*)/.exec(query)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
