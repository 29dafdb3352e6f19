import { CreateProjectCommand, CreateDatasetCommand } from '@aws-sdk/client-lookoutvision';
import { parse, type GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOOKOUT_CALL } from '../src/resolvers/complexity';
import { buildGatewaySchema } from '../src/schema/build-schema';
import { operationCost } from '../src/server/query-complexity';
import { sdkClient, startEngine, type RunningEngine } from './support/engine-harness';
import { DetectAnomaliesDocument, ModelStatusDocument, ProjectDocument, ProjectsDocument, StartModelDocument } from '../src/client/generated/graphql';
import { countCommands } from './support/command-counter';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';
import { makeImage } from './support/images';

// Real HTTP, real SDK client, real engine: no mocks.
const MAX_UPLOAD = 64 * 1024;
let engine: RunningEngine;
let gw: RunningGateway;
let sent: ReturnType<typeof countCommands>;

beforeAll(async () => {
  engine = await startEngine({ limits: { maxProjects: 200 } });
  sent = countCommands(engine.client);
  gw = await startGateway(engine.client, { maxUploadBytes: MAX_UPLOAD });
});
afterAll(async () => {
  await gw.close();
  await engine.close();
});
beforeEach(() => sent.reset());

describe('HTTP surface', () => {
  it('answers /healthz, /readyz and an offline landing page', async () => {
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${gw.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const landing = await fetch(`${gw.url}/`);
    expect(landing.headers.get('content-type')).toContain('text/html');
    const html = await landing.text();
    expect(html).toContain('/graphql');
    expect(html).toContain('apollo-require-preflight');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/); // nothing loaded from a CDN
  });

  it('says not ready, with a code, when the Lookout endpoint does not answer', async () => {
    const closed = await startEngine();
    const url = closed.url;
    await closed.close();
    const orphan = await startGateway(sdkClient(url));
    try {
      const res = await fetch(`${orphan.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', code: 'UPSTREAM_UNAVAILABLE' });
      const query = await orphan.client.request(ProjectsDocument);
      expect(codesOf(query)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(JSON.stringify(query)).not.toContain('ECONNREFUSED');
    } finally {
      await orphan.close();
    }
  });

  it('answers malformed JSON with a coded error, not a stack', async () => {
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toContain('    at ');
  });

  it('answers a path it does not serve with a coded JSON 404, not an HTML page', async () => {
    for (const [method, path] of [['GET', '/nope'], ['PUT', '/metrics'], ['DELETE', '/healthz']]) {
      const res = await fetch(`${gw.url}${path}`, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ errors: [{ message: `Nothing is served at ${method} ${path}; the API is POST /graphql.`, extensions: { code: 'NOT_FOUND' } }] });
    }
  });
});

describe('queries', () => {
  it('lists every project across NextToken pages', async () => {
    for (let i = 0; i < 105; i++) await engine.client.send(new CreateProjectCommand({ ProjectName: `page-${String(i).padStart(3, '0')}` }));
    sent.reset();
    const res = await gw.client.request(ProjectsDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects).toHaveLength(105);
    expect(res.data?.projects[104].name).toBe('page-104');
    expect(res.data?.projects[0].arn).toBe('arn:aws:lookoutvision:us-east-1:000000000000:project/page-000');
    expect(Date.parse(res.data!.projects[0].createdAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(sent.of('ListProjects')).toBe(2);
  });

  it('answers null for a missing project and NOT_FOUND for the status of a missing model', async () => {
    expect(await gw.client.request(ProjectDocument, { name: 'nope' })).toEqual({ status: 200, data: { project: null } });
    const status = await gw.client.request(ModelStatusDocument, { project: 'page-000', version: '9' });
    expect(codesOf(status)).toEqual(['NOT_FOUND']);
    expect(status.errors?.[0].extensions).toMatchObject({ resourceType: 'MODEL' });
  });

  it('shows a dataset being imported', async () => {
    await engine.client.send(new CreateProjectCommand({ ProjectName: 'with-data' }));
    await engine.client.send(new CreateDatasetCommand({ ProjectName: 'with-data', DatasetType: 'test' }));
    await engine.engine.context.importer.idle();
    const res = await gw.client.request(ProjectDocument, { name: 'with-data' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.project?.datasets).toEqual([
      { type: 'TEST', status: 'CREATE_COMPLETE', statusMessage: 'Dataset created empty.', imageStats: { total: 0, labeled: 0, normal: 0, anomaly: 0 } },
    ]);
    expect(res.data?.project?.latest).toBeNull();
  });
});

describe('query cost limit', () => {
  type Answer = { data?: { projects?: { name: string; modelVersions: unknown[]; datasets: unknown[] }[] }; errors?: GraphQLFormattedError[] };
  const post = async (url: string, query: string) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  const cost = (query: string) => operationCost(buildGatewaySchema(), parse(query));
  const dashboard = '{ projects { name modelVersions { minInferenceUnits maxInferenceUnits } datasets { imageStats { total } } } }';
  const twice = (query: string) => `{ a: ${query.slice(1, -1)} b: ${query.slice(1, -1)} }`;

  it('grows with nesting and counts every field that calls Lookout, root fields included', () => {
    const flat = cost('{ projects { name } }');
    const nested = cost('{ projects { name modelVersions { version } } }');
    expect(flat).toBeGreaterThan(LOOKOUT_CALL);
    expect(nested).toBeGreaterThan(flat);
    expect(cost('{ projects { name modelVersions { version minInferenceUnits } } }')).toBeGreaterThan(nested);
    expect(cost(twice(dashboard))).toBe(2 * cost(dashboard));
    for (const root of ['project(name: "p") { name }', 'modelVersion(project: "p", version: "1") { version }', 'modelStatus(project: "p", version: "1") { ready }']) {
      expect(cost(`{ ${root} }`), root).toBeGreaterThan(LOOKOUT_CALL);
    }
  });

  it('runs a dashboard query within the default budget, with its data', async () => {
    await engine.client.send(new CreateProjectCommand({ ProjectName: 'dashboard' }));
    await engine.client.send(new CreateDatasetCommand({ ProjectName: 'dashboard', DatasetType: 'train' }));
    await engine.engine.context.importer.idle();
    const { status, body } = await post(gw.url, dashboard);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.projects?.find((p) => p.name === 'dashboard')).toEqual({ name: 'dashboard', modelVersions: [], datasets: [{ imageStats: { total: 0 } }] });
  });

  it('runs an operation costing exactly the limit and refuses a costlier one before any Lookout call, saying its cost', async () => {
    const limit = cost(dashboard);
    const tight = await startGateway(engine.client, { maxQueryComplexity: limit });
    try {
      const within = await post(tight.url, dashboard);
      expect(within.status).toBe(200);
      expect(within.body.errors).toBeUndefined();
      expect(within.body.data?.projects?.length).toBeGreaterThan(0);

      sent.reset();
      const over = await post(tight.url, twice(dashboard));
      expect(over.status).toBe(400);
      expect(over.body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', complexity: cost(twice(dashboard)), maxComplexity: limit });
      expect(over.body.errors?.[0].extensions?.complexity).toBeGreaterThan(limit);
      expect(over.body.data).toBeUndefined();
      expect(sent.counts.size).toBe(0);
    } finally {
      await tight.close();
    }
  });
});

describe('mutations', () => {
  it('refuses bad arguments before calling Lookout', async () => {
    for (const [variables, argument] of [
      [{ project: '-bad', version: '1' }, 'project'],
      [{ project: 'p', version: '01' }, 'version'],
      [{ project: 'p', version: '1', minInferenceUnits: 0 }, 'minInferenceUnits'],
      [{ project: 'p', version: '1', minInferenceUnits: 3, maxInferenceUnits: 2 }, 'maxInferenceUnits'],
      [{ project: 'p', version: '1', clientToken: 'has space' }, 'clientToken'],
    ] as const) {
      const res = await gw.client.request(StartModelDocument, variables);
      expect(res.errors?.map((e) => e.extensions), JSON.stringify(variables)).toEqual([{ code: 'BAD_USER_INPUT', argument }]);
      expect(res.errors?.[0].message).toMatch(new RegExp(`^${argument} must be `));
      expect(res.data).toBeNull();
    }
    expect(sent.counts.size).toBe(0);
  });
});

describe('errors Lookout answers with', () => {
  it('THROTTLED with retryAfterSeconds when the endpoint throttles', async () => {
    const slow = await startEngine({ requestsPerSecond: 1 });
    const throttledGateway = await startGateway(sdkClient(slow.url));
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => throttledGateway.client.request(ProjectsDocument)));
      const throttled = results.filter((r) => codesOf(r)[0] === 'THROTTLED');
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled[0].errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await throttledGateway.close();
      await slow.close();
    }
  });

  it('FORBIDDEN, without the upstream text, when the endpoint denies access', async () => {
    const guarded = await startEngine({ credentials: new Map([['AKIDOTHER', 'other-secret']]) });
    const denied = await startGateway(sdkClient(guarded.url, 'AKIDMINE'));
    try {
      const res = await denied.client.request(ProjectsDocument);
      expect(codesOf(res)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(res)).not.toContain('AKID');
    } finally {
      await denied.close();
      await guarded.close();
    }
  });
});

describe('detectAnomalies uploads', () => {
  const vars = { project: 'page-000', version: '1' };

  it.each([
    ['bytes that are no image', Buffer.from('GIF89a not supported'), 'UNSUPPORTED_MEDIA_TYPE'],
    ['an empty file', Buffer.alloc(0), 'BAD_USER_INPUT'],
    ['a file over the limit', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(MAX_UPLOAD * 3)]), 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s with %s, without calling Lookout', async (_what, bytes, code) => {
    const res = await gw.client.upload(DetectAnomaliesDocument, vars, { bytes });
    expect(codesOf(res)).toEqual([code]);
    expect(sent.of('DetectAnomalies')).toBe(0);
  });

  it('sends a real image on, with the content type read from its bytes', async () => {
    const png = await makeImage('png');
    // The label says JPEG; the bytes say PNG; Lookout is told PNG and answers for the missing model.
    const res = await gw.client.upload(DetectAnomaliesDocument, vars, { bytes: png, type: 'image/jpeg' });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(sent.of('DetectAnomalies')).toBe(1);
  });

  it('refuses bad arguments while still draining the upload, so the connection stays usable', async () => {
    // Refused before the resolver runs, so no one reads the file: the HTTP layer must drain it.
    const nearLimit = Buffer.concat([await makeImage('png'), Buffer.alloc(MAX_UPLOAD - 4096)]);
    const res = await gw.client.upload(DetectAnomaliesDocument, { project: 'bad name', version: '1' }, { bytes: nearLimit });
    expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'project' }]);
    expect(sent.counts.size).toBe(0);
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await gw.client.request(ProjectDocument, { name: 'nope' })).toEqual({ status: 200, data: { project: null } });
  });

  it('refuses a multipart request without the CSRF preflight header', async () => {
    const res = await gw.client.upload(DetectAnomaliesDocument, vars, { bytes: await makeImage('png') }, { preflight: false });
    expect(res.status).toBe(400);
    expect(codesOf(res)).toEqual(['BAD_REQUEST']);
    expect(res.errors?.[0].message).toContain('apollo-require-preflight');
    expect(sent.counts.size).toBe(0);
  });

  it('refuses a second file mapped to a variable the operation does not declare', async () => {
    const png = await makeImage('png');
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: 'mutation($a: Upload!){ detectAnomalies(project:"p",version:"1",file:$a){ isAnomalous } }', variables: { a: null, b: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.a'], 1: ['variables.b'] }));
    form.append('0', new Blob([png]), 'a.png');
    form.append('1', new Blob([png]), 'b.png');
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0].message).toMatch(/variables\.b, which the operation does not declare/);
  });

  it('refuses a file mapped to a variable that is not an Upload, without printing the upload object', async () => {
    const png = await makeImage('png');
    const send = async (query: string, variables: Record<string, unknown>, paths: string[]) => {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query, variables }));
      form.append('map', JSON.stringify(Object.fromEntries(paths.map((path, i) => [i, [path]]))));
      paths.forEach((_, i) => form.append(String(i), new Blob([png]), `image-${i}.png`));
      const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form });
      return { status: res.status, body: (await res.json()) as { errors: { message: string; extensions: { code: string } }[] } };
    };
    const straight = await send('mutation($p: String!, $f: Upload!){ detectAnomalies(project:$p,version:"1",file:$f){ isAnomalous } }', { p: null, f: null }, ['variables.f', 'variables.p']);
    expect(straight.status).toBe(400);
    expect(straight.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: 'A file is mapped to variables.p, declared as String: only a variable of type Upload takes a file.' });
    // Inside an input object, GraphQL itself refuses it; the upload is named, not dumped.
    const nested = await send(
      'mutation($images: [ImageInput!]!){ addImages(project:"p", dataset: TRAIN, images:$images){ status } }',
      { images: [{ file: null, label: 'ANOMALY', anomalyClasses: [{ name: null, color: '#FF0000' }] }] },
      ['variables.images.0.file', 'variables.images.0.anomalyClasses.0.name'],
    );
    expect(nested.body.errors[0].message).not.toMatch(/resolve|createReadStream|function/);
    expect(nested.body.errors[0].message).toContain('image-1.png');
  });

  it('drains a file that no resolver reads (invalid operation) instead of hanging', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: 'mutation($f: Upload!){ noSuchField(file:$f) }', variables: { f: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.f'] }));
    form.append('0', new Blob([Buffer.alloc(48 * 1024, 1)]), 'x.png');
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form, signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
