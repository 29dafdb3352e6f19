import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context';

/** Who sent the request an error came from, for the operator's log (never the client's answer). */
export type ErrorOrigins = WeakMap<object, string>;

/**
 * One line per mutation (who did what, and how it ended), and the caller and
 * operation of every error, so a failure in the log names whom it hit. The
 * caller is the key's or token's name, never the secret.
 */
export function requestLogPlugin(info: (line: string) => void, origins: ErrorOrigins): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const caller = () => `${contextValue.identity.name} (${contextValue.identity.role})`;
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) origins.set(error, `${caller()}, operation ${operationName ?? 'anonymous'}`);
        },
        async willSendResponse({ operation, operationName, response }) {
          if (operation?.operation !== 'mutation') return;
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = (body?.errors ?? []).map((e) => String(e.extensions?.code));
          info(`mutation ${operationName ?? 'anonymous'} by ${caller()}: ${codes.length === 0 ? 'ok' : codes.join(', ')}`);
        },
      };
    },
  };
}
