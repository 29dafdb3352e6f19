/** How much one S3 client may make the engine store or hold open (part of EngineLimits). */
export interface S3Limits {
  /** Largest object one PutObject or CopyObject writes (S3's own: 5 GiB). */
  maxObjectBytes: number;
  /** Largest part of a multipart upload (S3's own: 5 GiB). */
  maxPartBytes: number;
  /** Highest part number, and so most parts, of one multipart upload (S3's own: 10,000). */
  maxUploadParts: number;
  /** Multipart uploads begun and neither completed nor aborted, in all buckets together. */
  maxOpenUploads: number;
}

const GiB = 1024 ** 3;

export const S3_LIMIT_DEFAULTS: S3Limits = {
  maxObjectBytes: 5 * GiB,
  maxPartBytes: 5 * GiB,
  maxUploadParts: 10_000,
  // Each open upload holds a folder of parts on disk; a thousand is far past what the CLI opens (one per file it sends).
  maxOpenUploads: 1_000,
};

/** S3's smallest part but the last; a client that splits finer is refused at CompleteMultipartUpload, as S3 does. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

/** Incomplete multipart uploads older than this are removed at start-up (their parts hold disk space). */
export const ABANDONED_UPLOAD_AGE_SECONDS = 24 * 60 * 60;
