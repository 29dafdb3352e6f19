import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { buildGateway, type GatewayDeps } from '../../src/server/build-gateway';
import type { GatewayLimits } from '../../src/server/config';
import { createServer, listen } from '../../src/server/listen';
import { GraphQLClient } from './graphql-client';

export interface RunningGateway {
  url: string;
  /** A client with no credentials (enough in development mode). */
  client: GraphQLClient;
  logged: unknown[];
  /** The gateway's info lines (one per mutation). */
  lines: string[];
  close(): Promise<void>;
}

export interface GatewayOptions extends Partial<GatewayLimits>, Pick<GatewayDeps, 'security' | 'production'> {}

/** The real gateway on an ephemeral loopback port, over the given Lookout client. */
export async function startGateway(lookout: LookoutVisionClient, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logged: unknown[] = [];
  const lines: string[] = [];
  const { security, production, ...limits } = options;
  const server = createServer(undefined, limits);
  const gateway = await buildGateway({
    client: lookout,
    limits,
    security,
    production,
    httpServer: server,
    backendDescription: 'test backend',
    log: (_message, error) => logged.push(error),
    info: (line) => lines.push(line),
  });
  server.on('request', gateway.app);
  const http = await listen(server, 0, '127.0.0.1');
  return {
    url: http.url,
    client: new GraphQLClient(http.url),
    logged,
    lines,
    close: () => gateway.stop(),
  };
}
