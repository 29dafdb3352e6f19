import { DescribeModelCommand, DetectAnomaliesCommand, ListProjectsCommand, LookoutVisionClient, StartModelCommand } from '@aws-sdk/client-lookoutvision';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../src/auth/api-keys';
import { Authenticator } from '../src/auth/authenticator';
import { DetectAnomaliesDocument, ModelStatusDocument, ProjectsDocument } from '../src/client/generated/graphql';
import { syntheticPart } from '../src/demo/synthetic-parts';
import { buildEngine, type Engine } from '../src/engine/build-engine';
import { STREAMED_PAYLOADS_HEADER } from '../src/lookout/streamed-payload';
import { listen, type Listening } from '../src/server/listen';
import { createLogger } from '../src/server/logger';
import { sdkClient, startEngine, tempDataDir, waitFor } from './support/engine-harness';
import { splitUpload } from './support/fault-load';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { GraphQLClient, codesOf } from './support/graphql-client';
import { hostedModel, modelFromOneTraining, projectWithDataset } from './support/model-fixtures';
import { rawRequest } from './support/raw-http';

// Request ids, JSON logs, /metrics, per-model readiness and how a detection's
// image is sent (streamed, or whole with the hash it is signed with), through real HTTP into the real gateway over the
// real engine, which verifies SigV4 signatures.
const KEYS = { viewer: 'viewer-key-0123456789abcdef', inference: 'camera-key-0123456789abcdef', admin: 'admin-key-0123456789abcdef' };
const authenticator = new Authenticator(
  ApiKeys.fromConfig(`dashboard:viewer:${KEYS.viewer},line-3-camera:inference:${KEYS.inference},ops-console:admin:${KEYS.admin}`, undefined),
  null,
);
const PROJECT = 'widgets';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A request the engine received: its path, x-request-id, x-amz-content-sha256 and the headers its signature covers. */
interface Received {
  path: string;
  requestId?: string;
  contentSha256?: string;
  contentEncoding?: string;
  trailer?: string;
  signedHeaders?: string[];
}
/** What the engine logged as its own failures. */
const engineFailures: unknown[] = [];
/** Off: the engine's answers leave out the header that says it takes images aws-chunked (as AWS's Lookout would). */
let engineSaysItStreams = true;
/** The engine, and every request it received (recorded before its handler runs). */
let engine: { engine: Engine; http: Listening; dataDir: string; received: Received[] };
const credentials = { accessKeyId: 'OBSERVABILITYTEST', secretAccessKey: randomBytes(30).toString('base64') };
/** The headers of the gateway's Lookout requests as they were before SigV4 signed them. */
const unsigned: Record<string, string>[] = [];
let gw: RunningGateway;
/** A client of the engine's own, for setting up (no request context: it sends no request id). */
let setup: LookoutVisionClient;
let version: string;
const logLines: string[] = [];
const viewer = () => new GraphQLClient(gw.url, { authorization: `Bearer ${KEYS.viewer}` });

beforeAll(async () => {
  const dataDir = tempDataDir();
  const built = buildEngine({ dataDir, credentials: new Map([[credentials.accessKeyId, credentials.secretAccessKey]]), log: (_message, error) => engineFailures.push(error) });
  const received: Received[] = [];
  const http = await listen(
    (req, res) => {
      received.push({
        path: req.url ?? '',
        requestId: req.headers['x-request-id'] as string | undefined,
        contentSha256: req.headers['x-amz-content-sha256'] as string | undefined,
        contentEncoding: req.headers['content-encoding'],
        trailer: req.headers['x-amz-trailer'] as string | undefined,
        signedHeaders: /SignedHeaders=([^,]+)/.exec(req.headers.authorization ?? '')?.[1].split(';'),
      });
      if (!engineSaysItStreams) {
        const setHeader = res.setHeader.bind(res);
        res.setHeader = (name, value) => (name.toLowerCase() === STREAMED_PAYLOADS_HEADER ? res : setHeader(name, value));
      }
      built.handler(req, res);
    },
    0,
    '127.0.0.1',
  );
  engine = { engine: built, http, dataDir, received };
  setup = sdkClient(http.url, credentials.accessKeyId, credentials.secretAccessKey);
  await projectWithDataset(setup, dataDir, PROJECT);
  version = await modelFromOneTraining({ client: setup, engine: built }, PROJECT);
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  const lookout = sdkClient(http.url, credentials.accessKeyId, credentials.secretAccessKey);
  // Last of the build step, after the gateway's own middlewares; SigV4 signs at finalizeRequest.
  lookout.middlewareStack.add(
    (next) => (args) => {
      unsigned.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    },
    { step: 'build', priority: 'low', name: 'recordUnsignedHeaders' },
  );
  gw = await startGateway(lookout, { security: { authenticator }, logger });
}, 180_000);
afterAll(async () => {
  await gw?.close();
  await engine?.http.close();
  await engine?.engine.close();
  if (engine) rmSync(engine.dataDir, { recursive: true, force: true });
});

