import { checkBucketName } from '../bucket-name';
import type { S3Call } from '../s3-call';
import { isoDate, sendEmpty, sendXml } from '../s3-response';
import { childText, parseXmlBody, xmlDocument, xmlElement, xmlText } from '../s3-xml';

/** The owner S3 names in listings; the engine has one account. */
const OWNER = [xmlText('ID', 'lookout-engine'), xmlText('DisplayName', 'lookout-engine')];

export async function listBuckets(call: S3Call): Promise<void> {
  const buckets = await call.storage.objects.listBuckets();
  const entries = buckets.map((b) => xmlElement('Bucket', [xmlText('Name', b.name), xmlText('CreationDate', isoDate(b.created)), xmlText('BucketRegion', call.region)]));
  sendXml(call.res, xmlDocument('ListAllMyBucketsResult', [xmlElement('Owner', OWNER), xmlElement('Buckets', entries)]));
}

/** The bucket's directory; a LocationConstraint in the body is read (it must be XML) and otherwise ignored: there is one region. */
export async function createBucket(call: S3Call): Promise<void> {
  checkBucketName(call.bucket);
  const body = await call.smallBody();
  if (body.length > 0) childText(parseXmlBody(body, 'CreateBucketConfiguration', []), 'LocationConstraint');
  await call.storage.objects.createBucket(call.bucket);
  sendEmpty(call.res, 200, { location: `/${call.bucket}` });
}

export async function headBucket(call: S3Call): Promise<void> {
  await call.storage.objects.requireBucket(call.bucket);
  sendEmpty(call.res, 200, { 'x-amz-bucket-region': call.region });
}

export async function deleteBucket(call: S3Call): Promise<void> {
  await call.storage.objects.deleteBucket(call.bucket);
  sendEmpty(call.res, 204);
}

/** us-east-1 is S3's empty LocationConstraint. */
export async function getBucketLocation(call: S3Call): Promise<void> {
  await call.storage.objects.requireBucket(call.bucket);
  const location = call.region === 'us-east-1' ? '' : call.region;
  sendXml(call.res, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${location}</LocationConstraint>`);
}
