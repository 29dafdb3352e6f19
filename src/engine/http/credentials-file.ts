import { readFileSync } from 'node:fs';
import { ConfigError } from '../../util/config-values';

/** Access key ids: what AWS issues (upper-case letters and digits) and what people type for local ones. */
const ACCESS_KEY_ID = /^[A-Za-z0-9_.+=@-]{1,128}$/;
const SECRET = /^\S{1,256}$/;

/**
 * Reads the engine's credentials: one `ACCESS_KEY_ID:SECRET_ACCESS_KEY` a
 * line, blank lines and `#` comments allowed. Any mistake is a ConfigError
 * naming the file and line, never the line's text, which may hold a secret.
 */
export function loadCredentialsFile(path: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the credentials file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
  return parseCredentials(text, path);
}

export function parseCredentials(text: string, source: string): Map<string, string> {
  const credentials = new Map<string, string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source} line ${index + 1}`;
    // The first colon separates: secrets may contain one, key ids may not.
    const colon = line.indexOf(':');
    const accessKeyId = line.slice(0, colon);
    const secret = line.slice(colon + 1);
    if (colon < 0 || !ACCESS_KEY_ID.test(accessKeyId) || !SECRET.test(secret)) {
      throw new ConfigError(`${where}: expected ACCESS_KEY_ID:SECRET_ACCESS_KEY (key id of letters, digits and _.+=@-; secret without spaces).`);
    }
    if (credentials.has(accessKeyId)) throw new ConfigError(`${where}: access key id ${accessKeyId} is listed twice.`);
    credentials.set(accessKeyId, secret);
  });
  if (credentials.size === 0) throw new ConfigError(`${source} lists no credentials.`);
  return credentials;
}
