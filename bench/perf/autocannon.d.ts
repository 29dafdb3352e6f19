// The part of autocannon 8's programmatic API this bench uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Request {
      method?: 'GET' | 'POST' | 'PUT';
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      /** Called before each request is sent; answers the request to send (a fresh body, say). */
      setupRequest?: (request: Request) => Request;
    }

    interface Client {
      setRequests(requests: Request[]): void;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Requests in all; overrides duration. */
      amount?: number;
      /** Seconds a request may take. */
      timeout?: number;
      method?: 'GET' | 'POST' | 'PUT';
      headers?: Record<string, string>;
      body?: string | Buffer;
      setupClient?: (client: Client) => void;
      /** A falsy answer counts the response in `mismatches`. */
      verifyBody?: (body: string) => boolean;
    }

    interface Histogram {
      average: number;
      mean: number;
      min: number;
      max: number;
      p50: number;
      p99: number;
    }

    interface Result {
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      '2xx': number;
      resets: number;
      latency: Histogram;
      requests: Histogram & { total: number; sent: number };
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
      on(event: 'response', listener: (client: Client, statusCode: number, bytes: number, milliseconds: number) => void): this;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
