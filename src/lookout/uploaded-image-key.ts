/**
 * How the gateway names an image it uploads into a dataset:
 * `<batch>/<index>-<first 16 hex digits of its SHA-256>[-<file name>].<png|jpg>`.
 * The gateway refuses an image its dataset has by that hash, and the CLI's
 * import skips such images before sending them; both read it here.
 */
export function uploadedImageKey(batch: string, index: number, sha256Hex: string, fileName: string, format: 'png' | 'jpeg'): string {
  return `${batch}${index}-${sha256Hex.slice(0, 16)}${nameSuffix(fileName)}.${format === 'png' ? 'png' : 'jpg'}`;
}

/** The 16-hex content hash in a source-ref (or key) the gateway named so, or undefined. */
export function uploadedImageHash(ref: string): string | undefined {
  return UPLOADED_KEY.exec(ref)?.[1];
}

const UPLOADED_KEY = /\/\d+-([0-9a-f]{16})(?:-[A-Za-z0-9._-]*)?\.(?:png|jpg)$/;

/** `-<the file's base name>` as a key may carry it (letters, digits, . _ -; at most 64), or nothing: so a dataset's entries keep a recognisable name. */
function nameSuffix(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '').slice(0, 64);
  return safe ? `-${safe}` : '';
}
