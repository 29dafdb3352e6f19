import 'reflect-metadata';
import { buildGateway } from './server/build-gateway';
import { ConfigError, loadConfig, type GatewayConfig } from './server/config';
import { listen } from './server/listen';
import { createLookoutClient } from './server/lookout-client';

async function main(): Promise<void> {
  const config = loadConfig();
  const backend = await connectBackend(config);
  const gateway = await buildGateway({
    client: createLookoutClient({ region: config.backend.region, endpoint: backend.endpoint }),
    maxUploadBytes: config.maxUploadBytes,
    backendDescription: backend.description,
  });
  const http = await listen(gateway.app, config.port, config.host);
  console.log(`Lookout Gateway at ${http.url}/graphql (backend: ${backend.description})`);

  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await http.close().catch(() => {});
    await gateway.stop();
    await backend.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

interface ConnectedBackend {
  endpoint?: string;
  description: string;
  stop(): Promise<void>;
}

async function connectBackend(config: GatewayConfig): Promise<ConnectedBackend> {
  const backend = config.backend;
  switch (backend.kind) {
    case 'endpoint':
      return { endpoint: backend.url, description: `Lookout endpoint ${backend.url}`, stop: async () => {} };
    case 'aws':
      return { description: `Amazon Lookout for Vision in ${backend.region}`, stop: async () => {} };
    case 'embedded':
      throw new ConfigError('The embedded Lookout engine is not built yet: set LOOKOUT_ENDPOINT to a Lookout-compatible endpoint, or LOOKOUT_BACKEND=aws.');
  }
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  console.error('Lookout Gateway failed to start:', error);
  process.exit(1);
});
