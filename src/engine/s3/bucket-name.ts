import { S3Error } from './s3-error';

/**
 * S3's rules for a general purpose bucket's name: 3 to 63 characters of
 * lower-case letters, digits, dots and hyphens, starting and ending with a
 * letter or digit, no two dots in a row, not shaped like an IP address, and
 * none of the prefixes and suffixes S3 reserves. Every name a Lookout
 * manifest can point at (`lookoutvision-us-east-1-...`) follows them, and a
 * name that follows them is also a safe directory name.
 */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)
  );
}

export function checkBucketName(name: string): void {
  if (!isValidBucketName(name)) throw new S3Error('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: name.slice(0, 256) });
}
