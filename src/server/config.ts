import { parseArgs } from 'node:util';
import { ConfigError, integer } from '../util/config-values';
import { isLoopbackHost } from '../util/loopback';
import { loadSecurityConfig, type SecurityConfig } from './security-config';
import { storageFromEnv } from './storage-config';
import type { StorageConfig } from '../services/storage-locations';

export { ConfigError } from '../util/config-values';

/** Where the gateway sends its Lookout calls. */
export type LookoutBackend =
  | { kind: 'endpoint'; url: string; region: string }
  | { kind: 'aws'; region: string }
  | { kind: 'embedded'; region: string; dataDir: string; account: string };

/** Bounds on the work one request, one caller or all callers together can cause; each is typed when hit. */
export interface GatewayLimits {
  /** One uploaded file (an image or a mask). */
  maxUploadBytes: number;
  /** Files of one multipart request (addImages: images and masks). */
  maxUploadFiles: number;
  /** All of one multipart request. */
  maxBatchUploadBytes: number;
  /** JSON request bodies (not uploads). */
  maxBodyBytes: number;
  maxQueryComplexity: number;
  maxQueryDepth: number;
  maxAliases: number;
  /** Lexical tokens of one operation's text, checked while parsing. */
  maxQueryTokens: number;
  /** Whole request, headers and body (an upload on a slow link included). */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  maxConnections: number;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Detections forwarded to Lookout at once; more wait in a short queue, then THROTTLED. */
  maxConcurrentDetections: number;
  detectionQueueLength: number;
  detectionQueueTimeoutMs: number;
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  shutdownGraceMs: number;
  /** Deadlines on Lookout calls, retries included: reads, start/stop, and detections. */
  upstreamReadTimeoutMs: number;
  upstreamChangeTimeoutMs: number;
  upstreamDetectTimeoutMs: number;
  /** How long an upstream read may be reused by other requests (0: never); see SharedReadCache. */
  readCacheTtlMs: number;
}

export interface GatewayConfig {
  port: number;
  host: string;
  limits: GatewayLimits;
  security: SecurityConfig;
  /** NODE_ENV=production: no introspection, no field suggestions in errors. */
  production: boolean;
  backend: LookoutBackend;
  /** Seed the demo project into an embedded engine's fresh data directory. */
  seedDemo: boolean;
  /** The gateway's own state: STATE_DATABASE_URL (unset: a SQLite file in `dataDir`), and how often policies are applied. */
  state: { databaseUrl: string | undefined; dataDir: string; policyIntervalMs: number };
  /** S3 buckets and prefixes for uploaded images and training output. */
  storage: StorageConfig;
}

const MiB = 1024 * 1024;

interface LimitSetting {
  env: string;
  flag?: 'max-upload-bytes' | 'max-query-complexity';
  fallback: number;
  min: number;
  max: number;
}

