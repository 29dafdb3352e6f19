import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import express, { type Express } from 'express';
import type { Server } from 'node:http';
import { ApiKeys } from '../auth/api-keys';
import { Authenticator } from '../auth/authenticator';
import type { Identity } from '../auth/roles';
import type { StatusPolling } from '../runtime/model-poller';
import { PollingStatusWatcher } from '../runtime/status-watcher';
import { GatewayRuntime, type RuntimeOptions } from '../runtime/gateway-runtime';
import { EMBEDDED_STORAGE } from './storage-config';
import { StorageLocations, type StorageConfig } from '../services/storage-locations';
import { throwawayStateStore } from '../state/throwaway-state-store';
import { buildGatewaySchema } from '../schema/build-schema';
import { LookoutApi } from '../services/lookout-api';
import type { ServiceOptions } from '../services/request-services';
import { SharedReadCache } from '../services/shared-read-cache';
import { logUnknownModelStatusOnce } from '../services/unknown-model-status';
import type { StateStore } from '../state/state-store';
import { AdmissionGate } from '../util/admission-gate';
import { answerClientFaults } from '../util/client-faults';
import { authentication, identityOf } from './authentication';
import { defaultLimits, type GatewayLimits } from './config';
import { GatewayRequestContext, type GatewayContext } from './context';
import { corsPolicy } from './cors-policy';
import { formatError } from './format-error';
import { graphqlFaultAnswer } from './graphql-fault-answer';
import { graphqlMetricsPlugin } from './graphql-metrics';
import { healthRoutes } from './health';
import { hostCheck } from './host-check';
import { httpErrorHandler, noSuchPath } from './http-errors';
import { refuseSubscriptionsOverHttp } from './http-subscription-refusal';
import { landingPage } from './landing-page';
import { consoleRoutes, graphiqlPage } from './console';
import { logFunctions, loggerFromEnv, type Logger } from './logger';
import { GatewayMetrics, metricsEndpoint } from './metrics';
import { series } from './middleware-series';
import { modelReadiness } from './model-readiness';
import { operationLimits } from './operation-limits';
import { queryComplexityPlugin } from './query-complexity';
import { CallerBudgets, rateLimit } from './rate-limit';
import { requestId } from './request-id';
import { adoptPrototypes } from './request-prototypes';
import { requestLogPlugin, type ErrorOrigins } from './request-log';
import { securityHeaders } from './security-headers';
import type { SecurityConfig } from './security-config';
import { subscriptionProtocol } from './subscription-protocol';
import { drainSubscriptions, startSubscriptionServer, type SubscriptionServer } from './subscriptions';
import { TrustedDocuments, trustedDocumentsGate } from './trusted-documents';
import { uploadMiddleware } from './upload-middleware';
import { instrumentLookoutClient } from './upstream-instrumentation';
import type { S3Client } from '@aws-sdk/client-s3';
import { S3Api } from '../services/s3-api';
import { s3ClientLike } from './s3-client';

export interface GatewayDeps {
  client: LookoutVisionClient;
  /** S3 (evaluation results); by default a client like `client`: same endpoint, region and credentials. */
  s3?: S3Client;
  /** Defaults for any not given: config.ts LIMIT_SETTINGS. */
  limits?: Partial<GatewayLimits>;
  /** Development mode (everyone an admin, loopback hosts only, no CORS) for any part not given. */
  security?: Partial<SecurityConfig>;
  /** No introspection and no schema hints in errors. */
  production?: boolean;
  /** The server the app will be served by, so shutdown drains it (Apollo's drain plugin); subscriptions are upgraded from it. */
  httpServer?: Server;
  /** Shared by the replicas: model status changes travel between them through it. Without one this gateway is alone. */
  stateStore?: StateStore | null;
  /** This replica's name among replicas; random by default. */
  replicaId?: string;
  /** Where uploaded images and training output go in S3; default: the bucket `lookout-gateway` (right for the embedded engine). */
  storage?: StorageConfig;
  /** The model runtime's clock and pace (tests move time by hand and tick the scheduler themselves). */
  runtime?: Omit<RuntimeOptions, 'store' | 'watcher' | 'replicaId'>;
  /** How the status watcher paces DescribeModel (tests speed it up). */
  statusPolling?: Partial<StatusPolling>;
  /** Shown on the landing page: the kind of backend, never its address. */
  backendDescription: string;
  /** Where the default `log` and `info` write: JSON lines on stdout at `LOG_LEVEL` when not given. */
  logger?: Logger;
  log?: (message: string, error: unknown) => void;
  /** One line per mutation, naming the caller. */
  info?: (line: string) => void;
}

