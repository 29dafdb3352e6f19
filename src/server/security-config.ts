import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiKeys } from '../auth/api-keys';
import { Authenticator } from '../auth/authenticator';
import { JwtVerifier } from '../auth/jwt-verifier';
import { ConfigError } from '../util/config-values';
import { TrustedDocuments, type TrustedDocumentsMode } from './trusted-documents';

export interface SecurityConfig {
  authenticator: Authenticator;
  /** Host names served besides the loopback ones (`*`: any). */
  allowedHosts: string[];
  /** Exact origins that get CORS headers. */
  corsOrigins: string[];
  trustedDocuments: TrustedDocuments;
  trustedDocumentsMode: TrustedDocumentsMode;
}

/** The manifest `npm run codegen` writes from the project's own clients' operations. */
export const DEFAULT_TRUSTED_DOCUMENTS = resolve(__dirname, '../../src/client/generated/persisted-documents.json');

/**
 * Identities (API_KEYS, API_KEYS_FILE, JWT_*), allowed hosts, CORS origins
 * and the trusted documents, from the environment. Files are read once, at
 * start-up; a mistake in any of them stops the gateway with a message.
 */
export function loadSecurityConfig(env: NodeJS.ProcessEnv, read: (path: string) => string = readText): SecurityConfig {
  const keysFile = env.API_KEYS_FILE ? { path: env.API_KEYS_FILE, text: read(env.API_KEYS_FILE) } : undefined;
  const apiKeys = ApiKeys.fromConfig(env.API_KEYS, keysFile);
  if ((env.API_KEYS !== undefined || keysFile) && apiKeys.size === 0) throw new ConfigError('API_KEYS / API_KEYS_FILE is set but names no key.');
  if (env.JWT_SECRET !== undefined && env.JWT_JWKS_FILE !== undefined) throw new ConfigError('Set JWT_SECRET or JWT_JWKS_FILE, not both.');
  const jwt =
    env.JWT_SECRET !== undefined || env.JWT_JWKS_FILE !== undefined
      ? new JwtVerifier({
          secret: env.JWT_SECRET,
          jwks: env.JWT_JWKS_FILE !== undefined ? parseJson(env.JWT_JWKS_FILE, read(env.JWT_JWKS_FILE)) : undefined,
          issuer: env.JWT_ISSUER || undefined,
          audience: env.JWT_AUDIENCE || undefined,
          roleClaim: env.JWT_ROLE_CLAIM || 'role',
          nameClaim: env.JWT_NAME_CLAIM || 'sub',
        })
      : null;
  const mode = env.PERSISTED_OPERATIONS ?? 'any';
  if (mode !== 'any' && mode !== 'only') throw new ConfigError(`PERSISTED_OPERATIONS must be "any" or "only", not "${mode}".`);
  return {
    authenticator: new Authenticator(apiKeys, jwt),
    allowedHosts: list(env.ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    corsOrigins: list(env.CORS_ORIGINS).map(origin),
    trustedDocuments: trustedDocumentsOf(env.PERSISTED_OPERATIONS_FILE, read),
    trustedDocumentsMode: mode,
  };
}

/** PERSISTED_OPERATIONS_FILE: one manifest, or several separated by commas (a release's and the previous one's, while old clients remain). */
function trustedDocumentsOf(files: string | undefined, read: (path: string) => string): TrustedDocuments {
  const paths = files === undefined ? [DEFAULT_TRUSTED_DOCUMENTS] : list(files);
  if (paths.length === 0) throw new ConfigError('PERSISTED_OPERATIONS_FILE is set but names no file.');
  return TrustedDocuments.union(paths.map((path) => TrustedDocuments.from(parseJson(path, read(path)), `PERSISTED_OPERATIONS_FILE ${path}`)));
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** An origin exactly as browsers send it: scheme, host, port if not the default; no path. */
function origin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`CORS_ORIGINS: "${value}" is not an origin like https://app.example.com.`);
  }
  if (url.origin !== value.replace(/\/$/, '') || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(`CORS_ORIGINS: "${value}" is not an origin like https://app.example.com (no path, no wildcard).`);
  }
  return url.origin;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${path} is not valid JSON.`);
  }
}