/** Every limit: its environment variable, default and allowed range (the README's table follows this). */
export const LIMIT_SETTINGS: Record<keyof GatewayLimits, LimitSetting> = {
  maxUploadBytes: { env: 'MAX_UPLOAD_BYTES', flag: 'max-upload-bytes', fallback: 8 * MiB, min: 1, max: 64 * MiB },
  maxUploadFiles: { env: 'MAX_UPLOAD_FILES', fallback: 200, min: 1, max: 10_000 },
  maxBatchUploadBytes: { env: 'MAX_BATCH_UPLOAD_BYTES', fallback: 256 * MiB, min: 1, max: 16 * 1024 * MiB },
  maxBodyBytes: { env: 'MAX_BODY_BYTES', fallback: 1 * MiB, min: 1024, max: 64 * MiB },
  maxQueryComplexity: { env: 'MAX_QUERY_COMPLEXITY', flag: 'max-query-complexity', fallback: 2000, min: 1, max: 1_000_000 },
  maxQueryDepth: { env: 'MAX_QUERY_DEPTH', fallback: 10, min: 1, max: 100 },
  maxAliases: { env: 'MAX_QUERY_ALIASES', fallback: 30, min: 0, max: 10_000 },
  maxQueryTokens: { env: 'MAX_QUERY_TOKENS', fallback: 3000, min: 10, max: 1_000_000 },
  requestTimeoutMs: { env: 'REQUEST_TIMEOUT_MS', fallback: 120_000, min: 1000, max: 3_600_000 },
  headersTimeoutMs: { env: 'HEADERS_TIMEOUT_MS', fallback: 10_000, min: 1000, max: 600_000 },
  maxConnections: { env: 'MAX_CONNECTIONS', fallback: 1024, min: 1, max: 1_000_000 },
  rateLimitPerSecond: { env: 'RATE_LIMIT_PER_SECOND', fallback: 100, min: 1, max: 1_000_000 },
  rateLimitBurst: { env: 'RATE_LIMIT_BURST', fallback: 200, min: 1, max: 1_000_000 },
  maxConcurrentDetections: { env: 'MAX_CONCURRENT_DETECTIONS', fallback: 16, min: 1, max: 10_000 },
  detectionQueueLength: { env: 'DETECTION_QUEUE_LENGTH', fallback: 64, min: 0, max: 100_000 },
  detectionQueueTimeoutMs: { env: 'DETECTION_QUEUE_TIMEOUT_MS', fallback: 10_000, min: 0, max: 600_000 },
  shutdownGraceMs: { env: 'SHUTDOWN_GRACE_MS', fallback: 10_000, min: 0, max: 600_000 },
  upstreamReadTimeoutMs: { env: 'UPSTREAM_READ_TIMEOUT_MS', fallback: 10_000, min: 100, max: 600_000 },
  upstreamChangeTimeoutMs: { env: 'UPSTREAM_CHANGE_TIMEOUT_MS', fallback: 15_000, min: 100, max: 600_000 },
  upstreamDetectTimeoutMs: { env: 'UPSTREAM_DETECT_TIMEOUT_MS', fallback: 30_000, min: 100, max: 600_000 },
  readCacheTtlMs: { env: 'READ_CACHE_TTL_MS', fallback: 1000, min: 0, max: 60_000 },
};

/** The limits with nothing configured. */
export function defaultLimits(): GatewayLimits {
  return Object.fromEntries(Object.entries(LIMIT_SETTINGS).map(([key, spec]) => [key, spec.fallback])) as unknown as GatewayLimits;
}

/** A flag of `serve`: what it overrides, and its line in `serve --help`. */
interface ServeFlag {
  type: 'string' | 'boolean';
  /** The argument's name in the help, for a string flag. */
  value?: string;
  help: string;
}

/** The flags of `serve`, each overriding an environment variable: parsed by loadConfig, listed by serveUsage. */
const SERVE_FLAGS = {
  port: { type: 'string', value: 'port', help: 'PORT, default 4000 (0: any free port)' },
  host: { type: 'string', value: 'host', help: 'HOST, default 127.0.0.1' },
  'lookout-endpoint': { type: 'string', value: 'url', help: 'LOOKOUT_ENDPOINT: another engine or AWS; the embedded engine is then off' },
  'lookout-backend': { type: 'string', value: 'kind', help: 'LOOKOUT_BACKEND: embedded (default) or aws' },
  region: { type: 'string', value: 'region', help: 'AWS_REGION, default us-east-1' },
  data: { type: 'string', value: 'dir', help: 'LOOKOUT_DATA_DIR, default ./.lookout-data' },
  'max-upload-bytes': { type: 'string', value: 'n', help: `MAX_UPLOAD_BYTES, default ${LIMIT_SETTINGS.maxUploadBytes.fallback}` },
  'max-query-complexity': { type: 'string', value: 'n', help: `MAX_QUERY_COMPLEXITY, default ${LIMIT_SETTINGS.maxQueryComplexity.fallback}` },
  'no-demo': { type: 'boolean', help: 'LOOKOUT_DEMO=0: do not seed the demo project' },
} as const satisfies Record<string, ServeFlag>;