async function projectsWithId(requestId?: string): Promise<Response> {
  return fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.viewer}`, ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: JSON.stringify({ query: '{ projects { name } }' }),
  });
}

const sentUpstreamWith = (requestId: string) => engine.received.filter((r) => r.requestId === requestId).map((r) => r.path);

/** The extensions of the first error of an HTTP answer in the GraphQL error shape. */
const errorOf = async (res: Response) => ((await res.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0].extensions;

/** A gateway whose Lookout endpoint refuses connections (an engine started and stopped again). */
async function withUnreachableLookout(run: (orphan: RunningGateway) => Promise<void>): Promise<void> {
  const closed = await startEngine();
  await closed.close();
  const orphan = await startGateway(sdkClient(closed.url));
  try {
    await run(orphan);
  } finally {
    await orphan.close();
  }
}

describe('request id', () => {
  it('answers a sane x-request-id as given and sends it upstream on every Lookout call, signed', async () => {
    const res = await projectsWithId('trace-7f.A_1');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { projects: { name: string }[] } }).data.projects.map((p) => p.name)).toEqual([PROJECT]);
    expect(res.headers.get('x-request-id')).toBe('trace-7f.A_1');
    // The engine verifies signatures: the call succeeding shows the header was added before signing.
    expect(sentUpstreamWith('trace-7f.A_1')).toEqual(['/2020-11-20/projects']);
  });

  it('makes a UUID when none is given, or the given one is not a sane token, and sends that upstream', async () => {
    for (const given of [undefined, 'has spaces in it', 'x'.repeat(129), 'semi;colon', '']) {
      const res = await projectsWithId(given);
      expect(res.status).toBe(200);
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(UUID);
      expect(sentUpstreamWith(id)).toEqual(['/2020-11-20/projects']);
    }
  });

  it('is answered on refusals and other routes too, and sent on nothing outside a request', async () => {
    const refused = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'no-key-1' }, body: '{"query":"{ projects { name } }"}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe('no-key-1');
    expect((await fetch(`${gw.url}/healthz`)).headers.get('x-request-id')).toMatch(UUID);
    const before = engine.received.length;
    await setup.send(new ListProjectsCommand({}));
    const sent = engine.received.slice(before);
    expect(sent.map((r) => r.path)).toContain('/2020-11-20/projects');
    expect(sent.every((r) => r.requestId === undefined)).toBe(true);
  });
});

describe('logs', () => {
  it('are JSON lines naming the request id, the caller and the operation, never the key', async () => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.admin}`, 'x-request-id': 'stop-req-1' },
      body: JSON.stringify({ query: 'mutation StopModel { stopModel(project: "widgets", version: "99") { status } }' }),
    });
    expect(res.status).toBe(200);
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((e) => e.requestId === 'stop-req-1')).toMatchObject({
      level: 'info',
      msg: 'mutation StopModel by ops-console (admin): NOT_FOUND',
      caller: 'ops-console',
      operation: 'stopModel',
    });
    for (const entry of entries) expect(new Date(String(entry.time)).toISOString()).toBe(entry.time);
    expect(logLines.join('\n')).not.toMatch(/key-0123456789abcdef/);
    expect(gw.lines).toContain('mutation StopModel by ops-console (admin): NOT_FOUND'); // the harness still collects its lines
  });

  it('log an unexpected failure at error level with its stack and the request it hit', async () => {
    const lines: string[] = [];
    const lookout = new LookoutVisionClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    mockClient(lookout)
      .on(DescribeModelCommand)
      .resolves({ ModelDescription: { ModelVersion: '1', ModelArn: 'arn:m', Status: 'TRAINED' } })
      .on(StartModelCommand)
      .callsFake(() => {
        throw new TypeError('a bug deep inside');
      });
    const buggy = await startGateway(lookout, { logger: createLogger({ destination: { write: (line: string) => void lines.push(line) } }) });
    try {
      const res = await fetch(`${buggy.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'buggy-1' },
        body: JSON.stringify({ query: 'mutation { startModel(project: "p", version: "1", minInferenceUnits: 1) { status } }' }),
      });
      expect(codesOf((await res.json()) as object)).toEqual(['INTERNAL_SERVER_ERROR']);
      const failure = lines.map((l) => JSON.parse(l) as { level: string; requestId?: string; caller?: string; operation?: string; err?: { stack?: string } }).find((e) => e.level === 'error');
      expect(failure).toMatchObject({ requestId: 'buggy-1', caller: 'development', operation: 'startModel' });
      expect(failure?.err?.stack).toMatch(/^TypeError: a bug deep inside\n\s+at /);
    } finally {
      await buggy.close();
    }
  });
});

/**
 * A strict reading of the Prometheus text format (0.0.4): every line empty, a
 * HELP, a TYPE, or a sample of a declared family. Values are read as Go's
 * ParseFloat reads them, as Prometheus does (prom-client writes `Nan`).
 */
function parsePrometheus(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const types = new Map<string, string>();
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue; // the format allows empty lines (prom-client separates families with one)
    if (new RegExp(`^# HELP ${NAME} .*$`).test(line)) continue;
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      expect(types.has(type[1]), `${type[1]} declared once`).toBe(false);
      types.set(type[1], type[2]);
      continue;
    }
    const sample = new RegExp(`^(${NAME})(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*",?)*)\\})? (-?[0-9.]+(?:e[+-]?[0-9]+)?|NaN|[+-]Inf)(?: -?[0-9]+)?$`, 'i').exec(line);
    if (!sample) throw new Error(`not a line of the Prometheus text format: ${JSON.stringify(line)}`);
    const [, name, labelText = '', value] = sample;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    expect(types.get(family), `the family of ${name} is declared`).toBeDefined();
    if (family !== name) expect(['histogram', 'summary']).toContain(types.get(family));
    const labels = Object.fromEntries([...labelText.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    samples.push({ name, labels, value: /inf$/i.test(value) ? (value.startsWith('-') ? -Infinity : Infinity) : Number(value) });
  }
  return samples;
}

async function scrape(url = gw.url, key = KEYS.viewer): Promise<(name: string, labels?: Record<string, string>) => number> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const samples = parsePrometheus(await res.text());
  // The sum of the matching samples, so a test names only the labels it cares about; 0 when none match.
  return (name, labels = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}

describe('/metrics', () => {
  it('needs a key like /graphql, and answers any role', async () => {
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);
    for (const key of Object.values(KEYS)) await scrape(gw.url, key);
    const foreign = await rawRequest(gw.url, { target: '/metrics', headers: { host: 'attacker.example', authorization: `Bearer ${KEYS.viewer}` } });
    expect(foreign.status).toBe(421);
  });

  it('parses as Prometheus text, with the process metrics and every gateway family', async () => {
    const res = await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${KEYS.viewer}` } });
    const text = await res.text();
    parsePrometheus(text);
    for (const family of [
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'lookout_gateway_graphql_requests_total',
      'lookout_gateway_graphql_request_duration_seconds',
      'lookout_gateway_detections_total',
      'lookout_gateway_anomalies_total',
      'lookout_gateway_upload_bytes_total',
      'lookout_gateway_upstream_requests_total',
      'lookout_gateway_upstream_request_duration_seconds',
      'lookout_gateway_hosted_models',
      'lookout_gateway_inference_units',
      'lookout_gateway_automatic_actions_total',
    ]) {
      expect(text).toContain(`# TYPE ${family} `);
    }
  });

  it('counts a query by its root fields and its upstream calls by command', async () => {
    const before = await scrape();
    expect((await viewer().request(ProjectsDocument)).errors).toBeUndefined();
    const after = await scrape();
    const query = { operation: 'projects', outcome: 'ok' };
    expect(after('lookout_gateway_graphql_requests_total', query) - before('lookout_gateway_graphql_requests_total', query)).toBe(1);
    expect(after('lookout_gateway_graphql_request_duration_seconds_count', query) - before('lookout_gateway_graphql_request_duration_seconds_count', query)).toBe(1);
    expect(after('lookout_gateway_graphql_request_duration_seconds_sum', query)).toBeGreaterThan(before('lookout_gateway_graphql_request_duration_seconds_sum', query));
    const list = { operation: 'ListProjects', outcome: 'ok' };
    expect(after('lookout_gateway_upstream_requests_total', list) - before('lookout_gateway_upstream_requests_total', list)).toBe(1);
    expect(after('lookout_gateway_upstream_request_duration_seconds_count', list) - before('lookout_gateway_upstream_request_duration_seconds_count', list)).toBe(1);
  });

  it('labels several root fields joined, invalid operations as invalid, and failures by code and exception', async () => {
    const before = await scrape();
    const post = (query: string) =>
      fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.viewer}` }, body: JSON.stringify({ query }) });
    await post('query Both { b: modelStatus(project: "widgets", version: "1") { status } a: projects { name } }');
    await post('{ noSuchField }');
    await post('{ projects { name ');
    expect((await viewer().request(ModelStatusDocument, { project: PROJECT, version: '42' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => after(name, labels) - before(name, labels);
    expect(delta('lookout_gateway_graphql_requests_total', { operation: 'modelStatus,projects', outcome: 'ok' })).toBe(1);
    expect(delta('lookout_gateway_graphql_requests_total', { operation: 'invalid', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(delta('lookout_gateway_graphql_requests_total', { operation: 'invalid', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(delta('lookout_gateway_graphql_requests_total', { operation: 'modelStatus', outcome: 'NOT_FOUND' })).toBe(1);
    expect(delta('lookout_gateway_upstream_requests_total', { operation: 'DescribeModel', outcome: 'ResourceNotFoundException' })).toBe(1);
  });

  it('counts an unreachable Lookout by its network error, in that gateway\'s registry only', async () => {
    await withUnreachableLookout(async (orphan) => {
      expect(codesOf(await orphan.client.request(ProjectsDocument))).toEqual(['UPSTREAM_UNAVAILABLE']);
      const metrics = await scrape(orphan.url);
      expect(metrics('lookout_gateway_upstream_requests_total', { operation: 'ListProjects', outcome: 'ECONNREFUSED' })).toBe(1);
      expect(metrics('lookout_gateway_graphql_requests_total', { operation: 'projects', outcome: 'UPSTREAM_UNAVAILABLE' })).toBe(1);
      expect(metrics('lookout_gateway_graphql_requests_total', { operation: 'projects', outcome: 'ok' })).toBe(0); // the other gateway's
    });
  });

  it('shows what the runtime reports: hosted models, their inference units, automatic actions', async () => {
    gw.metrics.setHostedModel('line-1', '3', 2);
    gw.metrics.setHostedModel('line-2', '1', 0);
    gw.metrics.countAutomaticAction('stop-idle', 'ok');
    let metrics = await scrape();
    expect(metrics('lookout_gateway_hosted_models')).toBe(2);
    expect(metrics('lookout_gateway_inference_units', { project: 'line-1', version: '3' })).toBe(2);
    expect(metrics('lookout_gateway_automatic_actions_total', { action: 'stop-idle', outcome: 'ok' })).toBe(1);
    gw.metrics.setHostedModel('line-1', '3', null);
    gw.metrics.setHostedModel('line-2', '1', null);
    metrics = await scrape();
    expect(metrics('lookout_gateway_hosted_models')).toBe(0);
    expect(metrics('lookout_gateway_inference_units')).toBe(0);
  });
});

describe('per-model readiness', () => {
  const ready = (path: string, key: string | null = KEYS.viewer) => fetch(`${gw.url}/models/${path}/ready`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('needs a key like /graphql, and a host this gateway serves', async () => {
    const res = await ready(`${PROJECT}/1`, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="lookout-gateway"');
    const foreign = await rawRequest(gw.url, { target: `/models/${PROJECT}/1/ready`, headers: { host: 'attacker.example', authorization: `Bearer ${KEYS.viewer}` } });
    expect(foreign.status).toBe(421);
  });

  it('answers 503 with the status while the model is not hosted', async () => {
    const res = await ready(`${PROJECT}/${version}`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'TRAINED', ready: false });
  });

  it('answers 404 for a model or project that does not exist, 400 for a malformed name or version', async () => {
    for (const path of [`${PROJECT}/77`, 'no-such-project/1']) {
      const res = await ready(path);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('NOT_FOUND');
    }
    for (const [path, argument] of [
      ['bad%20name/1', 'project'],
      ['-dash/1', 'project'],
      [`${PROJECT}/0`, 'version'],
      [`${PROJECT}/One`, 'version'], // lower case would be an alias name
      [`${PROJECT}/12345678901`, 'version'],
    ]) {
      const res = await ready(path);
      expect(res.status, path).toBe(400);
      expect(await errorOf(res)).toEqual({ code: 'BAD_USER_INPUT', argument });
    }
  });

  it('answers 503 UPSTREAM_UNAVAILABLE when Lookout cannot be reached', async () => {
    await withUnreachableLookout(async (orphan) => {
      const res = await fetch(`${orphan.url}/models/${PROJECT}/1/ready`);
      expect(res.status).toBe(503);
      expect((await errorOf(res)).code).toBe('UPSTREAM_UNAVAILABLE');
    });
  });
});

describe('a hosted model', () => {
  beforeAll(() => hostedModel(setup, PROJECT, version), 90_000);

  it('is ready: 200 {"status":"HOSTED","ready":true}', async () => {
    const res = await fetch(`${gw.url}/models/${PROJECT}/${version}/ready`, { headers: { 'x-api-key': KEYS.inference } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'HOSTED', ready: true });
  });

  it('counts detections and anomalies by model and the bytes uploaded, and sends the request id with the image', async () => {
    const before = await scrape();
    const images = [(await syntheticPart('anomaly', 901)).png, (await syntheticPart('normal', 902)).png];
    let anomalous = 0;
    for (const [i, bytes] of images.entries()) {
      const camera = new GraphQLClient(gw.url, { authorization: `Bearer ${KEYS.inference}`, 'x-request-id': `detect-${i}` });
      // The second by "latest": sent upstream, answered and counted as the number it stands for.
      const res = await camera.upload(DetectAnomaliesDocument, { project: PROJECT, version: i === 0 ? version : 'latest' }, { bytes, name: 'part.png' });
      expect(res.errors).toBeUndefined();
      expect(res.data!.detectAnomalies!.version).toBe(version);
      if (res.data!.detectAnomalies!.isAnomalous) anomalous++;
      // ("latest" is read first with a DescribeModel of the same request.)
      expect(sentUpstreamWith(`detect-${i}`).filter((path) => path.endsWith('/detect'))).toEqual([`/2020-11-20/projects/${PROJECT}/models/${version}/detect`]);
    }
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => after(name, labels) - before(name, labels);
    const model = { project: PROJECT, version };
    expect(delta('lookout_gateway_detections_total', model)).toBe(2);
    expect(delta('lookout_gateway_detections_total', { project: PROJECT, version: 'latest' })).toBe(0);
    expect(delta('lookout_gateway_anomalies_total', model)).toBe(anomalous);
    expect(anomalous).toBeGreaterThan(0);
    expect(delta('lookout_gateway_upload_bytes_total')).toBe(images[0].length + images[1].length);
    expect(delta('lookout_gateway_graphql_requests_total', { operation: 'detectAnomalies', outcome: 'ok' })).toBe(2);
    expect(delta('lookout_gateway_upstream_requests_total', { operation: 'DetectAnomalies', outcome: 'ok' })).toBe(2);
  });

  it('streams an upload to the engine as it arrives, aws-chunked with every chunk signed, and gets the answer the whole image gets', async () => {
    const scraped = await scrape();
    const bytes = withComments(await sharp((await syntheticPart('anomaly', 905)).png).jpeg().toBuffer(), 2 * 1024 * 1024);
    const camera = new GraphQLClient(gw.url, { authorization: `Bearer ${KEYS.inference}`, 'x-request-id': 'detect-streamed' });
    const res = await camera.upload(DetectAnomaliesDocument, { project: PROJECT, version }, { bytes, name: 'part.jpg' });
    expect(res.errors).toBeUndefined();
    expect(engine.received.filter((r) => r.requestId === 'detect-streamed')).toEqual([
      expect.objectContaining({
        contentSha256: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        contentEncoding: 'aws-chunked',
        signedHeaders: expect.arrayContaining(['content-encoding', 'x-amz-content-sha256']),
      }),
    ]);
    expect((await scrape())('lookout_gateway_upload_bytes_total') - scraped('lookout_gateway_upload_bytes_total')).toBe(bytes.length);
    const whole = await setup.send(new DetectAnomaliesCommand({ ProjectName: PROJECT, ModelVersion: version, ContentType: 'image/jpeg', Body: bytes }));
    expect(res.data!.detectAnomalies!.isAnomalous).toBe(whole.DetectAnomalyResult!.IsAnomalous);
    expect(res.data!.detectAnomalies!.confidence).toBeCloseTo(whole.DetectAnomalyResult!.Confidence!, 6);
  });

  it('streams an image still arriving when the call starts, and sends one that has all come by then whole, with its SHA-256', async () => {
    const bytes = (await syntheticPart('normal', 907)).png;
    const detect = `mutation($file: Upload!) { detectAnomalies(project: "${PROJECT}", version: "${version}", file: $file) { isAnomalous } }`;
    // Half of the image held back until the engine has the request: the call started before it had all come.
    const before = engine.received.length;
    const split = splitUpload(gw.url, KEYS.inference, detect, {}, bytes);
    await waitFor(async () => engine.received.length, (n) => n > before);
    split.finish();
    const answer = await split.answer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text!).errors).toBeUndefined();
    expect(engine.received.slice(before)).toEqual([expect.objectContaining({ contentSha256: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', contentEncoding: 'aws-chunked' })]);
    // Sent in one piece: the gateway has the whole file before its resolver has run.
    const camera = new GraphQLClient(gw.url, { authorization: `Bearer ${KEYS.inference}`, 'x-request-id': 'detect-arrived' });
    const res = await camera.upload(DetectAnomaliesDocument, { project: PROJECT, version }, { bytes, name: 'part.png' });
    expect(res.errors).toBeUndefined();
    expect(engine.received.filter((r) => r.requestId === 'detect-arrived')).toEqual([
      expect.objectContaining({ contentSha256: createHash('sha256').update(bytes).digest('hex'), contentEncoding: undefined }),
    ]);
  });

  it('aborts a streamed detection whose upload passes the limit: PAYLOAD_TOO_LARGE, and no upstream failure or image counted', async () => {
    const before = await scrape();
    const bytes = Buffer.concat([(await syntheticPart('normal', 906)).png, Buffer.alloc(9 * 1024 * 1024)]);
    const camera = new GraphQLClient(gw.url, { authorization: `Bearer ${KEYS.inference}`, 'x-request-id': 'detect-too-large' });
    const res = await camera.upload(DetectAnomaliesDocument, { project: PROJECT, version }, { bytes, name: 'part.png' }, { chunked: true });
    expect(codesOf(res)).toEqual(['PAYLOAD_TOO_LARGE']);
    // Streamed: the engine had the request before the gateway knew the upload was too large.
    expect(engine.received.filter((r) => r.requestId === 'detect-too-large')).toEqual([expect.objectContaining({ contentSha256: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' })]);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => after(name, labels) - before(name, labels);
    expect(delta('lookout_gateway_upstream_requests_total', { operation: 'DetectAnomalies', outcome: 'AbortError' })).toBe(0);
    expect(delta('lookout_gateway_upload_bytes_total')).toBe(0);
    expect(delta('lookout_gateway_graphql_requests_total', { operation: 'detectAnomalies', outcome: 'PAYLOAD_TOO_LARGE' })).toBe(1);
    expect(engineFailures).toEqual([]);
  });

  it('sends the whole image, signing the SHA-256 worked out as it arrived, to an endpoint that does not say it takes aws-chunked', async () => {
    engineSaysItStreams = false;
    const lookout = sdkClient(engine.http.url, credentials.accessKeyId, credentials.secretAccessKey);
    const signedWith: Record<string, string>[] = [];
    lookout.middlewareStack.add(
      (next) => (args) => {
        signedWith.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'build', priority: 'low', name: 'recordUnsignedHeaders' },
    );
    const plain = await startGateway(lookout, { security: { authenticator } });
    try {
      // A large upload of an image the model's size: a JPEG carrying 2 MiB of comments.
      const bytes = withComments(await sharp((await syntheticPart('normal', 904)).png).jpeg().toBuffer(), 2 * 1024 * 1024);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const camera = new GraphQLClient(plain.url, { authorization: `Bearer ${KEYS.inference}`, 'x-request-id': 'detect-hashed' });
      const res = await camera.upload(DetectAnomaliesDocument, { project: PROJECT, version }, { bytes, name: 'part.jpg' });
      expect(res.errors).toBeUndefined();
      // There before signing, so SigV4 signed it rather than hash the image: the SDK adds the header, from the body, only when it is absent.
      expect(signedWith.filter((headers) => headers['x-request-id'] === 'detect-hashed')).toEqual([expect.objectContaining({ 'x-amz-content-sha256': sha256 })]);
      expect(engine.received.filter((r) => r.requestId === 'detect-hashed')).toEqual([
        expect.objectContaining({ contentSha256: sha256, contentEncoding: undefined, signedHeaders: expect.arrayContaining(['x-amz-content-sha256']) }),
      ]);
    } finally {
      engineSaysItStreams = true;
      await plain.close();
    }
  });

  it('gives a failed detection no model label', async () => {
    const before = await scrape();
    const bytes = (await syntheticPart('normal', 903)).png;
    const res = await gw.client.withApiKey(KEYS.inference).upload(DetectAnomaliesDocument, { project: PROJECT, version: '55' }, { bytes });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    const after = await scrape();
    expect(after('lookout_gateway_detections_total', { version: '55' })).toBe(0);
    const failed = { operation: 'DetectAnomalies', outcome: 'ResourceNotFoundException' };
    expect(after('lookout_gateway_upstream_requests_total', failed) - before('lookout_gateway_upstream_requests_total', failed)).toBe(1);
  });
});

/** The JPEG with `bytes` more in comment (COM) segments, which decoders skip. */
function withComments(jpeg: Buffer, bytes: number): Buffer {
  const segments: Buffer[] = [];
  for (let left = bytes; left > 0; left -= 65_533) {
    const text = Buffer.alloc(Math.min(left, 65_533), 'comment ');
    segments.push(Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]), text);
  }
  // After SOI, the marker every JPEG starts with.
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}
