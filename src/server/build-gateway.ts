import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { ApiKeys } from '../auth/api-keys';
import { Authenticator } from '../auth/authenticator';
import { buildGatewaySchema } from '../schema/build-schema';
import { LookoutApi } from '../services/lookout-api';
import { createRequestServices, type ServiceOptions } from '../services/request-services';
import { logUnknownModelStatusOnce } from '../services/unknown-model-status';
import { AdmissionGate } from '../util/admission-gate';
import { authentication, identityOf } from './authentication';
import { defaultLimits, type GatewayLimits } from './config';
import type { GatewayContext } from './context';
import { corsPolicy } from './cors-policy';
import { formatError } from './format-error';
import { healthRoutes } from './health';
import { hostCheck } from './host-check';
import { httpErrorHandler } from './http-errors';
import { landingPage } from './landing-page';
import { operationLimits } from './operation-limits';
import { queryComplexityPlugin } from './query-complexity';
import { rateLimit } from './rate-limit';
import { requestLogPlugin, type ErrorOrigins } from './request-log';
import type { SecurityConfig } from './security-config';
import { TrustedDocuments, trustedDocumentsGate } from './trusted-documents';
import { uploadMiddleware } from './upload-middleware';

export interface GatewayDeps {
  client: LookoutVisionClient;
  /** Defaults for any not given: config.ts LIMIT_SETTINGS. */
  limits?: Partial<GatewayLimits>;
  /** Development mode (everyone an admin, loopback hosts only, no CORS) for any part not given. */
  security?: Partial<SecurityConfig>;
  /** No introspection and no schema hints in errors. */
  production?: boolean;
  /** The server the app will be served by, so shutdown drains it (Apollo's drain plugin). */
  httpServer?: Server;
  /** Shown on the landing page: the kind of backend, never its address. */
  backendDescription: string;
  log?: (message: string, error: unknown) => void;
  /** One line per mutation, naming the caller. */
  info?: (line: string) => void;
}

export interface Gateway {
  app: Express;
  apollo: ApolloServer<GatewayContext>;
  /** Stops accepting requests, lets those in flight finish (within the grace period), then stops. */
  stop(): Promise<void>;
}

/** Builds the gateway's HTTP app without listening (src/cli/gateway-command.ts listens). */
export async function buildGateway(deps: GatewayDeps): Promise<Gateway> {
  const log = deps.log ?? ((message, error) => console.error(`[gateway] ${message}:`, error));
  const info = deps.info ?? ((line) => console.log(`[gateway] ${line}`));
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
  const api = new LookoutApi(deps.client, {
    readMs: limits.upstreamReadTimeoutMs,
    changeMs: limits.upstreamChangeTimeoutMs,
    detectMs: limits.upstreamDetectTimeoutMs,
  });
  const serviceOptions: ServiceOptions = {
    maxUploadBytes: limits.maxUploadBytes,
    onUnknownModelStatus: logUnknownModelStatusOnce(log),
    detections: new AdmissionGate({
      concurrency: limits.maxConcurrentDetections,
      queueLength: limits.detectionQueueLength,
      queueTimeoutMs: limits.detectionQueueTimeoutMs,
    }),
  };
  const schema = buildGatewaySchema();
  const shape = operationLimits({ maxDepth: limits.maxQueryDepth, maxAliases: limits.maxAliases, maxTokens: limits.maxQueryTokens });
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: formatError(log, errorOrigins),
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
      queryComplexityPlugin(schema, limits.maxQueryComplexity),
      requestLogPlugin(info, errorOrigins),
      ...(deps.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer, stopGracePeriodMillis: limits.shutdownGraceMs })] : []),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(hostCheck(security.allowedHosts));
  app.get('/', landingPage(() => deps.backendDescription));
  app.use(healthRoutes(() => api.ping()));
  app.use(
    '/graphql',
    // Order matters: preflights need no credentials; nothing of the body is read before the caller is known and within budget.
    corsPolicy(security.corsOrigins),
    authentication(security.authenticator, log),
    rateLimit({ perSecond: limits.rateLimitPerSecond, burst: limits.rateLimitBurst }),
    express.json({ limit: limits.maxBodyBytes }),
    ...uploadMiddleware(limits.maxUploadBytes),
    trustedDocumentsGate(security.trustedDocuments, security.trustedDocumentsMode),
    expressMiddleware(apollo, {
      context: async ({ res }) => ({ ...createRequestServices(api, serviceOptions), identity: identityOf(res.locals) }),
    }),
  );
  app.use(httpErrorHandler(log));

  return { app, apollo, stop: () => apollo.stop() };
}
