import { parseArgs } from 'node:util';
import { ConfigError, integer } from '../util/config-values';

export { ConfigError } from '../util/config-values';

/** Where the gateway sends its Lookout calls. */
export type LookoutBackend =
  | { kind: 'endpoint'; url: string; region: string }
  | { kind: 'aws'; region: string }
  | { kind: 'embedded'; region: string; dataDir: string; account: string };

export interface GatewayConfig {
  port: number;
  host: string;
  maxUploadBytes: number;
  maxQueryComplexity: number;
  backend: LookoutBackend;
  /** Seed the demo project into an embedded engine's fresh data directory. */
  seedDemo: boolean;
}

const MiB = 1024 * 1024;

/**
 * Configuration from the environment, overridden by command-line flags of the
 * same meaning (`PORT` / `--port`, `LOOKOUT_ENDPOINT` / `--lookout-endpoint`...).
 */
export function loadConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'lookout-endpoint': { type: 'string' },
      'lookout-backend': { type: 'string' },
      'max-upload-bytes': { type: 'string' },
      'max-query-complexity': { type: 'string' },
      region: { type: 'string' },
      data: { type: 'string' },
      'no-demo': { type: 'boolean' },
    },
  });
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = values['lookout-endpoint'] ?? env.LOOKOUT_ENDPOINT;
  const backendName = values['lookout-backend'] ?? env.LOOKOUT_BACKEND ?? 'embedded';
  return {
    port: integer('PORT', values.port ?? env.PORT ?? '4000', 0, 65535),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    maxUploadBytes: integer('MAX_UPLOAD_BYTES', values['max-upload-bytes'] ?? env.MAX_UPLOAD_BYTES ?? String(8 * MiB), 1, 64 * MiB),
    maxQueryComplexity: integer('MAX_QUERY_COMPLEXITY', values['max-query-complexity'] ?? env.MAX_QUERY_COMPLEXITY ?? '2000', 1, 1_000_000),
    backend: backend(endpoint, backendName, region, values.data ?? env.LOOKOUT_DATA_DIR ?? '.lookout-data', env.LOOKOUT_ACCOUNT ?? '000000000000'),
    seedDemo: !values['no-demo'] && env.LOOKOUT_DEMO !== '0',
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
