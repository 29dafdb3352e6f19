import type { S3Call } from '../s3-call';
import { malformedXml } from '../s3-error';
import { sendXml } from '../s3-response';
import { childObjects, childText, parseXmlBody, xmlDocument, xmlElement, xmlText } from '../s3-xml';
import { toS3Error } from '../to-s3-error';

/** S3's limit on the keys of one DeleteObjects. */
const MAX_KEYS = 1000;

/**
 * DeleteObjects: `<Delete><Object><Key>...</Key></Object>...<Quiet>true</Quiet></Delete>`.
 * Each key is deleted on its own; a missing key counts as deleted (as in S3),
 * a key the store refuses is an `<Error>` entry. Quiet mode reports errors only.
 */
export async function deleteObjects(call: S3Call): Promise<void> {
  const document = parseXmlBody(await call.smallBody(), 'Delete', ['Object']);
  const keys = childObjects(document, 'Object').map((object) => childText(object, 'Key'));
  if (keys.length === 0 || keys.length > MAX_KEYS || keys.some((key) => key === undefined)) throw malformedXml();
  const quiet = childText(document, 'Quiet')?.trim() === 'true';
  await call.storage.objects.requireBucket(call.bucket);
  const entries: string[] = [];
  for (const key of keys as string[]) {
    try {
      await call.storage.objects.delete(call.bucket, key);
      if (!quiet) entries.push(xmlElement('Deleted', [xmlText('Key', key)]));
    } catch (error) {
      const refusal = toS3Error(error);
      if (!refusal || refusal.status >= 500) throw error;
      entries.push(xmlElement('Error', [xmlText('Key', key), xmlText('Code', refusal.code), xmlText('Message', refusal.message)]));
    }
  }
  sendXml(call.res, xmlDocument('DeleteResult', entries));
}

