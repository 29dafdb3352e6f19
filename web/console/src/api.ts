import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
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
  /** The live-status socket: whether it is connected now, and listeners of its changes. */
  connection: Connection;
}

/** The graphql-ws socket's state: 'idle' before the first subscription, 'reconnecting' after it was lost (and until it is back). */
export type ConnectionState = 'idle' | 'connected' | 'reconnecting';

export interface Connection {
  state: ConnectionState;
  listen(listener: () => void): () => void;
}

/** Retry waits: 0.5 s, 1 s, 2 s... capped at 5 s, with up to 0.5 s of jitter (so many tabs do not come back at once). */
export function retryDelayMs(retries: number): number {
  return Math.min(500 * 2 ** retries, 5_000) + Math.floor(Math.random() * 500);
}

export function createApi(key: string | null): Api {
  const listeners = new Set<() => void>();
  const connection: Connection = {
    state: 'idle',
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const set = (state: ConnectionState) => {
    if (connection.state === state) return;
    connection.state = state;
    for (const l of listeners) l();
  };
  return {
    key,
    // By trusted document id, so the console also works under PERSISTED_OPERATIONS=only; as text for a gateway that does not know the id.
    http: new GatewayClient(window.location.origin, { apiKey: key ?? undefined, documentIdFirst: true }),
    // Live status outlives a gateway restart: retry for ever (with a capped backoff) whatever closed the socket; graphql-ws
    // itself still gives up on a refused key (4401) or a protocol error, and re-subscribes the active subscriptions once back.
    sockets: createClient({
      url: socketUrl(),
      lazy: true,
      connectionParams: key ? { authorization: `Bearer ${key}` } : {},
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
      on: {
        connected: () => set('connected'),
        // 1000 is a normal close (the last subscription went): nothing to reconnect.
        closed: (event) => set((event as { code?: number } | undefined)?.code === 1000 ? 'idle' : 'reconnecting'),
      },
    }),
    connection,
  };
}

/** The live-status socket's state, re-rendering on each change. */
export function useConnectionState(): ConnectionState {
  const api = useApi();
  return useSyncExternalStore(api.connection.listen, () => api.connection.state);
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

/** A message for an error: the gateway's own message and code; a request that never reached the gateway says so. */
export function describeError(error: unknown): string {
  if (error instanceof GatewayRequestError) return `${error.message} (${error.codes.join(', ')})`;
  // fetch rejects with a TypeError ("Failed to fetch", "NetworkError when attempting to fetch resource.", "Load failed") when there is no answer at all.
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) return `The gateway cannot be reached (${error.message}); is it running?`;
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

/**
 * The latest event of a subscription (graphql-ws), from its start until the component goes or the variables change.
 * The socket reconnects by itself (and re-subscribes); should the subscription still end, with an error or completed
 * by the gateway, it is subscribed again after a capped backoff. Each (re)subscription's first event is the state now.
 */
export function useSubscription<T, V extends Vars>(document: TypedDocumentNode<T, V>, variables: V, onEvent?: (data: T) => void): { data: T | null; error: unknown } {
  const api = useApi();
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const vars = JSON.stringify(variables);
  useEffect(() => {
    setState({ data: null, error: null });
    let live = true;
    let retries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe = () => {};
    const again = () => {
      if (!live) return;
      timer = setTimeout(subscribe, retryDelayMs(retries++));
    };
    const subscribe = () => {
      unsubscribe = api.sockets.subscribe<T>(
        { query: print(document), variables: JSON.parse(vars) as V },
        {
          next: (event) => {
            if (!live) return;
            if (event.errors?.length) setState((s) => ({ ...s, error: new GatewayRequestError(200, event.errors as GatewayRequestError['errors']) }));
            if (event.data) {
              retries = 0;
              setState({ data: event.data as T, error: null });
              handler.current?.(event.data as T);
            }
          },
          error: (error) => {
            if (!live) return;
            setState((s) => ({ ...s, error: error instanceof Error ? error : new Error('The live status connection closed.') }));
            // A refused key is for the sign-in to sort out, not for retrying.
            if (!(error instanceof GatewayRequestError && error.codes.includes('UNAUTHENTICATED')) && (error as { code?: number } | null)?.code !== 4401) again();
          },
          complete: again,
        },
      );
    };
    subscribe();
    return () => {
      live = false;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [api, document, vars]);
  return state;
}

/** A file the typed client can upload. */
export async function fileInput(file: File): Promise<FileInput> {
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}
