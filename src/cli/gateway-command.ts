import type { AwsCredentialIdentity } from '@smithy/types';
import { buildGateway } from '../server/build-gateway';
import { loadConfig, type GatewayConfig } from '../server/config';
import { createServer, listen } from '../server/listen';
import { createLookoutClient } from '../server/lookout-client';
import { loggerFromEnv, type Logger } from '../server/logger';
import { startEmbeddedEngine } from './embedded-engine';
import { onShutdown } from './cli-support';
import { seedDemo } from '../demo/seed-demo';
import { describeStateLocation, openStateStore, stateLocation } from '../state/open-state-store';
import { tuneHeapGrowth } from '../util/heap-growth';

/** Runs the GraphQL gateway, with the embedded engine unless configured otherwise. */
export async function gatewayCommand(argv: string[]): Promise<void> {
  tuneHeapGrowth();
  const config = loadConfig(argv);
  const logger = loggerFromEnv();
  const backend = await connectBackend(config, logger);
  const stateLog = (message: string, error: unknown) => logger.error({ err: error }, message);
  const stateStore = await openStateStore(config.state.databaseUrl, config.state.dataDir, { log: stateLog });
  const { limits } = config;
  const server = createServer(undefined, limits);
  const gateway = await buildGateway({
    client: createLookoutClient({ region: config.backend.region, endpoint: backend.endpoint, credentials: backend.credentials }),
    limits,
    security: config.security,
    production: config.production,
    httpServer: server,
    backendDescription: backend.publicDescription,
    logger,
    stateStore,
    storage: config.storage,
    runtime: { schedulerTickMs: config.state.policyIntervalMs },
  });
  server.on('request', gateway.app);
  const http = await listen(server, config.port, config.host);
  const auth = config.security.authenticator.developmentMode ? 'development mode: every caller is admin, loopback only' : 'API keys / JWT required';
  logger.info(`Lookout Gateway at ${http.url}/graphql (backend: ${backend.description}; ${auth}; state: ${describeStateLocation(stateLocation(config.state.databaseUrl, config.state.dataDir))})`);
  onShutdown(async () => {
    // Apollo's drain plugin stops accepting and lets requests in flight finish; then the engine stops its workers.
    await gateway.stop();
    await stateStore.close();
    await backend.stop();
  }, (line) => logger.info(line));
}

interface ConnectedBackend {
  endpoint?: string;
  /** The embedded engine's own; otherwise the environment's. */
  credentials?: AwsCredentialIdentity;
  /** For the operator's console: may name internal addresses and paths. */
  description: string;
  /** For the landing page anyone may load: the kind of backend, no address or path. */
  publicDescription: string;
  stop(): Promise<void>;
}

async function connectBackend(config: GatewayConfig, logger: Logger): Promise<ConnectedBackend> {
  const backend = config.backend;
  switch (backend.kind) {
    case 'endpoint':
      return { endpoint: backend.url, description: `Lookout endpoint ${backend.url}`, publicDescription: 'a Lookout-compatible endpoint', stop: async () => {} };
    case 'aws': {
      const description = `Amazon Lookout for Vision in ${backend.region}`;
      return { description, publicDescription: description, stop: async () => {} };
    }
    case 'embedded': {
      const engine = await startEmbeddedEngine(backend.dataDir, backend.region, backend.account);
      const client = createLookoutClient({ region: backend.region, endpoint: engine.url, credentials: engine.credentials });
      if (config.seedDemo) await seedDemo(client, backend.dataDir, (line) => logger.info(line));
      return {
        endpoint: engine.url,
        credentials: engine.credentials,
        description: `embedded engine at ${engine.url} (data: ${backend.dataDir})`,
        publicDescription: 'the embedded Lookout-compatible engine',
        stop: engine.stop,
      };
    }
  }
}