export interface Gateway {
  app: Express;
  apollo: ApolloServer<GatewayContext>;
  /** For the model runtime: `setHostedModel`, `countAutomaticAction` (src/server/metrics.ts). */
  metrics: GatewayMetrics;
  /** The one watcher of model statuses: subscriptions, and the runtime's announcements and waits. */
  statusWatcher: PollingStatusWatcher;
  /** The WebSocket server of subscriptions; null without an `httpServer`. */
  subscriptions: SubscriptionServer | null;
  /** Control, accounting, audit, policies and their scheduler (tests tick it and read its parts). */
  runtime: GatewayRuntime;
  /** Stops accepting requests, lets those in flight finish (within the grace period), closes subscriptions, then stops. */
  stop(): Promise<void>;
}

/** Builds the gateway's HTTP app without listening (src/cli/gateway-command.ts listens). */
export async function buildGateway(deps: GatewayDeps): Promise<Gateway> {
  const structuredLog = logFunctions(deps.logger ?? loggerFromEnv());
  const log = deps.log ?? structuredLog.log;
  const info = deps.info ?? structuredLog.info;
  const metrics = new GatewayMetrics();
  const uninstrumentClient = instrumentLookoutClient(deps.client, metrics);
  const errorOrigins: ErrorOrigins = new WeakMap();
  const limits = { ...defaultLimits(), ...deps.limits };
  const security: SecurityConfig = {
    authenticator: new Authenticator(ApiKeys.fromConfig(undefined, undefined), null),
    allowedHosts: [],
    corsOrigins: [],
    trustedDocuments: TrustedDocuments.from({}),
    trustedDocumentsMode: 'any',
    ...deps.security,
  };
  const reads = new SharedReadCache(limits.readCacheTtlMs, undefined, metrics.sharedReadCounters);
  const api = new LookoutApi(
    deps.client,
    {
      readMs: limits.upstreamReadTimeoutMs,
      changeMs: limits.upstreamChangeTimeoutMs,
      detectMs: limits.upstreamDetectTimeoutMs,
    },
    (project) => reads.invalidate(project),
  );
  const onUnknownModelStatus = logUnknownModelStatusOnce(log);
  // Without a store (tests), a throwaway SQLite one: the runtime always has one; replicas share a real one.
  const throwaway = deps.stateStore ? null : await throwawayStateStore();
  const store = deps.stateStore ?? throwaway!.store;
  // Before the services: the model runtime they use is built over it.
  const statusWatcher = await PollingStatusWatcher.start({
    api,
    store,
    replicaId: deps.replicaId,
    polling: deps.statusPolling,
    onUnknownStatus: onUnknownModelStatus,
    onStatusChange: (snapshot) => reads.invalidate(snapshot.project),
    log,
  });
  const runtime = new GatewayRuntime(
    api,
    store,
    statusWatcher,
    {
      ...deps.runtime,
      replicaId: statusWatcher.replicaId,
      onAutomaticAction: (action, outcome, model) => {
        metrics.countAutomaticAction(action, outcome);
        info(`policy ${action} of ${model.project}/${model.version}: ${outcome}`);
      },
      onHostedModel: (model, units) => metrics.setHostedModel(model.project, model.version, units),
    },
    log,
    onUnknownModelStatus,
  );
  const serviceOptions: ServiceOptions = {
    maxUploadBytes: limits.maxUploadBytes,
    onUnknownModelStatus,
    runtime,
    reads,
    storage: new StorageLocations(deps.storage ?? EMBEDDED_STORAGE),
    s3: new S3Api(deps.s3 ?? s3ClientLike(deps.client), { readMs: limits.upstreamReadTimeoutMs, changeMs: limits.upstreamChangeTimeoutMs }),
    detections: new AdmissionGate({
      concurrency: limits.maxConcurrentDetections,
      queueLength: limits.detectionQueueLength,
      queueTimeoutMs: limits.detectionQueueTimeoutMs,
    }),
  };
  const contextFor = (identity: Identity): GatewayContext => new GatewayRequestContext(api, serviceOptions, identity, statusWatcher);
  const schema = buildGatewaySchema();
  const shape = operationLimits({ maxDepth: limits.maxQueryDepth, maxAliases: limits.maxAliases, maxTokens: limits.maxQueryTokens });
  const formatGatewayError = formatError(log, errorOrigins, Boolean(deps.production));
  // One budget per caller for GraphQL, whether a request comes over HTTP or a socket.
  const graphqlBudgets = new CallerBudgets({ perSecond: limits.rateLimitPerSecond, burst: limits.rateLimitBurst });
  const subscriptions = deps.httpServer
    ? startSubscriptionServer({
        httpServer: deps.httpServer,
        path: '/graphql',
        allowedHosts: security.allowedHosts,
        corsOrigins: security.corsOrigins,
        maxMessageBytes: limits.maxBodyBytes,
        protocol: subscriptionProtocol({
          schema,
          shape,
          authenticator: security.authenticator,
          trustedDocuments: security.trustedDocuments,
          trustedDocumentsMode: security.trustedDocumentsMode,
          production: Boolean(deps.production),
          budgets: graphqlBudgets,
          context: contextFor,
          formatError: formatGatewayError,
          origins: errorOrigins,
          log,
        }),
        log,
      })
    : null;
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    // The CLI owns shutdown (drain, then stop the engine, then exit 0); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    introspection: !deps.production,
    hideSchemaDetailsFromClientErrors: Boolean(deps.production),
    parseOptions: shape.parseOptions,
    validationRules: shape.validationRules,
    persistedQueries: { cache: security.trustedDocuments.apolloCache(security.trustedDocumentsMode) },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No field has a cache hint (answers are live model states): working out a policy per request would be waste.
      ApolloServerPluginCacheControlDisabled(),
      refuseSubscriptionsOverHttp(),
      queryComplexityPlugin(schema, limits.maxQueryComplexity),
      requestLogPlugin(info, errorOrigins),
      graphqlMetricsPlugin(metrics),
      ...(deps.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer, stopGracePeriodMillis: limits.shutdownGraceMs })] : []),
      ...(subscriptions ? [drainSubscriptions(subscriptions)] : []),
    ],
  });
  await apollo.start();

  const app = express();
  // The server's requests and responses are this app's from the start (request-prototypes.ts).
  if (deps.httpServer) {
    adoptPrototypes(deps.httpServer, app);
    answerClientFaults(deps.httpServer, (fault) => {
      metrics.countClientFault(fault.kind);
      return graphqlFaultAnswer(fault);
    });
  }
  app.disable('x-powered-by');
  // An ETag is a SHA-1 of every answer, and no GraphQL client revalidates with it: answers are not cacheable anyway.
  app.set('etag', false);
  app.use(series(requestId(), securityHeaders(), hostCheck(security.allowedHosts)));
  // GraphiQL, for a browser's GET (web/console); any other request to /graphql goes on to the API.
  app.get('/graphql', graphiqlPage());
  app.use(
    '/graphql',
    // Order matters: preflights need no credentials; nothing of the body is read before the caller is known and within budget.
    series(
      corsPolicy(security.corsOrigins),
      authentication(security.authenticator, log),
      rateLimit(graphqlBudgets),
      express.json({ limit: limits.maxBodyBytes }),
      uploadMiddleware({ maxFileBytes: limits.maxUploadBytes, maxFiles: limits.maxUploadFiles, maxRequestBytes: Math.max(limits.maxBatchUploadBytes, limits.maxUploadBytes) }),
      trustedDocumentsGate(security.trustedDocuments, security.trustedDocumentsMode),
      expressMiddleware(apollo, {
        context: async ({ res }) => contextFor(identityOf(res.locals)),
      }),
    ),
  );
  // After /graphql, so that API requests, the most frequent by far, do not walk past these routes first.
  app.get('/', landingPage(() => deps.backendDescription));
  // The web console (web/console): static pages over the GraphQL API alone.
  app.use(consoleRoutes());
  app.use(healthRoutes(() => api.ping()));
  // Observability: as /graphql, any authenticated caller; a budget of their own, apart from GraphQL's.
  const probeRateLimit = rateLimit({ perSecond: limits.rateLimitPerSecond, burst: limits.rateLimitBurst });
  app.get('/metrics', authentication(security.authenticator, log), probeRateLimit, metricsEndpoint(metrics));
  app.get('/models/:project/:version/ready', authentication(security.authenticator, log), probeRateLimit, modelReadiness(api, runtime.aliases, log));
  app.use(noSuchPath);
  app.use(httpErrorHandler(log));

  return {
    app,
    apollo,
    metrics,
    statusWatcher,
    subscriptions,
    runtime,
    stop: async () => {
      await apollo.stop();
      await runtime.close();
      await statusWatcher.close();
      await throwaway?.close();
      uninstrumentClient();
      api.detach();
    },
  };
}
