import { checkBucketName } from './bucket-name';
import { S3Error } from './s3-error';

/** What an S3 request addresses: a bucket and key (either may be absent), and the query. */
export interface S3Target {
  bucket: string | undefined;
  key: string | undefined;
  query: URLSearchParams;
}

/**
 * Reads bucket and key from the path as sent: path style `/bucket/key`, or
 * virtual-hosted style `/key` with the bucket from the Host. The key is the
 * rest of the path percent-decoded once, as S3 does, nothing resolved or
 * normalised (`a//b`, `..` stay as sent, and object-key.ts refuses them).
 */
export function parseTarget(rawPath: string, rawQuery: string, hostBucket: string | undefined): S3Target {
  const query = parseQuery(rawQuery);
  if (!rawPath.startsWith('/')) throw invalidUri();
  let bucket = hostBucket;
  let rest = rawPath.slice(1);
  if (bucket === undefined) {
    const slash = rest.indexOf('/');
    bucket = decode(slash < 0 ? rest : rest.slice(0, slash));
    rest = slash < 0 ? '' : rest.slice(slash + 1);
    if (bucket === '') {
      if (slash >= 0) throw invalidUri();
      return { bucket: undefined, key: undefined, query };
    }
  }
  checkBucketName(bucket);
  const key = decode(rest);
  return { bucket, key: key === '' ? undefined : key, query };
}

/** Names and values percent-decoded once, `+` kept as `+`: what the signature covered (sigv4-verifier.ts reads it the same way). */
function parseQuery(raw: string): URLSearchParams {
  const query = new URLSearchParams();
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    query.append(decode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : decode(pair.slice(eq + 1)));
  }
  return query;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidUri();
  }
}

const invalidUri = () => new S3Error('InvalidURI', 400, "Couldn't parse the specified URI.");
