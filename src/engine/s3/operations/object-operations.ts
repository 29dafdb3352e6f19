import { pipeline } from 'node:stream/promises';
import { checkBucketName } from '../bucket-name';
import { checkConditions, type Conditions } from '../conditional-request';
import type { ObjectVersion } from '../object-store';
import { fileRangeStream } from '../file-streams';
import { parseRange, type ByteRange } from '../range-header';
import type { S3Call } from '../s3-call';
import { S3Error, invalidArgument, invalidRequest } from '../s3-error';
import { httpDate, isoDate, sendEmpty, sendXml } from '../s3-response';
import { xmlDocument, xmlText } from '../s3-xml';
import { DEFAULT_CONTENT_TYPE, responseOverrides, storedHeadersOf } from '../stored-headers';

export async function putObject(call: S3Call): Promise<void> {
  const { limits, objects } = call.storage;
  const headers = storedHeadersOf(call.req.headers);
  const stored = await objects.put(call.bucket, call.key, call.payload({ bytes: limits.maxObjectBytes, name: 'maxObjectBytes' }), headers);
  const echo = stored.checksum ? { [`x-amz-checksum-${stored.checksum.algorithm.toLowerCase()}`]: stored.checksum.base64 } : {};
  sendEmpty(call.res, 200, { etag: `"${stored.etag}"`, ...echo });
}

/** The whole object, or the bytes of its Range (206), streamed from its file; 304 when a condition says the client has it. */
export async function getObject(call: S3Call): Promise<void> {
  const object = await openForRead(call);
  try {
    const answer = answerFor(call, object);
    call.res.writeHead(answer.status, answer.headers);
    if (answer.status === 304 || !object.file || object.size === 0) {
      call.res.end();
      return;
    }
    const { start, end } = answer.range ?? { start: 0, end: object.size - 1 };
    // `end` holds the answer to the size that was checked (and announced), should the file grow meanwhile.
    await pipeline(fileRangeStream(object.file.handle, start, end), call.res);
  } finally {
    await object.file?.handle.close();
  }
}

export async function headObject(call: S3Call): Promise<void> {
  const object = await openForRead(call);
  await object.file?.handle.close();
  const answer = answerFor(call, object);
  call.res.writeHead(answer.status, answer.headers);
  call.res.end();
}

/** What GetObject and HeadObject answer before any byte: 304, or the object's (or its Range's) status and headers. */
function answerFor(call: S3Call, object: ObjectVersion): { status: 200 | 206 | 304; headers: Record<string, string | number>; range: ByteRange | null } {
  if (!checkConditions(conditionsOf(call, ''), object.etag, object.lastModified)) {
    return { status: 304, headers: { etag: `"${object.etag}"`, 'last-modified': httpDate(object.lastModified) }, range: null };
  }
  const range = parseRange(call.header('range'), object.size);
  const headers = objectHeaders(call, object);
  if (range) {
    headers['content-length'] = range.end - range.start + 1;
    headers['content-range'] = `bytes ${range.start}-${range.end}/${object.size}`;
  }
  return { status: range ? 206 : 200, headers, range };
}

/** S3 answers 204 whether or not the key existed. */
export async function deleteObject(call: S3Call): Promise<void> {
  refuseVersionId(call.query.get('versionId'));
  await call.storage.objects.delete(call.bucket, call.key);
  sendEmpty(call.res, 204);
}

/**
 * Copies `x-amz-copy-source` (`/bucket/key`, percent-encoded) to the
 * request's key, with the source's headers (`x-amz-metadata-directive: COPY`,
 * the default) or the request's (`REPLACE`).
 */
export async function copyObject(call: S3Call): Promise<void> {
  const { limits, objects } = call.storage;
  const source = copySourceOf(call.header('x-amz-copy-source') ?? '');
  const directive = (call.header('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  if (source.bucket === call.bucket && source.key === call.key && directive === 'COPY') {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  // The (empty) body is read like any other, so its declared digests hold too.
  await call.smallBody();
  const object = await call.storage.objects.open(source.bucket, source.key);
  try {
    if (!checkConditions(conditionsOf(call, 'x-amz-copy-source-'), object.etag, object.lastModified)) {
      throw new S3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: 'x-amz-copy-source-If-None-Match' });
    }
    if (object.size > limits.maxObjectBytes) {
      throw invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${limits.maxObjectBytes} (maxObjectBytes)`);
    }
    const copied = await objects.copy(object, call.bucket, call.key, directive === 'REPLACE' ? storedHeadersOf(call.req.headers) : null);
    const lastModified = new Date(Number(copied.stats.mtimeMs));
    sendXml(call.res, xmlDocument('CopyObjectResult', [xmlText('LastModified', isoDate(lastModified)), xmlText('ETag', `"${copied.etag}"`)]));
  } finally {
    await object.file?.handle.close();
  }
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=null]`, percent-encoded. */
export function copySourceOf(header: string): { bucket: string; key: string } {
  const [path, query] = header.split('?', 2);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path).replace(/^\//, '');
  } catch {
    throw invalidArgument('Invalid copy source encoding.', 'x-amz-copy-source', header.slice(0, 200));
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey.', 'x-amz-copy-source', header.slice(0, 200));
  if (query !== undefined) refuseVersionId(new URLSearchParams(query).get('versionId'));
  const bucket = decoded.slice(0, slash);
  checkBucketName(bucket);
  return { bucket, key: decoded.slice(slash + 1) };
}

async function openForRead(call: S3Call): Promise<ObjectVersion> {
  refuseVersionId(call.query.get('versionId'));
  if (call.query.has('partNumber')) throw new S3Error('NotImplemented', 501, 'Reading one part of an object (partNumber) is not implemented.');
  return call.storage.objects.open(call.bucket, call.key);
}

/** Buckets are unversioned: only the null version exists. */
function refuseVersionId(versionId: string | null): void {
  if (versionId !== null && versionId !== 'null') throw invalidArgument('Invalid version id specified', 'versionId', versionId.slice(0, 200));
}

function conditionsOf(call: S3Call, prefix: string): Conditions {
  return {
    ifMatch: call.header(`${prefix}if-match`),
    ifNoneMatch: call.header(`${prefix}if-none-match`),
    ifModifiedSince: call.header(`${prefix}if-modified-since`),
    ifUnmodifiedSince: call.header(`${prefix}if-unmodified-since`),
  };
}

/** GetObject's and HeadObject's headers: length, validators, and what was stored with the object (or asked for in the query). */
function objectHeaders(call: S3Call, object: ObjectVersion): Record<string, string | number> {
  const overrides = responseOverrides(call.query);
  for (const value of Object.values(overrides)) {
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) throw invalidArgument('A response header override holds characters a header cannot.');
  }
  return {
    'content-type': DEFAULT_CONTENT_TYPE,
    ...object.headers,
    ...overrides,
    'content-length': object.size,
    etag: `"${object.etag}"`,
    'last-modified': httpDate(object.lastModified),
    'accept-ranges': 'bytes',
  };
}
