import type { IncomingHttpHeaders } from 'node:http';
import type { EngineContext } from '../engine-context';

export interface OperationRequest {
  /** Path labels, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as a JSON object ({} when empty). */
  json: Record<string, unknown>;
  /** Fires when the client closes its connection before the answer. */
  signal: AbortSignal;
  /**
   * Registers work (scheduling a background job) to run once the request's
   * changes have committed, and only then: if the transaction rolls back, the
   * work is dropped, so nothing acts on a change that never happened.
   */
  afterCommit(effect: () => void): void;
}

interface OperationBase {
  /** The Lookout operation name, e.g. "CreateProject". */
  name: string;
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  /** Path under /2020-11-20 with {Label} segments, as in the API model. */
  path: string;
  successStatus: 200 | 202;
  /** Body size limit; requests over it are refused before they are read whole. */
  maxBodyBytes?: number;
  /** Keep the body as bytes (DetectAnomalies) instead of parsing JSON. */
  rawBody?: boolean;
}

/**
 * An operation that changes state and honours `X-Amzn-Client-Token`. Its
 * handler is synchronous so that the token lookup, the change and the
 * remembered answer commit in one SQLite transaction.
 */
export interface IdempotentOperation extends OperationBase {
  idempotent: true;
  handle(req: OperationRequest, engine: EngineContext): object;
}

export interface PlainOperation extends OperationBase {
  idempotent?: false;
  handle(req: OperationRequest, engine: EngineContext): object | Promise<object>;
}

export type Operation = IdempotentOperation | PlainOperation;
