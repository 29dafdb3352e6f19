import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** A file to upload: bytes with an optional name and MIME type (the gateway reads the type from the bytes). */
export interface FileInput {
  bytes: Uint8Array;
  name?: string;
}

/** The gateway answered with errors; `codes` are their `extensions.code`, the contract clients branch on. */
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

export interface GatewayClientOptions {
  /** An API key or bearer token; none in development mode. */
  apiKey?: string;
  /** Send operations by trusted document id (for a gateway with PERSISTED_OPERATIONS=only). */
  byDocumentId?: boolean;
  /**
   * Send operations' text, but once the gateway answers that it runs only
   * trusted documents (PERSISTED_QUERY_NOT_IN_LIST), send that operation
   * again by document id, and every later one by id too: for a client that
   * does not know how the gateway is configured (the CLI).
   */
  documentIdFallback?: boolean;
  /**
   * Send operations by trusted document id, but the text when the gateway
   * does not know that id (PERSISTED_QUERY_NOT_FOUND: a gateway of another
   * version), and text from then on: for a client shipped with the gateway
   * (the web console).
   */
  documentIdFirst?: boolean;
  fetch?: typeof fetch;
}

type Vars = Record<string, unknown>;

/**
 * The typed client for Lookout Gateway: pass a typed document from
 * `./generated` and its variables, get the typed data back or a
 * GatewayRequestError. Variables that are files (`FileInput`) are sent as a
 * GraphQL multipart request with the preflight header Apollo's CSRF
 * protection asks for, wherever they sit in the variables (`images[3].mask`).
 *
 * @example
 *   const client = new GatewayClient('http://127.0.0.1:4000', { apiKey });
 *   const { projects } = await client.request(ProjectsDocument);
 *   const { detectAnomalies } = await client.request(DetectAnomaliesDocument, { project: 'demo', version: 'production', file: { bytes } });
 */
export class GatewayClient {
  private readonly fetch: typeof fetch;
  private byDocumentId: boolean;

  constructor(
    readonly url: string,
    private readonly options: GatewayClientOptions = {},
  ) {
    // Bound: a browser refuses fetch called as a method of another object ("Illegal invocation").
    this.fetch = options.fetch ?? fetch.bind(globalThis);
    this.byDocumentId = options.byDocumentId ?? options.documentIdFirst ?? false;
  }

  /** Whether operations go by trusted document id now (asked for, or switched to by `documentIdFallback`). */
  get sendsDocumentIds(): boolean {
    return this.byDocumentId;
  }

  async request<TData, TVars extends Vars>(document: TypedDocumentNode<TData, TVars>, ...[variables]: TVars extends Record<string, never> ? [] | [WithFiles<TVars>] : [WithFiles<TVars>]): Promise<TData> {
    try {
      return await this.send(document, variables, this.byDocumentId);
    } catch (error) {
      const codes = error instanceof GatewayRequestError ? error.codes : [];
      if (hashOf(document) === undefined) throw error;
      if (this.options.documentIdFallback && !this.byDocumentId && codes.includes('PERSISTED_QUERY_NOT_IN_LIST')) {
        this.byDocumentId = true;
        return this.send(document, variables, true);
      }
      if (this.options.documentIdFirst && this.byDocumentId && codes.includes('PERSISTED_QUERY_NOT_FOUND')) {
        // A gateway of another version: its trusted documents are not these, so text from now on.
        this.byDocumentId = false;
        return this.send(document, variables, false);
      }
      throw error;
    }
  }

  private async send<TData>(document: TypedDocumentNode<TData, never>, variables: unknown, byDocumentId: boolean): Promise<TData> {
    const files: [string, FileInput][] = [];
    const plain = extractFiles(variables ?? {}, 'variables', files);
    const hash = hashOf(document);
    const operation = { ...(byDocumentId && hash ? { documentId: `sha256:${hash}` } : { query: print(document) }), variables: plain };
    const headers: Record<string, string> = this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
    let body: string | FormData;
    if (files.length === 0) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(operation);
    } else {
      headers['apollo-require-preflight'] = 'true';
      const form = new FormData();
      form.append('operations', JSON.stringify(operation));
      form.append('map', JSON.stringify(Object.fromEntries(files.map(([path], i) => [String(i), [path]]))));
      // Bytes are never in a SharedArrayBuffer here; the DOM's Blob typings want that said.
      files.forEach(([, file], i) => form.append(String(i), new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name ?? `file-${i}`));
      body = form;
    }
    const res = await this.fetch(`${this.url.replace(/\/$/, '')}/graphql`, { method: 'POST', headers, body });
    const answer = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status} without a GraphQL answer` }] }))) as { data?: TData; errors?: GatewayRequestError['errors'] };
    if (answer.errors?.length || !answer.data) throw new GatewayRequestError(res.status, answer.errors ?? []);
    return answer.data;
  }
}

/** The SHA-256 of a typed document's text, as codegen notes it (its trusted document id), if it does. */
export function hashOf(document: TypedDocumentNode<unknown, never>): string | undefined {
  return (document as { __meta__?: { hash?: string } }).__meta__?.hash;
}

/** The variables with every `Upload` (typed `File` by codegen) given as a FileInput. */
export type WithFiles<T> = T extends File ? FileInput : T extends (infer U)[] ? WithFiles<U>[] : T extends object ? { [K in keyof T]: WithFiles<T[K]> } : T;

/** The variables with each FileInput replaced by null (the spec's placeholder), its path noted. */
function extractFiles(value: unknown, path: string, files: [string, FileInput][]): unknown {
  if (isFile(value)) {
    files.push([path, value]);
    return null;
  }
  if (Array.isArray(value)) return value.map((item, i) => extractFiles(item, `${path}.${i}`, files));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, extractFiles(item, `${path}.${key}`, files)]));
  return value;
}

function isFile(value: unknown): value is FileInput {
  return typeof value === 'object' && value !== null && (value as FileInput).bytes instanceof Uint8Array;
}