/** `lookout-gateway serve --help`. */
export function serveUsage(): string {
  const flags = Object.entries(SERVE_FLAGS).map(([name, flag]: [string, ServeFlag]) => `  ${`--${name}${flag.value ? ` <${flag.value}>` : ''}`.padEnd(30)} ${flag.help}`);
  return [
    'Usage: lookout-gateway serve [options]     (the default command)',
    '',
    'The GraphQL gateway, with the embedded Lookout-compatible engine unless configured otherwise.',
    'Each flag overrides an environment variable of the same meaning (README.md, Configuration):',
    ...flags,
    'API keys, JWTs and limits are environment variables only (API_KEYS, JWT_SECRET...: SECURITY.md).',
  ].join('\n');
}

/**
 * Configuration from the environment, overridden by command-line flags of the
 * same meaning (`PORT` / `--port`, `LOOKOUT_ENDPOINT` / `--lookout-endpoint`...).
 */
export function loadConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(Object.entries(SERVE_FLAGS).map(([name, flag]) => [name, { type: flag.type }])) as { [K in keyof typeof SERVE_FLAGS]: { type: (typeof SERVE_FLAGS)[K]['type'] } },
  });
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = values['lookout-endpoint'] ?? env.LOOKOUT_ENDPOINT;
  const backendName = values['lookout-backend'] ?? env.LOOKOUT_BACKEND ?? 'embedded';
  const host = values.host ?? env.HOST ?? '127.0.0.1';
  const security = loadSecurityConfig(env);
  if (security.authenticator.developmentMode && !isLoopbackHost(host)) {
    throw new ConfigError(
      `No API keys and no JWT are configured, so every caller would be an admin: the gateway then serves only on loopback, not on ${host}. ` +
        'Set API_KEYS="name:role:key,..." (or API_KEYS_FILE, or JWT_SECRET / JWT_JWKS_FILE) to listen on other addresses; see SECURITY.md.',
    );
  }
  // A mistake is named as it was made: the flag when one was given, else the variable.
  const setting = (name: string, flagName: string | undefined, { fallback, min, max }: Pick<LimitSetting, 'fallback' | 'min' | 'max'>) => {
    const flag = flagName ? (values as Record<string, string | undefined>)[flagName] : undefined;
    return integer(flag !== undefined ? `--${flagName}` : name, flag ?? env[name] ?? String(fallback), min, max);
  };
  const limits = Object.fromEntries(Object.entries(LIMIT_SETTINGS).map(([key, spec]) => [key, setting(spec.env, spec.flag, spec)])) as unknown as GatewayLimits;
  const backendConfig = backend(endpoint, backendName, region, values.data ?? env.LOOKOUT_DATA_DIR ?? '.lookout-data', env.LOOKOUT_ACCOUNT ?? '000000000000');
  return {
    port: setting('PORT', 'port', { fallback: 4000, min: 0, max: 65535 }),
    host,
    limits,
    security,
    production: env.NODE_ENV === 'production',
    backend: backendConfig,
    storage: storageFromEnv(env, backendConfig.kind === 'embedded'),
    seedDemo: !values['no-demo'] && env.LOOKOUT_DEMO !== '0',
    state: {
      databaseUrl: env.STATE_DATABASE_URL || undefined,
      dataDir: values.data ?? env.LOOKOUT_DATA_DIR ?? '.lookout-data',
      policyIntervalMs: setting('POLICY_INTERVAL_SECONDS', undefined, { fallback: 30, min: 1, max: 3600 }) * 1000,
    },
  };
}

function backend(endpoint: string | undefined, name: string, region: string, dataDir: string, account: string): LookoutBackend {
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ConfigError(`LOOKOUT_ENDPOINT is not a URL: ${endpoint}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('LOOKOUT_ENDPOINT must be an http(s) URL.');
    return { kind: 'endpoint', url: url.toString().replace(/\/$/, ''), region };
  }
  if (name === 'aws') return { kind: 'aws', region };
  if (name === 'embedded') {
    if (!/^\d{12}$/.test(account)) throw new ConfigError('LOOKOUT_ACCOUNT must be 12 digits.');
    return { kind: 'embedded', region, dataDir, account };
  }
  throw new ConfigError(`LOOKOUT_BACKEND must be "embedded" or "aws", not "${name}".`);
}
