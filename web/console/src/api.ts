import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { GatewayClient, GatewayRequestError, type FileInput, type WithFiles } from '../../../src/client/gateway-client';
import type { Role } from '../../../src/client/generated/graphql';
import { socketUrl } from './session';

export { GatewayRequestError };
export type { WithFiles };

/** The console's way to the gateway: typed documents over HTTP, graphql-ws for live status; both with the session's key. */
export interface Api {
  key: string | null;
  http: GatewayClient;
  sockets: Client;
}

export function createApi(key: string | null): Api {
  return {
    key,
    // By trusted document id, so the console also works under PERSISTED_OPERATIONS=only; as text for a gateway that does not know the id.
    http: new GatewayClient(window.location.origin, { apiKey: key ?? undefined, documentIdFirst: true }),
    sockets: createClient({ url: socketUrl(), lazy: true, connectionParams: key ? { authorization: `Bearer ${key}` } : {}, retryAttempts: 5 }),
  };
}

/** The typed client's request with the variables given: its optional-variables signature cannot see through a generic V. */
function send<T, V extends Vars>(api: Api, document: TypedDocumentNode<T, V>, variables: WithFiles<V>): Promise<T> {
  const request = api.http.request as (document: TypedDocumentNode<T, V>, variables: WithFiles<V>) => Promise<T>;
  return request.call(api.http, document, variables);
}

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('no ApiContext');
  return api;
}

const RANK: Record<Role, number> = { VIEWER: 0, INFERENCE: 1, ADMIN: 2 };

/** Whether a caller holding `held` may do what needs `needed` (the gateway's roles include the ones below them). */
export function allows(held: Role | undefined, needed: Role): boolean {
  return held !== undefined && RANK[held] >= RANK[needed];
}

export const RoleContext = createContext<Role | undefined>(undefined);
export const useRole = () => useContext(RoleContext);

/** A message for an error: the gateway's own message and code. */
export function describeError(error: unknown): string {
  if (error instanceof GatewayRequestError) return `${error.message} (${error.codes.join(', ')})`;
  return error instanceof Error ? error.message : String(error);
}

type Vars = Record<string, unknown>;

export interface QueryState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  refetch(): void;
}

/** Runs a query when its variables change; `refetch` runs it again (keeping the data shown meanwhile). */
export function useQuery<T, V extends Vars>(document: TypedDocumentNode<T, V>, variables: V, skip = false): QueryState<T> {
  const api = useApi();
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: !skip });
  const [tick, setTick] = useState(0);
  const vars = JSON.stringify(variables);
  useEffect(() => {
    if (skip) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    send(api, document, JSON.parse(vars) as WithFiles<V>).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [api, document, vars, tick, skip]);
  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, refetch };
}

export interface MutationState<T> {
  running: boolean;
  error: unknown;
  result: T | null;
}

/** A mutation to run on demand; resolves with its data, or null after an error (kept in the state to show). */
export function useMutation<T, V extends Vars>(document: TypedDocumentNode<T, V>): [(variables: WithFiles<V>) => Promise<T | null>, MutationState<T>] {
  const api = useApi();
  const [state, setState] = useState<MutationState<T>>({ running: false, error: null, result: null });
  const run = useCallback(
    async (variables: WithFiles<V>) => {
      setState({ running: true, error: null, result: null });
      try {
        const result = await send(api, document, variables);
        setState({ running: false, error: null, result });
        return result;
      } catch (error) {
        setState({ running: false, error, result: null });
        return null;
      }
    },
    [api, document],
  );
  return [run, state];
}

/** The latest event of a subscription (graphql-ws), from its start until the component goes or the variables change. */
export function useSubscription<T, V extends Vars>(document: TypedDocumentNode<T, V>, variables: V, onEvent?: (data: T) => void): { data: T | null; error: unknown } {
  const api = useApi();
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const vars = JSON.stringify(variables);
  useEffect(() => {
    setState({ data: null, error: null });
    return api.sockets.subscribe<T>(
      { query: print(document), variables: JSON.parse(vars) as V },
      {
        next: (event) => {
          if (event.errors?.length) setState((s) => ({ ...s, error: new GatewayRequestError(200, event.errors as GatewayRequestError['errors']) }));
          if (event.data) {
            setState({ data: event.data as T, error: null });
            handler.current?.(event.data as T);
          }
        },
        error: (error) => setState((s) => ({ ...s, error: error instanceof Error ? error : new Error('The live status connection closed.') })),
        complete: () => {},
      },
    );
  }, [api, document, vars]);
  return state;
}

/** A file the typed client can upload. */
export async function fileInput(file: File): Promise<FileInput> {
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}
