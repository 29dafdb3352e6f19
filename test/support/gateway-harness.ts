import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { buildGateway } from '../../src/server/build-gateway';
import { listen } from '../../src/server/listen';
import { GraphQLClient } from './graphql-client';

export interface RunningGateway {
  url: string;
  client: GraphQLClient;
  logged: unknown[];
  close(): Promise<void>;
}

/** The real gateway on an ephemeral loopback port, over the given Lookout client. */
export async function startGateway(lookout: LookoutVisionClient, options: { maxUploadBytes?: number; maxQueryComplexity?: number } = {}): Promise<RunningGateway> {
  const logged: unknown[] = [];
  const gateway = await buildGateway({
    client: lookout,
    maxUploadBytes: options.maxUploadBytes ?? 8 * 1024 * 1024,
    maxQueryComplexity: options.maxQueryComplexity,
    backendDescription: 'test backend',
    log: (_message, error) => logged.push(error),
  });
  const http = await listen(gateway.app, 0, '127.0.0.1');
  return {
    url: http.url,
    client: new GraphQLClient(http.url),
    logged,
    close: async () => {
      await http.close();
      await gateway.stop();
    },
  };
}
