import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import http from 'node:http';
import { ErrorCode } from '../../src/services/error-codes';

/**
 * A bounded loopback load for fault tests: every request is recorded with its
 * outcome, so a test can say exactly what clients saw before, during and after
 * a fault. Nothing here retries: what a request got is what it records.
 */

/** Every code a client may legitimately see: the gateway's own, except the one that means "bug". */
export const TYPED_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));

export type Outcome =
  /** HTTP 200, data, no errors. */
  | 'success'
  /** A JSON answer whose every error has a public gateway code (a 4xx or a 200 with errors), never 5xx. */
  | 'typed'
  /** The connection could not be made or was cut: no answer at all. */
  | 'connection'
  /** Anything else: a 5xx, INTERNAL_SERVER_ERROR, a code outside the contract, a body that is not JSON, a hang. */
  | 'other';

export type RequestKind = 'query' | 'detect' | 'admin' | 'poll' | 'engine';

export interface RequestRecord {
  kind: RequestKind;
  start: number;
  end: number;
  outcome: Outcome;
  status?: number;
  /** The error codes of a typed answer, or the reason of a connection failure / other outcome. */
  codes: string[];
  detail?: string;
}

export interface Answer<T = unknown> {
  record: RequestRecord;
  data?: T | null;
}

/** Sorts an HTTP answer into the outcomes above. */
export function classify(status: number, text: string): { outcome: Outcome; codes: string[]; detail?: string; data?: unknown } {
  let body: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { outcome: 'other', codes: [], detail: `HTTP ${status}, not JSON: ${text.slice(0, 200)}` };
  }
  const codes = (body.errors ?? []).map((e) => String(e.extensions?.code));
  if (status >= 500) return { outcome: 'other', codes, detail: `HTTP ${status}: ${text.slice(0, 300)}` };
  if (codes.length === 0) {
    if (status === 200 && body.data) return { outcome: 'success', codes, data: body.data };
    return { outcome: 'other', codes, detail: `HTTP ${status} without data or errors: ${text.slice(0, 300)}` };
  }
  if (codes.every((c) => TYPED_CODES.has(c))) return { outcome: 'typed', codes, data: body.data };
  return { outcome: 'other', codes, detail: `HTTP ${status}: ${text.slice(0, 300)}` };
}

/** The code of a failed fetch: ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, ... */
export function failureCode(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'TIMEOUT';
  return e?.cause?.code ?? e?.code ?? e?.cause?.message ?? String(error);
}

/** No answer within this is a hang, not a connection failure. */
const REQUEST_TIMEOUT_MS = 20_000;

export class LoadRecorder {
  readonly records: RequestRecord[] = [];
  readonly t0 = Date.now();

  /** Milliseconds since the recorder was made. */
  now(): number {
    return Date.now() - this.t0;
  }

  async fetch<T>(kind: RequestKind, url: string, init: RequestInit): Promise<Answer<T>> {
    const start = this.now();
    let record: RequestRecord;
    let data: unknown;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const text = await res.text();
      const sorted = classify(res.status, text);
      data = sorted.data;
      record = { kind, start, end: this.now(), outcome: sorted.outcome, status: res.status, codes: sorted.codes, detail: sorted.detail };
    } catch (error) {
      const code = failureCode(error);
      record = { kind, start, end: this.now(), outcome: code === 'TIMEOUT' ? 'other' : 'connection', codes: [code], detail: code === 'TIMEOUT' ? 'no answer in 20 s' : undefined };
    }
    this.records.push(record);
    return { record, data: data as T };
  }

  push(record: RequestRecord): void {
    this.records.push(record);
  }

  /** Records matching `filter`, counted by outcome, and typed answers by code. */
  tally(filter: (r: RequestRecord) => boolean = () => true): Tally {
    const selected = this.records.filter(filter);
    const tally: Tally = { total: selected.length, success: 0, typed: 0, connection: 0, other: 0, codes: {}, failures: {}, others: [] };
    for (const r of selected) {
      tally[r.outcome]++;
      if (r.outcome === 'typed') for (const c of new Set(r.codes)) tally.codes[c] = (tally.codes[c] ?? 0) + 1;
      if (r.outcome === 'connection') tally.failures[r.codes[0]] = (tally.failures[r.codes[0]] ?? 0) + 1;
      if (r.outcome === 'other') tally.others.push(r);
    }
    return tally;
  }
}

