import { parseArgs } from 'node:util';
import { buildEngine } from '../engine/build-engine';
import { listen } from '../server/listen';
import { ConfigError, integer } from '../util/config-values';
import { onShutdown } from './cli-support';

const USAGE = `lookout-gateway engine [--port 4100] [--host 127.0.0.1] [--data ./.lookout-data]
                       [--region us-east-1] [--account 000000000000] [--max-rps N] [--access-key-id ID ...]`;

/** Runs the Lookout-compatible engine on its own. */
export async function engineCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      region: { type: 'string' },
      account: { type: 'string' },
      'max-rps': { type: 'string' },
      'access-key-id': { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const account = values.account ?? env.LOOKOUT_ACCOUNT ?? '000000000000';
  if (!/^\d{12}$/.test(account)) throw new ConfigError('--account must be 12 digits.');
  const engine = buildEngine({
    dataDir: values.data ?? env.LOOKOUT_DATA_DIR ?? '.lookout-data',
    region: values.region ?? env.AWS_REGION ?? 'us-east-1',
    account,
    requestsPerSecond: values['max-rps'] ? integer('--max-rps', values['max-rps'], 1, 1_000_000) : undefined,
    allowedAccessKeyIds: values['access-key-id'],
  });
  const http = await listen(engine.handler, integer('--port', values.port ?? env.LOOKOUT_ENGINE_PORT ?? '4100', 0, 65535), values.host ?? '127.0.0.1');
  console.log(`Lookout engine listening at ${http.url} (data: ${values.data ?? env.LOOKOUT_DATA_DIR ?? '.lookout-data'})`);
  onShutdown(async () => {
    await http.close();
    await engine.close();
  });
}
