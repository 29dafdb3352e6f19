import { Readable } from 'node:stream';
import { fileRangeStream } from '../file-streams';
import { Md5Stage } from '../md5-stage';
import type { PartBody, UploadRow } from '../multipart-uploads';
import { parseRange } from '../range-header';
import type { S3Call } from '../s3-call';
import { S3Error, invalidArgument, malformedXml } from '../s3-error';
import { isoDate, sendEmpty, sendXml } from '../s3-response';
import { childObjects, childText, parseXmlBody, xmlDocument, xmlElement, xmlText } from '../s3-xml';
import { storedHeadersOf } from '../stored-headers';
import { copySourceOf } from './object-operations';

export async function createMultipartUpload(call: S3Call): Promise<void> {
  await call.storage.objects.requireBucket(call.bucket);
  await call.smallBody();
  const uploadId = await call.storage.uploads.create(call.bucket, call.key, storedHeadersOf(call.req.headers));
  sendXml(call.res, xmlDocument('InitiateMultipartUploadResult', [xmlText('Bucket', call.bucket), xmlText('Key', call.key), xmlText('UploadId', uploadId)]));
}

export async function uploadPart(call: S3Call): Promise<void> {
  const { uploads, limits } = call.storage;
  const upload = uploads.find(call.query.get('uploadId') ?? '', call.bucket, call.key);
  const partNumber = uploads.checkPartNumber(call.query.get('partNumber'));
  const payload = call.payload({ bytes: limits.maxPartBytes, name: 'maxPartBytes' });
  const body: PartBody = {
    source: payload.source,
    stages: payload.stages,
    verify: () => {
      const digest = payload.verify();
      return { md5: digest.md5.toString('hex'), size: digest.size };
    },
  };
  const etag = await uploads.uploadPart(upload, partNumber, body);
  sendEmpty(call.res, 200, { etag: `"${etag}"` });
}

/** UploadPartCopy: a part made of another object's bytes (`x-amz-copy-source-range` or all of them), as the CLI copies large objects. */
export async function uploadPartCopy(call: S3Call): Promise<void> {
  const { uploads, objects, limits } = call.storage;
  const upload = uploads.find(call.query.get('uploadId') ?? '', call.bucket, call.key);
  const partNumber = uploads.checkPartNumber(call.query.get('partNumber'));
  await call.smallBody();
  const source = copySourceOf(call.header('x-amz-copy-source') ?? '');
  const object = await objects.open(source.bucket, source.key);
  try {
    const rangeHeader = call.header('x-amz-copy-source-range');
    const range = rangeHeader === undefined ? null : parseRange(rangeHeader, object.size);
    if (rangeHeader !== undefined && range === null) throw invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last.', 'x-amz-copy-source-range', rangeHeader);
    const { start, end } = range ?? { start: 0, end: object.size - 1 };
    if (end - start + 1 > limits.maxPartBytes) throw new S3Error('EntityTooLarge', 400, `A part may hold at most ${limits.maxPartBytes} bytes (maxPartBytes).`);
    const md5 = new Md5Stage();
    const bytes = object.file && end >= start ? fileRangeStream(object.file.handle, start, end) : Readable.from([]);
    const etag = await uploads.uploadPart(upload, partNumber, { source: bytes, stages: [md5], verify: () => ({ md5: md5.hex(), size: md5.size }) });
    sendXml(call.res, xmlDocument('CopyPartResult', [xmlText('LastModified', isoDate(new Date())), xmlText('ETag', `"${etag}"`)]));
  } finally {
    await object.file?.handle.close();
  }
}

