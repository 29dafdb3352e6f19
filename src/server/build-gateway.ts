import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import express, { type Express } from 'express';
import { buildGatewaySchema } from '../schema/build-schema';
import { LookoutApi } from '../services/lookout-api';
import { createRequestServices, type ServiceOptions } from '../services/request-services';
import { logUnknownModelStatusOnce } from '../services/unknown-model-status';
import type { GatewayContext } from './context';
import { formatError } from './format-error';
import { healthRoutes } from './health';
import { httpErrorHandler } from './http-errors';
import { landingPage } from './landing-page';
import { queryComplexityPlugin } from './query-complexity';
import { uploadMiddleware } from './upload-middleware';

export interface GatewayDeps {
  client: LookoutVisionClient;
  maxUploadBytes: number;
  /** Most an operation may cost (see src/resolvers/complexity.ts); default 2000. */
  maxQueryComplexity?: number;
  /** Shown on the landing page, e.g. "embedded engine at http://127.0.0.1:4100". */
  backendDescription: string;
  log?: (message: string, error: unknown) => void;
}

export interface Gateway {
  app: Express;
  apollo: ApolloServer<GatewayContext>;
  stop(): Promise<void>;
}

/** Builds the gateway's HTTP app without listening (see main.ts for that). */
export async function buildGateway(deps: GatewayDeps): Promise<Gateway> {
  const log = deps.log ?? ((message, error) => console.error(`[gateway] ${message}:`, error));
  const api = new LookoutApi(deps.client);
  const serviceOptions: ServiceOptions = { maxUploadBytes: deps.maxUploadBytes, onUnknownModelStatus: logUnknownModelStatusOnce(log) };
  const schema = buildGatewaySchema();
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: formatError(log),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), queryComplexityPlugin(schema, deps.maxQueryComplexity ?? 2000)],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/', landingPage(() => deps.backendDescription));
  app.use(healthRoutes(() => api.ping()));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    ...uploadMiddleware(deps.maxUploadBytes),
    expressMiddleware(apollo, {
      context: async () => createRequestServices(api, serviceOptions),
    }),
  );
  app.use(httpErrorHandler(log));

  return { app, apollo, stop: () => apollo.stop() };
}
