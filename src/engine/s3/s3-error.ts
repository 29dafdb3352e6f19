/**
 * An error answered as S3 answers it: `<Error><Code>` with S3's code and
 * status, so the S3 SDKs and the CLI raise their own error for it (NoSuchKey,
 * NoSuchBucket, ...). `fields` go into the XML beside the message
 * (`Key`, `BucketName`, `UploadId`, ...).
 */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields: Record<string, string | number | undefined> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const noSuchBucket = (bucket: string) => new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });
export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });
export const noSuchUpload = (uploadId: string) =>
  new S3Error('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId,
  });
export const invalidArgument = (message: string, name?: string, value?: string) =>
  new S3Error('InvalidArgument', 400, message, { ArgumentName: name, ArgumentValue: value });
export const invalidRequest = (message: string) => new S3Error('InvalidRequest', 400, message);
export const malformedXml = () =>
  new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
export const accessDenied = (message = 'Access Denied') => new S3Error('AccessDenied', 403, message);
export const entityTooLarge = (maxBytes: number, limitName: string) =>
  new S3Error('EntityTooLarge', 400, `Your proposed upload exceeds the maximum allowed size (${maxBytes} bytes, ${limitName}).`, { MaxSizeAllowed: maxBytes });
export const badDigest = (what: string) => new S3Error('BadDigest', 400, `The ${what} you specified did not match the calculated checksum.`);
export const internalError = () => new S3Error('InternalError', 500, 'We encountered an internal error. Please try again.');
export const slowDown = (message = 'Please reduce your request rate.') => new S3Error('SlowDown', 503, message, {}, { 'retry-after': '1' });

/**
 * The disk (or its quota) is full. 507, not S3's retryable 500/503: the
 * SDKs and the CLI would resend a large upload several times into a disk
 * that has no room for it, where a 507 fails at once with this message.
 */
export const insufficientStorage = () =>
  new S3Error('InsufficientStorage', 507, "The engine's storage is full; free space in its data directory, then retry.");
