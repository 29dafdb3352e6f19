import { CreateProjectCommand } from '@aws-sdk/client-lookoutvision';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetectAnomaliesDocument, ProjectsDocument } from '../src/client/generated/graphql';
import { startEngine, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';
import { makeImage } from './support/images';
import { multipartBody, parseAnswer, rawBytes, rawRequest, type RawAnswer } from './support/raw-http';

// Client mistakes and oversized work: every one a 4xx with a code, never a
// 500 or a logged stack, and the gateway answers normally afterwards.
let engine: RunningEngine;
let gw: RunningGateway;

beforeAll(async () => {
  engine = await startEngine();
  await engine.client.send(new CreateProjectCommand({ ProjectName: 'line-3' }));
  gw = await startGateway(engine.client, { maxQueryDepth: 4, maxAliases: 3, maxQueryTokens: 200, maxBodyBytes: 4096, maxUploadBytes: 256 * 1024 });
});
afterAll(async () => {
  await gw.close();
  await engine.close();
});

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function multipart(operations: unknown, map: unknown, files: { field: string; bytes: Buffer }[]): Promise<Answer> {
  const form = new FormData();
  form.append('operations', JSON.stringify(operations));
  form.append('map', JSON.stringify(map));
  for (const file of files) form.append(file.field, new Blob([file.bytes]), 'image.png');
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const DETECT = 'mutation($p: String!, $v: String!, $file: Upload!) { detectAnomalies(project: $p, version: $v, file: $file) { isAnomalous } }';

describe('client mistakes are 4xx with a code, never a 500', () => {
  it.each([
    ['a variable of the wrong type', { query: 'query($n: String!) { project(name: $n) { name } }', variables: { n: 42 } }, 'BAD_USER_INPUT'],
    ['a missing required variable', { query: 'query($n: String!) { project(name: $n) { name } }', variables: {} }, 'BAD_USER_INPUT'],
    ['an unknown operationName', { query: 'query A { projects { name } }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
    ['two operations without operationName', { query: 'query A { projects { name } } query B { projects { arn } }' }, 'OPERATION_RESOLUTION_FAILURE'],
    ['a syntax error', { query: '{ projects { name }' }, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ nothing }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['variables that are not an object', { query: '{ projects { name } }', variables: [1] }, 'BAD_REQUEST'],
    ['no query at all', { variables: {} }, 'BAD_REQUEST'],
  ])('%s', async (_case, body, code) => {
    const before = gw.logged.length;
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe(code);
    expect(JSON.stringify(answer.body)).not.toMatch(/\s+at\s+\S+\s+\(/); // no stack
    expect(gw.logged.length).toBe(before); // nothing logged as a failure of ours
  });

  it('a multipart map into a String variable', async () => {
    const answer = await multipart({ query: 'query($n: String!) { project(name: $n) { name } }', variables: { n: null } }, { 0: ['variables.n'] }, [{ field: '0', bytes: Buffer.from('x') }]);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0].message).toBe('A file is mapped to variables.n, declared as String: only a variable of type Upload takes a file.');
  });

  it('an extra file the map does not name is called what it is, not "over the upload limit"', async () => {
    const png = await makeImage('png');
    const answer = await multipart({ query: DETECT, variables: { p: 'line-3', v: '1', file: null } }, { 0: ['variables.file'] }, [
      { field: 'extra', bytes: png },
      { field: '0', bytes: png },
    ]);
    const error = answer.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toMatch(/map does not name/);
    expect(error?.message).not.toMatch(/upload limit/);
  });

  it('takes a file of exactly MAX_UPLOAD_BYTES, and refuses one byte more with PAYLOAD_TOO_LARGE', async () => {
    const png = await makeImage('png');
    // Bytes after a PNG's end are ignored by decoders: the image stays valid at any length.
    const padded = (length: number) => Buffer.concat([png, Buffer.alloc(length - png.length)]);
    const send = (bytes: Buffer) => multipart({ query: DETECT, variables: { p: 'line-3', v: '1', file: null } }, { 0: ['variables.file'] }, [{ field: '0', bytes }]);
    const exact = await send(padded(256 * 1024));
    expect(exact.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('PAYLOAD_TOO_LARGE');
    expect(exact.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('BAD_USER_INPUT');
    const over = await send(padded(256 * 1024 + 1));
    expect(over.body.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers normally after all of them', async () => {
    const res = await gw.client.request(ProjectsDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects.map((p) => p.name)).toEqual(['line-3']);
  });
});

describe('limits on one operation', () => {
  it('runs operations as deep as MAX_QUERY_DEPTH, fragments counting as the fields they stand for', async () => {
    for (const query of [
      '{ projects { datasets { imageStats { total } } } }',
      'fragment F on ModelVersion { performance { f1Score } } { projects { modelVersions { ...F } } }',
      '{ project(name: "line-3") { modelVersions { ... on ModelVersion { performance { f1Score } } } } }',
    ]) {
      const answer = await post({ query });
      expect(answer.body.errors).toBeUndefined();
    }
  });

  it('refuses an operation deeper than MAX_QUERY_DEPTH, through fragments too, with GRAPHQL_VALIDATION_FAILED', async () => {
    const strict = await startGateway(engine.client, { maxQueryDepth: 3 });
    try {
      for (const query of [
        '{ project(name: "line-3") { modelVersions { performance { f1Score } } } }',
        'fragment F on ModelVersion { performance { f1Score } } { project(name: "line-3") { modelVersions { ...F } } }',
      ]) {
        const res = await fetch(`${strict.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
        expect(res.status).toBe(400);
        const body = (await res.json()) as Answer['body'];
        expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(body.errors?.[0].message).toBe("Query depth limit of 3 exceeded, found 4.");
      }
    } finally {
      await strict.close();
    }
  });

  it('refuses more aliases than MAX_QUERY_ALIASES', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: projects { name }`).join(' ')} }`;
    expect((await post({ query: aliases(3) })).body.errors).toBeUndefined();
    const answer = await post({ query: aliases(4) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.body.errors?.[0].message).toBe('Aliases limit of 3 exceeded, found 4.');
  });

  it('stops parsing past MAX_QUERY_TOKENS', async () => {
    const answer = await post({ query: `{ projects { ${'name '.repeat(300)} } }` });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(answer.body.errors?.[0].message).toMatch(/tokens/);
  });

  it('refuses a JSON body over MAX_BODY_BYTES with 413', async () => {
    const answer = await post({ query: '{ projects { name } }', variables: { pad: 'x'.repeat(5000) } });
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(answer.body.errors?.[0].message).toBe('The request body is larger than the 4096 bytes a request may carry.');
  });
});

describe('limits on connections and slow clients', () => {
  it('answers a request whose headers never finish with REQUEST_TIMEOUT, after the headers timeout', async () => {
    const slow = await startGateway(engine.client, { headersTimeoutMs: 1000, requestTimeoutMs: 1500 });
    try {
      const started = Date.now();
      const answer = await rawBytes(slow.url, 'POST /graphql HTTP/1.1\r\nHost: localhost\r\n');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(answer.status).toBe(408);
      expect(codeOf(answer)).toBe('REQUEST_TIMEOUT');
      expect(answer.body).toMatch(/within 1 s .*within 1\.5 s \(HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS\)/);
    } finally {
      await slow.close();
    }
  });

  it('answers an upload that trickles in with REQUEST_TIMEOUT, after the request timeout', async () => {
    const slow = await startGateway(engine.client, { headersTimeoutMs: 1000, requestTimeoutMs: 1500 });
    try {
      const socket = await open(slow.url);
      socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
      const drip = setInterval(() => socket.writable && socket.write(' '), 200);
      const started = Date.now();
      const answer = parseAnswer(Buffer.from(await until(socket)));
      clearInterval(drip);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(answer.status).toBe(408);
      expect(codeOf(answer)).toBe('REQUEST_TIMEOUT');
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    } finally {
      await slow.close();
    }
  });

  it('answers a detection whose client stalls mid-file with REQUEST_TIMEOUT, frees its turn and counts it', async () => {
    // One detection at a time and no queue: a turn the stalled one kept would refuse the next.
    const slow = await startGateway(engine.client, { headersTimeoutMs: 1000, requestTimeoutMs: 1500, maxConcurrentDetections: 1, detectionQueueLength: 0 });
    try {
      // Once the gateway has heard the engine, a detection's image streams to it as it arrives.
      expect((await slow.client.request(ProjectsDocument)).errors).toBeUndefined();
      const answer = await rawRequest(slow.url, { ...detectionStarted((await makeImage('png')).subarray(0, 200)), contentLength: 100_000 });
      expect(answer.status).toBe(408);
      expect(codeOf(answer)).toBe('REQUEST_TIMEOUT');
      // With the headers the gateway had set on its answer: the request id to quote, the security headers.
      expect(answer.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
      expect(answer.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      const next = await slow.client.upload(DetectAnomaliesDocument, { project: 'line-3', version: '1' }, { bytes: await makeImage('png') });
      expect(codesOf(next)).toEqual(['NOT_FOUND']);
      expect(await slow.metrics.render()).toContain('lookout_gateway_client_faults_total{kind="timeout"} 1');
      expect(slow.logged).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('answers an upload whose client closes its side halfway with BAD_REQUEST', async () => {
    const request = detectionStarted((await makeImage('png')).subarray(0, 200));
    const answer = await rawRequest(gw.url, { ...request, contentLength: 100_000, endAfterBytes: request.body.length });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: 'The connection was closed before the request had all arrived.' });
    // What the cut request's handler does next, it does after the answer: give it a moment to log anything.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gw.logged).toEqual([]);
  });

  it('answers a request once: an upload refused before its body has come gets no timeout after it', async () => {
    const slow = await startGateway(engine.client, { headersTimeoutMs: 1000, requestTimeoutMs: 1500, maxUploadBytes: 1024 });
    try {
      const socket = await open(slow.url);
      writeDetectionStart(socket, 900_000_000, (await makeImage('png')).subarray(0, 200));
      // The body trickles on after the refusal, past the request timeout.
      const drip = setInterval(() => socket.writable && socket.write('x'), 200);
      const answered = await until(socket);
      clearInterval(drip);
      expect(answered.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 413']);
      expect(answered).toContain('PAYLOAD_TOO_LARGE');
    } finally {
      await slow.close();
    }
  });

  it('answers a request pipelined in front of a broken one, then the broken one', async () => {
    const query = JSON.stringify({ query: '{ projects { name } }' });
    const socket = await open(gw.url);
    // Both in one write: the first is whole, the bytes after it are no request.
    socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Request-Id: pipelined-first\r\nContent-Length: ${query.length}\r\n\r\n${query}GARBAGE / HTTP/1.1\r\n\r\n`);
    const answered = await until(socket);
    const [first, second] = answered.split(/(?=HTTP\/1\.1 \d{3})/).map((raw) => parseAnswer(Buffer.from(raw)));
    expect([first?.status, second?.status]).toEqual([200, 400]);
    expect(JSON.parse(first.body).data.projects).toContainEqual({ name: 'line-3' });
    expect(first.headers['x-request-id']).toBe('pipelined-first');
    expect(codeOf(second)).toBe('BAD_REQUEST');
    expect(second.headers['x-request-id']).toBeUndefined();
  });

  it.each([
    ['headers over the limit', { target: '/healthz', headers: { 'x-pad': 'x'.repeat(20_000) } }, 431, 'REQUEST_HEADER_FIELDS_TOO_LARGE'],
    ['bytes that are not HTTP', { method: 'HELLO', target: '/graphql SMTP/9' }, 400, 'BAD_REQUEST'],
  ])('answers %s in the GraphQL error shape', async (_case, request, status, code) => {
    const answer = await rawRequest(gw.url, request);
    expect(answer.status).toBe(status);
    expect(codeOf(answer)).toBe(code);
    expect(answer.body).not.toMatch(/ at |node:/);
  });

  it('holds no more connections than MAX_CONNECTIONS', async () => {
    const capped = await startGateway(engine.client, { maxConnections: 2 });
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) sockets.push(await open(capped.url));
      const third = await open(capped.url);
      sockets.push(third);
      // The server drops connections over its cap as soon as it accepts them.
      expect(await until(third)).toBe('');
      const res = await fetch(`${capped.url}/healthz`).catch(() => null);
      expect(res).toBeNull();
    } finally {
      for (const s of sockets) s.destroy();
      await capped.close();
    }
  });
});

describe('concurrent detections', () => {
  it('queue briefly, then answer THROTTLED while the gateway is at its cap', async () => {
    const gated = await startGateway(engine.client, { maxConcurrentDetections: 1, detectionQueueLength: 0, detectionQueueTimeoutMs: 100 });
    try {
      // The first upload holds the only turn while its file trickles in.
      const socket = await open(gated.url);
      writeDetectionStart(socket, 100_000, (await makeImage('png')).subarray(0, 200));
      await new Promise((r) => setTimeout(r, 200));
      const second = await gated.client.upload(DetectAnomaliesDocument, { project: 'line-3', version: '1' }, { bytes: await makeImage('png') });
      expect(codesOf(second)).toEqual(['THROTTLED']);
      expect(second.errors?.[0].extensions?.retryAfterSeconds).toBe(1);
      socket.destroy();
      // Once the turn is free again, detections run (here: model 1 does not exist).
      await new Promise((r) => setTimeout(r, 100));
      const third = await gated.client.upload(DetectAnomaliesDocument, { project: 'line-3', version: '1' }, { bytes: await makeImage('png') });
      expect(codesOf(third)).toEqual(['NOT_FOUND']);
    } finally {
      await gated.close();
    }
  });
});

function open(base: string): Promise<Socket> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A detection upload whose file part has just begun: its first bytes (enough to tell a PNG), nothing more. */
function detectionStarted(pngStart: Buffer): { method: string; target: string; headers: Record<string, string>; body: Buffer } {
  const boundary = 'b0undary';
  const body = multipartBody(
    boundary,
    [
      { name: 'operations', body: JSON.stringify({ query: DETECT, variables: { p: 'line-3', v: '1', file: null } }) },
      { name: 'map', body: '{"0":["variables.file"]}' },
      { name: '0', filename: 'a.png', type: 'image/png', body: pngStart },
    ],
    { closed: false },
  );
  return { method: 'POST', target: '/graphql', headers: { 'apollo-require-preflight': 'true', 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
}

/** Writes a detection upload's head, declaring `contentLength`, and the start of its file, on a connection the test keeps. */
function writeDetectionStart(socket: Socket, contentLength: number, pngStart: Buffer): void {
  const { headers, body } = detectionStarted(pngStart);
  const head = Object.entries({ host: 'localhost', ...headers, 'content-length': contentLength }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(`POST /graphql HTTP/1.1\r\n${head.join('')}\r\n`);
  socket.write(body);
}

const codeOf = (answer: RawAnswer) => (JSON.parse(answer.body) as Answer['body']).errors?.[0].extensions?.code;

/** Everything the server sends until it closes the connection. */
function until(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(data));
  });
}
