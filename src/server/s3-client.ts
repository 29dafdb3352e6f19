import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * An S3 client that reaches S3 where the Lookout client reaches Lookout and
 * signs as it does: against AWS, S3's own regional endpoint with the same
 * credential chain; against a Lookout-compatible endpoint (the embedded
 * engine, or one named by LOOKOUT_ENDPOINT), that endpoint with its
 * credentials, addressing buckets by path (`/bucket/key`), since such an
 * endpoint has no bucket host names.
 */
export function s3ClientLike(lookout: LookoutVisionClient): S3Client {
  const { region, credentials, endpoint, isCustomEndpoint } = lookout.config;
  return new S3Client({
    region,
    credentials,
    ...(isCustomEndpoint && endpoint ? { endpoint, forcePathStyle: true } : {}),
    maxAttempts: 3,
    // The SDK's default adds a CRC32 of every body on top of the SigV4 payload hash: a third pass over
    // each uploaded image (S3 and the engine need only the signed SHA-256). Operations that require a
    // checksum (DeleteObjects, ...) still get one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    // As the Lookout client: a connection that cannot be made fails fast; the gateway's deadlines (S3Api) cut a stalled call.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
  });
}
