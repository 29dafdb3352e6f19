import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * A subscription sent as an HTTP request would run once as a plain query,
 * with no event to resolve; it is refused with 400 and where to send it:
 * subscriptions run over WebSocket (graphql-ws) on the same path.
 */
export function refuseSubscriptionsOverHttp(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError('Subscriptions run over WebSocket (the graphql-transport-ws protocol) on /graphql, not over HTTP requests.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        },
      };
    },
  };
}
