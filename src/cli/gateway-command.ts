import { buildGateway } from '../server/build-gateway';
import { loadConfig, type GatewayConfig } from '../server/config';
import { listen } from '../server/listen';
import { createLookoutClient } from '../server/lookout-client';
import { startEmbeddedEngine } from './embedded-engine';
import { onShutdown } from './cli-support';
import { seedDemo } from '../demo/seed-demo';

/** Runs the GraphQL gateway, with the embedded engine unless configured otherwise. */
export async function gatewayCommand(argv: string[]): Promise<void> {
  const config = loadConfig(argv);
  const backend = await connectBackend(config);
  const gateway = await buildGateway({
    client: createLookoutClient({ region: config.backend.region, endpoint: backend.endpoint }),
    maxUploadBytes: config.maxUploadBytes,
    maxQueryComplexity: config.maxQueryComplexity,
    backendDescription: backend.description,
  });
  const http = await listen(gateway.app, config.port, config.host);
  console.log(`Lookout Gateway at ${http.url}/graphql (backend: ${backend.description})`);
  onShutdown(async () => {
    await http.close();
    await gateway.stop();
    await backend.stop();
  });
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
    case 'embedded': {
      const engine = await startEmbeddedEngine(backend.dataDir, backend.region, backend.account);
      if (config.seedDemo) await seedDemo(createLookoutClient({ region: backend.region, endpoint: engine.url }), backend.dataDir);
      return { endpoint: engine.url, description: `embedded engine at ${engine.url} (data: ${backend.dataDir})`, stop: engine.stop };
    }
  }
}