export interface Tally {
  total: number;
  success: number;
  typed: number;
  connection: number;
  other: number;
  codes: Record<string, number>;
  /** Connection failures by their code (ECONNREFUSED, ECONNRESET, ...). */
  failures: Record<string, number>;
  others: RequestRecord[];
}

export function formatTally(t: Tally): string {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort()
      .map(([c, n]) => `${c}=${n}`)
      .join(' ');
  const codes = list(t.codes);
  const failures = list(t.failures);
  return `${t.total} requests: ${t.success} ok, ${t.typed} typed${codes ? ` (${codes})` : ''}, ${t.connection} connection failures${failures ? ` (${failures})` : ''}, ${t.other} other`;
}

/** A GraphQL client over the recorder, with one API key. */
export class LoadClient {
  constructor(
    readonly recorder: LoadRecorder,
    public url: string,
    readonly apiKey: string,
  ) {}

  request<TData, TVars>(kind: RequestKind, document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<Answer<TData>> {
    return this.recorder.fetch<TData>(kind, `${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}` },
      body: JSON.stringify({ query: print(document), variables }),
    });
  }

  upload<TData, TVars extends { file: unknown }>(document: TypedDocumentNode<TData, TVars>, variables: Omit<TVars, 'file'>, bytes: Buffer): Promise<Answer<TData>> {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: print(document), variables: { ...variables, file: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([bytes], { type: 'image/png' }), 'part.png');
    return this.recorder.fetch<TData>('detect', `${this.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}`, 'apollo-require-preflight': 'true' },
      body: form,
    });
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Calls `step` until `running()` turns false, at most `maxIterations` times
 * and for at most `maxMs`, with `pauseMs` between calls.
 */
export async function boundedLoop(running: () => boolean, step: (i: number) => Promise<void>, { maxIterations, maxMs, pauseMs }: { maxIterations: number; maxMs: number; pauseMs: number }): Promise<number> {
  const until = Date.now() + maxMs;
  let i = 0;
  for (; i < maxIterations && running() && Date.now() < until; i++) {
    await step(i);
    if (pauseMs > 0) await sleep(pauseMs);
  }
  return i;
}

/** Polls `read` every `everyMs` until it returns a value `done` accepts, or fails after `timeoutMs` naming the last. */
export async function pollFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, everyMs = 150): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `, last error: ${String(lastError)}` : ''}`);
}

/**
 * A multipart detectAnomalies request sent in two halves over its own
 * connection: the gateway has received it (headers and the operation) long
 * before the file is complete, so it is certainly in flight in between.
 */
export function splitUpload(url: string, apiKey: string, query: string, variables: Record<string, unknown>, image: Buffer): SplitRequest {
  const boundary = `----fault-test-${Math.random().toString(16).slice(2)}`;
  const part = (headers: string, body: Buffer | string) => Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\r\n')]);
  const body = Buffer.concat([
    part('Content-Disposition: form-data; name="operations"', JSON.stringify({ query, variables: { ...variables, file: null } })),
    part('Content-Disposition: form-data; name="map"', JSON.stringify({ 0: ['variables.file'] })),
    part('Content-Disposition: form-data; name="0"; filename="part.png"\r\nContent-Type: image/png', image),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return splitRequest(`${url}/graphql`, { authorization: `Bearer ${apiKey}`, 'apollo-require-preflight': 'true', 'content-type': `multipart/form-data; boundary=${boundary}` }, body, body.length - image.length / 2);
}

/** A raw DetectAnomalies request to an engine, in two halves, like `splitUpload`. */
export function splitEngineDetect(engineUrl: string, project: string, version: string, image: Buffer): SplitRequest {
  return splitRequest(`${engineUrl}/2020-11-20/projects/${project}/models/${version}/detect`, { 'content-type': 'image/png' }, image, image.length / 2);
}

export interface SplitRequest {
  /** Sends the rest of the body. */
  finish(): void;
  /** The status and body, or the connection failure's code. */
  answer: Promise<{ status?: number; text?: string; failure?: string }>;
}

function splitRequest(url: string, headers: Record<string, string>, body: Buffer, splitAt: number): SplitRequest {
  const at = Math.floor(splitAt);
  const req = http.request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(body.length) } });
  const answer = new Promise<{ status?: number; text?: string; failure?: string }>((resolve) => {
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ failure: 'TIMEOUT' });
    }, REQUEST_TIMEOUT_MS);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode, text });
      });
      res.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ failure: e.code ?? e.message });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ failure: e.code ?? e.message });
    });
  });
  req.flushHeaders();
  req.write(body.subarray(0, at));
  return { finish: () => req.end(body.subarray(at)), answer };
}
