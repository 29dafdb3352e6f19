import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** A typed GraphQL-over-HTTP client, as a frontend team would use it. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    /** Sent with every request, e.g. the API key. */
    readonly headers: Record<string, string> = {},
    /** Send each operation by its trusted document id instead of its text. */
    readonly byDocumentId = false,
  ) {}

  /** The same client, sending operations by trusted document id (PERSISTED_OPERATIONS=only). */
  withDocumentIds(): GraphQLClient {
    return new GraphQLClient(this.url, this.headers, true);
  }

  /** The same client, sending `key` as its API key. */
  withApiKey(key: string): GraphQLClient {
    return new GraphQLClient(this.url, { ...this.headers, authorization: `Bearer ${key}` }, this.byDocumentId);
  }

  async request<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<GraphQLResponse<TData>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ ...this.operation(document), variables }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  }

  /**
   * Sends an operation with one file through the GraphQL multipart request
   * spec; `variables.file` is replaced by the upload. `chunked`: without a
   * Content-Length, as a client streaming what it has not finished reading.
   */
  async upload<TData, TVars extends { file: unknown }>(
    document: TypedDocumentNode<TData, TVars>,
    variables: Omit<TVars, 'file'>,
    file: { bytes: Buffer; name?: string; type?: string },
    options: { preflight?: boolean; chunked?: boolean } = {},
  ): Promise<GraphQLResponse<TData>> {
    const form = new FormData();
    form.append('operations', JSON.stringify({ ...this.operation(document), variables: { ...variables, file: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name ?? 'image');
    const headers: Record<string, string> = options.preflight === false ? { ...this.headers } : { ...this.headers, 'apollo-require-preflight': 'true' };
    if (!options.chunked) {
      const res = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body: form });
      return { status: res.status, ...((await res.json()) as object) };
    }
    // A stream of unknown length: sent chunked, with no Content-Length.
    const encoded = new Response(form);
    const body = new Blob([await encoded.arrayBuffer()]).stream();
    const res = await fetch(`${this.url}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': encoded.headers.get('content-type')! }, body, duplex: 'half' } as RequestInit);
    return { status: res.status, ...((await res.json()) as object) };
  }

  private operation(document: TypedDocumentNode<unknown, never>): { query: string } | { documentId: string } {
    const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
    if (this.byDocumentId && hash) return { documentId: `sha256:${hash}` };
    return { query: print(document) };
  }
}

export function codesOf(response: { errors?: GraphQLFormattedError[] }): string[] {
  return (response.errors ?? []).map((e) => String(e.extensions?.code));
}
