import { hash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../util/config-values';
import { isRole, ROLES, type Identity, type Role } from './roles';

interface KeyEntry {
  name: string;
  role: Role;
  /** SHA-256 of the key: the key itself is not kept in memory after start-up. */
  hash: Buffer;
}

/** Shortest key accepted: a guessable key is no protection. */
const MIN_KEY_LENGTH = 16;

/**
 * The configured API keys (`API_KEYS="name:role:key,..."`, or `API_KEYS_FILE`
 * with one `name:role:key` a line). Keys are held only as hashes and a
 * presented key is compared with every one of them in constant time, so
 * neither memory nor timing gives a key away.
 */
export class ApiKeys {
  private constructor(private readonly entries: readonly KeyEntry[]) {}

  static parse(specs: { source: string; line?: number; text: string }[]): ApiKeys {
    const entries: KeyEntry[] = [];
    const names = new Set<string>();
    const hashes = new Set<string>();
    for (const spec of specs) {
      const where = spec.line ? `${spec.source} line ${spec.line}` : spec.source;
      const match = /^([A-Za-z0-9][A-Za-z0-9_.@-]{0,63}):([a-z]+):(.+)$/.exec(spec.text.trim());
      if (!match) throw new ConfigError(`${where}: an API key must be written name:role:key (name of letters, digits, _ . @ -).`);
      const [, name, role, key] = match;
      if (!isRole(role)) throw new ConfigError(`${where}: role "${role}" is not one of ${ROLES.join(', ')}.`);
      if (key.length < MIN_KEY_LENGTH) throw new ConfigError(`${where}: the key of "${name}" is shorter than ${MIN_KEY_LENGTH} characters.`);
      if (names.has(name)) throw new ConfigError(`${where}: the key name "${name}" appears twice.`);
      const hash = sha256(key);
      if (hashes.has(hash.toString('hex'))) throw new ConfigError(`${where}: the key of "${name}" is also another name's key.`);
      names.add(name);
      hashes.add(hash.toString('hex'));
      entries.push({ name, role, hash });
    }
    return new ApiKeys(entries);
  }

  /** Entries of an `API_KEYS` value (comma-separated) and of an `API_KEYS_FILE` text (a line each, `#` comments). */
  static fromConfig(inline: string | undefined, file: { path: string; text: string } | undefined): ApiKeys {
    const specs: { source: string; line?: number; text: string }[] = [];
    for (const part of (inline ?? '').split(',')) if (part.trim()) specs.push({ source: 'API_KEYS', text: part });
    file?.text.split(/\r?\n/).forEach((text, index) => {
      if (text.trim() && !text.trim().startsWith('#')) specs.push({ source: file.path, line: index + 1, text });
    });
    return ApiKeys.parse(specs);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The identity of `key`, or null when it is no configured key. */
  identify(key: string): Identity | null {
    const presented = sha256(key);
    let found: KeyEntry | null = null;
    for (const entry of this.entries) {
      // No early exit: every entry is compared, whichever matches.
      if (timingSafeEqual(entry.hash, presented) && !found) found = entry;
    }
    return found ? { name: found.name, role: found.role, via: 'api-key' } : null;
  }
}

/** crypto.hash: one call, without a Hash object per request (every request presents a key). */
function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}
