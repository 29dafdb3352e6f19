import { parseArgs } from 'node:util';
import { buildEngine } from '../engine/build-engine';
import { loadCredentialsFile } from '../engine/http/credentials-file';
import { checkListenAddress } from '../engine/http/listen-policy';
import { listen } from '../server/listen';
import { ConfigError, integer } from '../util/config-values';
import { tuneHeapGrowth } from '../util/heap-growth';
import { onShutdown } from './cli-support';
import { limitFlagOptions, limitFlagUsage, limitsFromFlags } from './engine-limit-flags';

/** Slow clients may not hold connections for Node's default five minutes. */
const SERVER_LIMITS = { requestTimeoutMs: 120_000, headersTimeoutMs: 10_000, maxConnections: 1024 };
const SHUTDOWN_GRACE_MS = 10_000;

const USAGE = `lookout-gateway engine [--port 4100] [--host 127.0.0.1] [--data ./.lookout-data] [--credentials FILE]
                       [--region us-east-1] [--account 000000000000] [--max-rps N] [--host-names NAME,...]
--credentials FILE  lines ACCESS_KEY_ID:SECRET_ACCESS_KEY (# comments allowed); every request must
                    then be SigV4-signed with one of them. Without it any request is served, and
                    only on a loopback --host.
--host-names NAMES  further names clients use for the engine (comma-separated); S3 requests to
                    BUCKET.NAME are virtual-hosted style. localhost and --host always count.
Limits (each answered with the AWS error a client expects):
${limitFlagUsage}`;

/** Runs the Lookout-compatible engine on its own. */
export async function engineCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  tuneHeapGrowth();
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      credentials: { type: 'string' },
      region: { type: 'string' },
      account: { type: 'string' },
      'max-rps': { type: 'string' },
      'host-names': { type: 'string' },
      ...limitFlagOptions,
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const account = values.account ?? env.LOOKOUT_ACCOUNT ?? '000000000000';
  if (!/^\d{12}$/.test(account)) throw new ConfigError('--account must be 12 digits.');
  const host = values.host ?? '127.0.0.1';
  const port = integer('--port', values.port ?? env.LOOKOUT_ENGINE_PORT ?? '4100', 0, 65535);
  const credentials = values.credentials === undefined ? undefined : loadCredentialsFile(values.credentials);
  // Before the data directory is opened: a refused start leaves nothing behind.
  checkListenAddress(host, credentials !== undefined);
  const engine = buildEngine({
    dataDir: values.data ?? env.LOOKOUT_DATA_DIR ?? '.lookout-data',
    region: values.region ?? env.AWS_REGION ?? 'us-east-1',
    account,
    requestsPerSecond: values['max-rps'] ? integer('--max-rps', values['max-rps'], 1, 1_000_000) : undefined,
    credentials,
    hostNames: [host, ...(values['host-names'] ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '')],
    limits: limitsFromFlags(values),
  });
  const http = await listen(engine.handler, port, host, SERVER_LIMITS, engine.faults);
  const access = credentials ? `signed requests by ${credentials.size} access key(s)` : 'unsigned requests from this machine';
  console.log(`Lookout engine listening at ${http.url} (data: ${values.data ?? env.LOOKOUT_DATA_DIR ?? '.lookout-data'}; ${access})`);
  onShutdown(async () => {
    // Requests in flight (a detection, an upload) get their answers; then workers stop and trainings are cancelled.
    await http.close(SHUTDOWN_GRACE_MS);
    await engine.close();
  });
}
