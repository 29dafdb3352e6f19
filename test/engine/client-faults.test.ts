import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildEngine, type Engine } from '../../src/engine/build-engine';
import { listen, type Listening } from '../../src/server/listen';
import { tempDataDir } from '../support/engine-harness';
import { rawBytes, rawRequest } from '../support/raw-http';

// What Node's HTTP server refuses before the engine's handler runs (a request
// that does not arrive in time, a connection closed mid-body, headers over
// the limit, bytes that are not HTTP) is answered as the API the request was
// for would answer it: Lookout's x-amzn-errortype, or S3's <Error><Code>.
let engine: Engine;
let http: Listening;
const logged: unknown[] = [];

beforeAll(async () => {
  engine = buildEngine({ dataDir: tempDataDir(), log: (message, error) => logged.push([message, error]) });
  http = await listen(engine.handler, 0, '127.0.0.1', { headersTimeoutMs: 1000, requestTimeoutMs: 1500 }, engine.faults);
  // The uploads below go to a bucket that exists, so nothing but their body is wrong.
  expect((await rawRequest(http.url, { method: 'PUT', target: '/fault-images' })).status).toBe(200);
});
afterAll(async () => {
  await http.close();
  await engine.close();
});
afterEach(() => {
  // A client's fault is no failure of the engine's.
  expect(logged).toEqual([]);
});

const LOOKOUT = { method: 'POST', target: '/2020-11-20/projects', headers: { 'content-type': 'application/json' }, body: '{"ProjectName":' };
const S3 = { method: 'PUT', target: '/fault-images/a.png', headers: { 'content-type': 'image/png' }, body: 'PNG' };

describe('faults found by the HTTP server, answered as AWS would', () => {
  it.each([
    ['a Lookout request that does not all arrive in time', { ...LOOKOUT, contentLength: 1000 }, 408, 'RequestTimeoutException'],
    ['a Lookout request whose client closes its side halfway', { ...LOOKOUT, contentLength: 1000, endAfterBytes: 5 }, 400, 'ValidationException'],
    ['a Lookout request line with bytes HTTP does not allow', { target: '/2020-11-20/projects/\xff\xfe' }, 400, 'ValidationException'],
    ['Lookout headers over the limit', { target: '/2020-11-20/projects', headers: { 'x-pad': 'x'.repeat(20_000) } }, 400, 'ValidationException'],
  ])('%s', async (_case, request, status, type) => {
    const answer = await rawRequest(http.url, request);
    expect(answer.status).toBe(status);
    expect(answer.headers['x-amzn-errortype']).toBe(type);
    expect(typeof (JSON.parse(answer.body) as { message?: unknown }).message).toBe('string');
  });

  it('answers headers that never finish as Lookout, whose request line could not be told', async () => {
    const answer = await rawBytes(http.url, 'PUT /fault-images/a.png HTTP/1.1\r\nHost: localhost\r\n');
    expect(answer.status).toBe(408);
    expect(answer.headers['x-amzn-errortype']).toBe('RequestTimeoutException');
  });

  it.each([
    ['an S3 upload that does not all arrive in time', { ...S3, contentLength: 1000 }, 'RequestTimeout'],
    ['an S3 upload whose client closes its side halfway', { ...S3, contentLength: 1000, endAfterBytes: 3 }, 'IncompleteBody'],
    ['an S3 request line with bytes HTTP does not allow', { target: '/fault-images/\xff\xfe' }, 'BadRequest'],
  ])('%s', async (_case, request, code) => {
    const answer = await rawRequest(http.url, request);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/xml');
    expect(answer.body).toContain(`<Code>${code}</Code>`);
    expect(answer.body).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId>/);
  });

  it('still answers Lookout and S3 requests afterwards', async () => {
    expect((await rawRequest(http.url, { target: '/2020-11-20/projects' })).status).toBe(200);
    expect((await rawRequest(http.url, { method: 'HEAD', target: '/no-such-bucket' })).status).toBe(404);
  });
});
