import { readContinuationToken, issueContinuationToken } from '../continuation-token';
import { listBucket, type ListedItem, type ListingPage } from '../object-listing';
import type { S3Call } from '../s3-call';
import { invalidArgument } from '../s3-error';
import { isoDate, sendXml } from '../s3-response';
import { xmlDocument, xmlElement, xmlText } from '../s3-xml';

const DEFAULT_MAX_KEYS = 1000;

/** ListObjectsV2: prefix, delimiter, max-keys, continuation-token (signed, opaque), start-after, encoding-type=url. */
export async function listObjectsV2(call: S3Call): Promise<void> {
  const { prefix, delimiter, maxKeys, encode } = commonParameters(call);
  const token = call.query.get('continuation-token');
  const startAfter = call.query.get('start-after') ?? '';
  const after = token !== null ? readContinuationToken(call.bucket, prefix, token) : startAfter !== '' ? Buffer.from(startAfter) : undefined;
  const page = await list(call, { prefix, delimiter, after, maxKeys });
  const contents = await contentsOf(call, page.items, encode);
  sendXml(
    call.res,
    xmlDocument('ListBucketResult', [
      xmlText('Name', call.bucket),
      xmlText('Prefix', encode(prefix)),
      delimiter ? xmlText('Delimiter', encode(delimiter)) : '',
      xmlText('MaxKeys', maxKeys),
      xmlText('KeyCount', contents.count),
      xmlText('IsTruncated', page.truncated),
      call.query.get('encoding-type') === 'url' ? xmlText('EncodingType', 'url') : '',
      token !== null ? xmlText('ContinuationToken', token) : '',
      page.resumeAfter ? xmlText('NextContinuationToken', issueContinuationToken(call.bucket, prefix, page.resumeAfter)) : '',
      startAfter !== '' ? xmlText('StartAfter', encode(startAfter)) : '',
      ...contents.xml,
    ]),
  );
}

/** ListObjects (version 1), which older clients still send: `marker` instead of a token, NextMarker with a delimiter. */
export async function listObjects(call: S3Call): Promise<void> {
  const { prefix, delimiter, maxKeys, encode } = commonParameters(call);
  const marker = call.query.get('marker') ?? '';
  const page = await list(call, { prefix, delimiter, after: marker !== '' ? Buffer.from(marker) : undefined, maxKeys });
  const contents = await contentsOf(call, page.items, encode);
  const last = page.items[page.items.length - 1];
  const nextMarker = page.truncated && delimiter && last ? (last.kind === 'object' ? last.key : last.prefix) : undefined;
  sendXml(
    call.res,
    xmlDocument('ListBucketResult', [
      xmlText('Name', call.bucket),
      xmlText('Prefix', encode(prefix)),
      xmlText('Marker', encode(marker)),
      nextMarker !== undefined ? xmlText('NextMarker', encode(nextMarker)) : '',
      delimiter ? xmlText('Delimiter', encode(delimiter)) : '',
      xmlText('MaxKeys', maxKeys),
      xmlText('IsTruncated', page.truncated),
      call.query.get('encoding-type') === 'url' ? xmlText('EncodingType', 'url') : '',
      ...contents.xml,
    ]),
  );
}

function commonParameters(call: S3Call): { prefix: string; delimiter: string; maxKeys: number; encode: (text: string) => string } {
  const rawMaxKeys = call.query.get('max-keys');
  const maxKeys = rawMaxKeys === null ? DEFAULT_MAX_KEYS : Math.min(Number(rawMaxKeys), DEFAULT_MAX_KEYS);
  if (rawMaxKeys !== null && !/^\d{1,10}$/.test(rawMaxKeys)) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', rawMaxKeys.slice(0, 50));
  const encodingType = call.query.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType.slice(0, 50));
  // With encoding-type=url, keys may hold characters XML cannot carry; the CLI asks for it and decodes.
  const encode = encodingType === 'url' ? (text: string) => encodeURIComponent(text).replace(/%2F/g, '/') : (text: string) => text;
  return { prefix: call.query.get('prefix') ?? '', delimiter: call.query.get('delimiter') ?? '', maxKeys, encode };
}

async function list(call: S3Call, request: Parameters<typeof listBucket>[2]): Promise<ListingPage> {
  const { objects } = call.storage;
  await objects.requireBucket(call.bucket);
  return listBucket(objects.files.bucketPath(call.bucket), await objects.files.realRoot(), request);
}

/** Files whose ETag is computed at once, for a page of files placed by hand. */
const ETAG_CONCURRENCY = 8;

/**
 * `<Contents>` for the objects (ETags from the sidecar, or computed for files
 * placed by hand), then `<CommonPrefixes>`, and how many of both.
 */
async function contentsOf(call: S3Call, items: ListedItem[], encode: (text: string) => string): Promise<{ xml: string[]; count: number }> {
  const etags = new Map<string, string | null>();
  const files = items.filter((item) => item.kind === 'object');
  for (let i = 0; i < files.length; i += ETAG_CONCURRENCY) {
    await Promise.all(
      files.slice(i, i + ETAG_CONCURRENCY).map(async (item) => {
        // A file removed or replaced by something else since the folder was read is left out, as a key deleted meanwhile would be.
        etags.set(item.key, await call.storage.objects.etagOf(call.bucket, item.key, item.stats).catch(() => null));
      }),
    );
  }
  const objects: string[] = [];
  const prefixes: string[] = [];
  for (const item of items) {
    if (item.kind === 'prefix') {
      prefixes.push(xmlElement('CommonPrefixes', [xmlText('Prefix', encode(item.prefix))]));
      continue;
    }
    const etag = etags.get(item.key);
    if (etag === null || etag === undefined) continue;
    objects.push(
      xmlElement('Contents', [
        xmlText('Key', encode(item.key)),
        xmlText('LastModified', isoDate(new Date(Number(item.stats.mtimeMs)))),
        xmlText('ETag', `"${etag}"`),
        xmlText('Size', item.key.endsWith('/') ? 0 : Number(item.stats.size)),
        xmlText('StorageClass', 'STANDARD'),
      ]),
    );
  }
  return { xml: [...objects, ...prefixes], count: objects.length + prefixes.length };
}