export async function completeMultipartUpload(call: S3Call): Promise<void> {
  const upload = call.storage.uploads.find(call.query.get('uploadId') ?? '', call.bucket, call.key);
  const document = parseXmlBody(await call.smallBody(), 'CompleteMultipartUpload', ['Part']);
  const parts = childObjects(document, 'Part').map((part) => {
    const partNumber = childText(part, 'PartNumber')?.trim() ?? '';
    const etag = childText(part, 'ETag')?.trim();
    if (!/^\d{1,5}$/.test(partNumber) || etag === undefined) throw malformedXml();
    return { partNumber: Number(partNumber), etag };
  });
  const { etag } = await call.storage.uploads.complete(upload, parts);
  sendXml(
    call.res,
    xmlDocument('CompleteMultipartUploadResult', [
      xmlText('Location', `/${call.bucket}/${call.key}`),
      xmlText('Bucket', call.bucket),
      xmlText('Key', call.key),
      xmlText('ETag', `"${etag}"`),
    ]),
  );
}

export async function abortMultipartUpload(call: S3Call): Promise<void> {
  const upload = call.storage.uploads.find(call.query.get('uploadId') ?? '', call.bucket, call.key);
  await call.storage.uploads.abort(upload);
  sendEmpty(call.res, 204);
}

export async function listParts(call: S3Call): Promise<void> {
  const upload = call.storage.uploads.find(call.query.get('uploadId') ?? '', call.bucket, call.key);
  const marker = Number(call.query.get('part-number-marker') ?? 0) || 0;
  const maxParts = Math.min(Number(call.query.get('max-parts') ?? 1000) || 1000, 1000);
  const after = call.storage.uploads.parts(upload.upload_id).filter((p) => p.part_number > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  sendXml(
    call.res,
    xmlDocument('ListPartsResult', [
      xmlText('Bucket', call.bucket),
      xmlText('Key', call.key),
      xmlText('UploadId', upload.upload_id),
      xmlText('PartNumberMarker', marker),
      truncated ? xmlText('NextPartNumberMarker', page[page.length - 1].part_number) : '',
      xmlText('MaxParts', maxParts),
      xmlText('IsTruncated', truncated),
      xmlText('StorageClass', 'STANDARD'),
      ...page.map((p) => xmlElement('Part', [xmlText('PartNumber', p.part_number), xmlText('ETag', `"${p.etag}"`), xmlText('Size', p.size)])),
    ]),
  );
}

/** ListMultipartUploads: the uploads in progress in a bucket, by key, with a prefix. */
export async function listMultipartUploads(call: S3Call): Promise<void> {
  await call.storage.objects.requireBucket(call.bucket);
  const prefix = call.query.get('prefix') ?? '';
  const keyMarker = call.query.get('key-marker') ?? '';
  const idMarker = call.query.get('upload-id-marker') ?? '';
  const maxUploads = Math.min(Number(call.query.get('max-uploads') ?? 1000) || 1000, 1000);
  const isAfterMarker = (u: UploadRow) => u.key > keyMarker || (u.key === keyMarker && idMarker !== '' && u.upload_id > idMarker);
  const matching = call.storage.uploads.inBucket(call.bucket, keyMarker).filter((u) => u.key.startsWith(prefix) && (keyMarker === '' || isAfterMarker(u)));
  const page = matching.slice(0, maxUploads);
  const truncated = matching.length > page.length;
  const last = page[page.length - 1];
  sendXml(
    call.res,
    xmlDocument('ListMultipartUploadsResult', [
      xmlText('Bucket', call.bucket),
      xmlText('KeyMarker', keyMarker),
      xmlText('UploadIdMarker', idMarker),
      truncated && last ? xmlText('NextKeyMarker', last.key) : '',
      truncated && last ? xmlText('NextUploadIdMarker', last.upload_id) : '',
      xmlText('Prefix', prefix),
      xmlText('MaxUploads', maxUploads),
      xmlText('IsTruncated', truncated),
      ...page.map((u) =>
        xmlElement('Upload', [xmlText('Key', u.key), xmlText('UploadId', u.upload_id), xmlText('StorageClass', 'STANDARD'), xmlText('Initiated', isoDate(new Date(u.created_at * 1000)))]),
      ),
    ]),
  );
}
