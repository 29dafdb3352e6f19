import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Role } from '../../../src/client/generated/graphql';
import { socketUrl } from './session';

/** The gateway answered with errors; `codes` are their `extensions.code`. */
export class GatewayRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: { message: string; extensions?: Record<string, unknown> }[],
  ) {
    super(errors.map((e) => e.message).join('; ') || `HTTP ${status}`);
  }

  get codes(): string[] {
    return this.errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
  }
}

/** A file to upload, as the typed documents' `Upload` variables take it here. */
export interface FileInput {
  bytes: Uint8Array<ArrayBuffer>;
  name: string;
}

/** The variables with every `Upload` (typed `File` by codegen) given as a FileInput. */
export type WithFiles<T> = T extends File ? FileInput : T extends (infer U)[] ? WithFiles<U>[] : T extends object ? { [K in keyof T]: WithFiles<T[K]> } : T;

/**
 * GraphQL over HTTP to this origin's /graphql, as src/client/gateway-client.ts
 * does for Node: JSON, or a GraphQL multipart request (with Apollo's CSRF
 * preflight header) when the variables hold files. Operations go by their
 * trusted document id (so the console works under PERSISTED_OPERATIONS=only),
 * and again as text if the gateway does not know that id.
 */
export class HttpClient {
  constructor(private readonly key: string | null) {}

  async request<T, V>(document: TypedDocumentNode<T, V>, variables: WithFiles<V>): Promise<T> {
    const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
    if (hash) {
      try {
        return await this.send(document, variables, { documentId: `sha256:${hash}` });
      } catch (error) {
        if (!(error instanceof GatewayRequestError && error.codes.includes('PERSISTED_QUERY_NOT_FOUND'))) throw error;
      }
    }
    return this.send(document, variables, { query: print(document) });
  }

  private async send<T, V>(_document: TypedDocumentNode<T, V>, variables: WithFiles<V>, how: { query: string } | { documentId: string }): Promise<T> {
    const files: [string, FileInput][] = [];
    const plain = extractFiles(variables ?? {}, 'variables', files);
    const operation = JSON.stringify({ ...how, variables: plain });
    const headers: Record<string, string> = this.key ? { authorization: `Bearer ${this.key}` } : {};
    let body: string | FormData = operation;
    if (files.length === 0) {
      headers['content-type'] = 'application/json';
    } else {
      headers['apollo-require-preflight'] = 'true';
      const form = new FormData();
      form.append('operations', operation);
      form.append('map', JSON.stringify(Object.fromEntries(files.map(([path], i) => [String(i), [path]]))));
      files.forEach(([, file], i) => form.append(String(i), new Blob([file.bytes]), file.name));
      body = form;
    }
    const res = await fetch('/graphql', { method: 'POST', headers, body });
    const answer = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status} without a GraphQL answer` }] }))) as { data?: T; errors?: GatewayRequestError['errors'] };
    if (answer.errors?.length || !answer.data) throw new GatewayRequestError(res.status, answer.errors ?? []);
    return answer.data;
  }
}

function extractFiles(value: unknown, path: string, files: [string, FileInput][]): unknown {
  if (typeof value === 'object' && value !== null && (value as FileInput).bytes instanceof Uint8Array) {
    files.push([path, value as FileInput]);
    return null;
  }
  if (Array.isArray(value)) return value.map((item, i) => extractFiles(item, `${path}.${i}`, files));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, extractFiles(item, `${path}.${key}`, files)]));
  return value;
}

/** The console's way to the gateway: typed documents over HTTP, graphql-ws for live status; both with the session's key. */
export interface Api {
  key: string | null;
  http: HttpClient;
  sockets: Client;
}

export function createApi(key: string | null): Api {
  return {
    key,
    http: new HttpClient(key),
    sockets: createClient({ url: socketUrl(), lazy: true, connectionParams: key ? { authorization: `Bearer ${key}` } : {}, retryAttempts: 5 }),
  };
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
    api.http.request(document, JSON.parse(vars) as WithFiles<V>).then(
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
        const result = await api.http.request(document, variables);
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
