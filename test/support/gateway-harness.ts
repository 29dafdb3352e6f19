import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { buildGateway, type Gateway, type GatewayDeps } from '../../src/server/build-gateway';
import type { GatewayLimits } from '../../src/server/config';
import { createServer, listen } from '../../src/server/listen';
import { logFunctions } from '../../src/server/logger';
import { GraphQLClient } from './graphql-client';

export interface RunningGateway {
  url: string;
  port: number;
  /** A client with no credentials (enough in development mode). */
  client: GraphQLClient;
  logged: unknown[];
  /** The gateway's info lines (one per mutation). */
  lines: string[];
  /** For the model runtime and tests: the gateway's metrics. */
  metrics: Gateway['metrics'];
  /** The gateway's status watcher (`watching`: models with a poller now). */
  statusWatcher: Gateway['statusWatcher'];
  /** Open subscription sockets. */
  subscriptionClients(): number;
  /** Control, ledger, audit, policies and the scheduler (tests tick it with a moved clock). */
  runtime: Gateway['runtime'];
  close(): Promise<void>;
}

/**
 * `logger`: also write what is logged as the gateway's JSON lines (tests of the log format).
 * `port`: listen there instead of on a free port (a test that restarts the gateway where browsers expect it).
 */
export interface GatewayOptions extends Partial<GatewayLimits>, Pick<GatewayDeps, 'security' | 'production' | 'logger' | 'stateStore' | 'replicaId' | 'statusPolling' | 'runtime'> {
  port?: number;
}

/** The real gateway on a loopback port (a free one unless `port`), over the given Lookout client. */
export async function startGateway(lookout: LookoutVisionClient, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logged: unknown[] = [];
  const lines: string[] = [];
  // Most tests count upstream calls per request or change the engine behind the gateway's back:
  // they run without the shared read cache unless they ask for it (test/gateway-shared-reads.test.ts).
  const { security, production, logger, stateStore, replicaId, statusPolling, runtime, port = 0, ...given } = options;
  const limits: Partial<GatewayLimits> = { readCacheTtlMs: 0, ...given };
  const structured = logger ? logFunctions(logger) : undefined;
  const server = createServer(undefined, limits);
  const gateway = await buildGateway({
    client: lookout,
    limits,
    security,
    production,
    httpServer: server,
    stateStore,
    replicaId,
    statusPolling,
    // Tests tick the scheduler themselves unless they ask for a pace.
    runtime: { schedulerTickMs: 0, ...runtime },
    backendDescription: 'test backend',
    log: (message, error) => {
      logged.push(error);
      structured?.log(message, error);
    },
    info: (line) => {
      lines.push(line);
      structured?.info(line);
    },
  });
  server.on('request', gateway.app);
  const http = await listen(server, port, '127.0.0.1');
  return {
    url: http.url,
    port: Number(new URL(http.url).port),
    client: new GraphQLClient(http.url),
    logged,
    lines,
    metrics: gateway.metrics,
    statusWatcher: gateway.statusWatcher,
    subscriptionClients: () => gateway.subscriptions?.clients ?? 0,
    runtime: gateway.runtime,
    close: () => gateway.stop(),
  };
}
