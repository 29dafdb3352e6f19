/**
 * An extension of this project's engine to Lookout's wire protocol: an image
 * for DetectAnomalies may be sent `aws-chunked` (S3's streaming upload
 * encoding, `x-amz-content-sha256: STREAMING-...`) instead of with its
 * SHA-256 up front, so a gateway can pass an upload on while it arrives.
 * AWS's Lookout never accepted this; the engine says it does in this header
 * on every Lookout answer, and the gateway streams only to an endpoint that
 * has said so.
 */
export const STREAMED_PAYLOADS_HEADER = 'x-lookout-engine-payloads';
export const AWS_CHUNKED = 'aws-chunked';

/** The `x-amz-content-sha256` of an aws-chunked body whose bytes are checked by a checksum trailer alone. */
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
/** The `x-amz-content-sha256` of an aws-chunked body signed chunk by chunk (src/lookout/chunk-signing.ts). */
export const STREAMING_SIGNED_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
